"""Must show: a household's page links, in the chain, the cycles one of its members is listed
in on their own and the hand-overs to that member, each marked with the member as the
household's members table names them (never by name), as the member's own page links them;
in the same few queries however long the history."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.assistance import neighbours, services
from sunbula.assistance.models import Distribution, RationKind
from sunbula.core.chain import SHOWN
from sunbula.core.models import User
from tests.conftest import Field, World, page_text, ready

pytestmark = pytest.mark.django_db
D = datetime.date
CYCLE = "Herat households, June 2023"


@pytest.fixture
def handed_to_mother(field: Field) -> Distribution:
    """The mother listed on her own (so the rules leave her household out), entitled, and
    ten kilograms handed to her."""
    services.beneficiary_add(actor=None, cycle=field.cycle, person=field.mother)
    entitlement = ready(field.cycle)
    return services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(10),
        distributed_on=D(2023, 6, 5),
    )


def _link(url: str, label: str) -> str:
    return f'<a href="{url}">{label}</a>'


def test_the_household_links_the_cycle_of_a_member_listed_on_her_own(
    field: Field, handed_to_mother: Distribution, admin: User
) -> None:
    member = f"member P-{field.mother.pk}"

    page = page_text(admin, field.household.get_absolute_url())

    cycle = _link(field.cycle.get_absolute_url(), f"{CYCLE} · {member} · Partly distributed")
    handed = _link(handed_to_mother.get_absolute_url(), f"{handed_to_mother.reference} · {member}")
    assert cycle in page and handed in page


def test_her_own_page_links_the_cycle_unmarked(
    field: Field, handed_to_mother: Distribution, admin: User
) -> None:
    page = page_text(admin, field.mother.get_absolute_url())

    assert _link(field.cycle.get_absolute_url(), f"{CYCLE} · Partly distributed") in page
    assert _link(handed_to_mother.get_absolute_url(), handed_to_mother.reference) in page


def test_the_member_is_not_named_to_a_reader_without_clearance(
    field: Field, handed_to_mother: Distribution, officer_afg: User
) -> None:
    page = page_text(officer_afg, field.household.get_absolute_url())

    assert f"{CYCLE} · member P-{field.mother.pk} · Partly distributed" in page
    assert "Fatima" not in page


def test_the_member_is_marked_in_the_readers_language(
    field: Field, handed_to_mother: Distribution, admin: User
) -> None:
    url = field.household.get_absolute_url().replace("/en/", "/fr/", 1)

    page = page_text(admin, url)

    assert f"{handed_to_mother.reference} · membre P-{field.mother.pk}</a>" in page


def test_the_household_listed_itself_is_not_marked(field: Field, admin: User) -> None:
    ready(field.cycle)

    page = page_text(admin, field.household.get_absolute_url())

    assert _link(field.cycle.get_absolute_url(), f"{CYCLE} · Approved") in page
    assert "member P-" not in page


def _own_cycle(field: Field, world: World, number: int) -> None:
    cycle = services.cycle_create(
        actor=None,
        project=field.projects.flour,
        country=world.afghanistan,
        name=f"Herat, round {number}",
        period_start=D(2023, 7, number),
        period_end=D(2023, 7, number + 1),
        ration_kind=RationKind.PER_PERSON_DAY,
    )
    services.beneficiary_add(actor=None, cycle=cycle, person=field.mother)


def test_a_long_history_of_a_member_takes_the_same_queries(
    field: Field, handed_to_mother: Distribution, world: World, admin: User
) -> None:
    neighbours.household_assistance(admin, field.household)  # the reader's scope, read once
    with CaptureQueriesContext(connection) as short:
        neighbours.household_assistance(admin, field.household)
    for number in range(1, SHOWN + 3):
        _own_cycle(field, world, number)

    with CaptureQueriesContext(connection) as long:
        shown = neighbours.household_assistance(admin, field.household)

    assert len(short) == len(long) == 5  # its members, its rows, cycles, statuses, hand-overs
    # The cycles and hand-overs are read by the household's rows' ids, never by a join or a
    # subquery over the persons or the beneficiaries (a scan of the country's at scale).
    for query in long.captured_queries[2:]:
        assert "registry_person" not in query["sql"], query["sql"]
        assert "household_id" not in query["sql"], query["sql"]
    cycles = [link.label for link in shown[0].links]
    assert (
        cycles[0] == f"Herat, round {SHOWN + 2} · member P-{field.mother.pk} · No entitlement yet"
    )
    assert len(cycles) == SHOWN and shown[0].more
