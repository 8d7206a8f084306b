"""Must show: a household's, a person's and an institution's pages link, in the chain, the
cycles they are listed in with where their entitlements stand and their latest hand-overs;
only what the reader may open, never more than a few, in the same few queries however long
the record's history."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.assistance import services
from sunbula.assistance.models import Distribution, RationKind
from sunbula.core.chain import SHOWN
from sunbula.core.models import Role, User
from sunbula.registry.models import Household
from tests.conftest import Field, World, client_for, make_persona, page_text, ready

pytestmark = pytest.mark.django_db
D = datetime.date
CYCLE = "Herat households, June 2023"


@pytest.fixture
def handed(field: Field) -> Distribution:
    """The household and the treatment centre listed and entitled; ten of the household's
    fifty kilograms handed over."""
    services.beneficiary_add(actor=None, cycle=field.cycle, institution=field.institution)
    ready(field.cycle)
    return services.distribution_record(
        actor=None,
        entitlement=field.cycle.entitlements.get(beneficiary__household=field.household),
        site=field.centre,
        quantity=Decimal(10),
        distributed_on=D(2023, 6, 5),
    )


def _link(url: str, label: str) -> str:
    return f'<a href="{url}">{label}</a>'


def test_the_household_links_its_cycle_its_entitlements_status_and_its_hand_over(
    field: Field, handed: Distribution, admin: User
) -> None:
    page = page_text(admin, field.household.get_absolute_url())

    assert _link(field.cycle.get_absolute_url(), f"{CYCLE} · Partly distributed") in page
    assert _link(handed.get_absolute_url(), handed.reference) in page


def test_a_member_of_the_household_links_what_she_received_with_it(
    field: Field, handed: Distribution, admin: User
) -> None:
    page = page_text(admin, field.mother.get_absolute_url())

    assert _link(field.cycle.get_absolute_url(), f"{CYCLE} · Partly distributed") in page
    assert _link(handed.get_absolute_url(), handed.reference) in page


def test_the_institution_links_the_cycle_that_serves_it(
    field: Field, handed: Distribution, admin: User
) -> None:
    page = page_text(admin, field.institution.get_absolute_url())

    assert _link(field.cycle.get_absolute_url(), f"{CYCLE} · Approved") in page
    assert handed.reference not in page  # handed to the household, not to the centre


def test_a_reader_of_institutions_without_assistance_sees_no_cycle(
    field: Field, handed: Distribution, world: World
) -> None:
    focal_point = make_persona(
        "focal.afg@example.org", Role.COUNTRY_FOCAL_POINT, world.iofs, [world.afghanistan]
    )

    page = page_text(focal_point, field.institution.get_absolute_url())

    assert "Headcounts" in page
    assert field.cycle.get_absolute_url() not in page


def test_the_names_stay_masked_in_the_chain(
    field: Field, handed: Distribution, officer_afg: User
) -> None:
    page = page_text(officer_afg, field.household.get_absolute_url())

    assert _link(handed.get_absolute_url(), handed.reference) in page
    assert "Fatima" not in page


def _queries(user: User, url: str) -> int:
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _another_cycle(field: Field, world: World, number: int, household: Household) -> None:
    cycle = services.cycle_create(
        actor=None,
        project=field.projects.flour,
        country=world.afghanistan,
        name=f"Herat, round {number}",
        period_start=D(2023, 7, number),
        period_end=D(2023, 7, number + 1),
        ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
    )
    services.beneficiary_add(actor=None, cycle=cycle, household=household)


def test_a_long_history_shows_the_latest_few_in_the_same_queries(
    field: Field, handed: Distribution, world: World, admin: User
) -> None:
    urls = [
        field.household.get_absolute_url(),
        field.mother.get_absolute_url(),
        field.institution.get_absolute_url(),
    ]
    before = [_queries(admin, url) for url in urls]
    for number in range(1, SHOWN + 3):
        _another_cycle(field, world, number, field.household)

    assert [_queries(admin, url) for url in urls] == before
    page = page_text(admin, field.household.get_absolute_url())
    latest = f"Herat, round {SHOWN + 2} · No entitlement yet"
    assert latest in page
    assert CYCLE not in page  # the oldest, beyond the few shown
    assert page.count("· No entitlement yet</a>") == SHOWN
