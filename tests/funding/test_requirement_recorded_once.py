"""A funding requirement is recorded once for its country, appeal, programme, project and
year: a second one for the same thing is refused with why, from the page, the API and the
service, and nothing is written, so an appeal's coverage counts its money once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sunbula.core.models import User
from sunbula.funding import services
from sunbula.funding.models import Appeal, FundingRequirement
from tests.conftest import World, client_for
from tests.funding.conftest import Money

pytestmark = pytest.mark.django_db
TWICE = (
    "A requirement for this country, appeal, programme, project and year is already "
    "recorded; change that one instead."
)


@pytest.fixture
def appeal(world: World) -> Appeal:
    return services.appeal_create(
        actor=None, code="HRP-AFG-2025", name="Response plan 2025", country=world.afghanistan
    )


def test_the_same_requirement_entered_twice_on_the_page_is_refused(
    officer_afg: User, world: World, money: Money, appeal: Appeal
) -> None:
    client = client_for(officer_afg)
    form = {
        "country": world.afghanistan.pk,
        "appeal": appeal.pk,
        "programme": money.herat.programme_id,
        "project": money.herat.pk,
        "year": 2025,
        "amount_usd": "2500000",
    }
    assert client.post("/en/funding/requirements/new/", form).status_code == 302
    again = client.post("/en/funding/requirements/new/", form)
    assert again.status_code == 422
    assert TWICE in again.content.decode()
    assert FundingRequirement.objects.count() == 1
    coverage = client.get(appeal.get_absolute_url()).content.decode()
    assert "2,500,000.00" in coverage and "5,000,000.00" not in coverage


def test_a_project_without_its_programme_named_is_the_same_requirement(
    world: World, money: Money, appeal: Appeal
) -> None:
    services.requirement_create(
        actor=None, country=world.afghanistan, project=money.herat, year=2025, amount_usd=Decimal(1)
    )
    with pytest.raises(ValidationError) as refused:
        services.requirement_create(
            actor=None,
            country=world.afghanistan,
            programme=money.herat.programme,
            project=money.herat,
            year=2025,
            amount_usd=Decimal(2),
        )
    assert refused.value.message_dict == {"year": [TWICE]}
    assert FundingRequirement.objects.count() == 1


def test_requirements_differing_in_one_part_stand_side_by_side(
    world: World, money: Money, appeal: Appeal
) -> None:
    country, year = world.afghanistan, 2025
    services.requirement_create(actor=None, country=country, year=year, amount_usd=Decimal(1))
    services.requirement_create(
        actor=None, country=country, appeal=appeal, year=year, amount_usd=Decimal(1)
    )
    services.requirement_create(
        actor=None, country=country, project=money.herat, year=year, amount_usd=Decimal(1)
    )
    services.requirement_create(actor=None, country=country, year=2026, amount_usd=Decimal(1))
    # Without an appeal, a programme or a project, twice is still twice.
    with pytest.raises(ValidationError) as refused:
        services.requirement_create(actor=None, country=country, year=year, amount_usd=Decimal(9))
    assert "year" in refused.value.message_dict
    assert FundingRequirement.objects.count() == 4


def test_a_requirement_changed_into_another_is_refused(world: World, appeal: Appeal) -> None:
    country = world.afghanistan
    services.requirement_create(
        actor=None, country=country, appeal=appeal, year=2025, amount_usd=Decimal(1)
    )
    other = services.requirement_create(
        actor=None, country=country, year=2025, amount_usd=Decimal(2)
    )
    with pytest.raises(ValidationError) as refused:
        services.requirement_update(actor=None, requirement=other, appeal=appeal)
    assert "year" in refused.value.message_dict
    other.refresh_from_db()
    assert other.appeal is None
    # Its own amount changes as before.
    services.requirement_update(actor=None, requirement=other, amount_usd=Decimal(3))


def test_the_api_refuses_the_second_on_its_field(officer_afg: User, appeal: Appeal) -> None:
    client = client_for(officer_afg)
    body = {"country": "AFG", "appeal": appeal.pk, "year": 2025, "amount_usd": "100.00"}
    url = "/api/v1/funding/requirements/"
    assert client.post(url, body, content_type="application/json").status_code == 201
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 400
    assert again.json() == {"year": [TWICE]}
    assert FundingRequirement.objects.count() == 1


def test_the_database_keeps_one_even_when_the_service_is_bypassed(world: World) -> None:
    """Two clerks saving at once pass the service's check together; the database keeps
    one, empty appeal, programme and project included."""
    row = {"country": world.afghanistan, "year": 2025, "amount_usd": Decimal(1)}
    FundingRequirement.objects.create(**row)
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingRequirement.objects.create(**row)
    assert FundingRequirement.objects.count() == 1
