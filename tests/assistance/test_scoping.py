"""Cycles and traces are seen in the user's countries only: 404 outside, 403 without a
role, anonymous callers turned away; the API answers the same."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.core.models import Currency, User
from sunbula.funding import services as funding_services
from tests.conftest import Field, World, client_for

pytestmark = pytest.mark.django_db
D = datetime.date


def _pledge(world: World) -> int:
    pledge = funding_services.pledge_record(
        actor=None,
        reference="FFH-TEST",
        donor=world.kazakhstan_government,
        pledged_on=D(2023, 3, 1),
        currency=_usd(),
        amount=Decimal(20000),
        contribution_type="in_kind",
        commodity="Wheat flour",
        quantity=Decimal(1),
        unit="t",
        country=world.afghanistan,
        budget_year=2023,
    )
    return pledge.pk


def _usd() -> Currency:
    return Currency.objects.get(code="USD")


def test_officers_see_their_countries_only(
    field: Field, world: World, officer_afg: User, officer_kaz: User
) -> None:
    pledge = _pledge(world)
    paths = [
        f"/en/assistance/cycles/{field.cycle.pk}/",
        f"/en/assistance/trace/pledges/{pledge}/",
        f"/en/assistance/trace/lots/{field.late_lot.pk}/",
        f"/api/v1/trace/pledges/{pledge}/",
        f"/api/v1/trace/lots/{field.late_lot.pk}/",
        f"/api/v1/assistance/cycles/{field.cycle.pk}/",
    ]
    afghan, kazakh = client_for(officer_afg), client_for(officer_kaz)
    for path in paths:
        assert afghan.get(path).status_code == 200, path
        assert kazakh.get(path).status_code == 404, path
    assert kazakh.get("/api/v1/assistance/cycles/").json()["count"] == 0
    assert "Herat households" not in kazakh.get("/en/assistance/").content.decode()


def test_no_role_no_page_and_anonymous_turned_away(field: Field, outsider: User) -> None:
    client = client_for(outsider)
    assert client.get("/en/assistance/").status_code == 403
    assert client.get(f"/api/v1/trace/lots/{field.late_lot.pk}/").status_code == 403
    from django.test import Client

    anonymous = Client()
    assert anonymous.get("/en/assistance/").status_code == 302
    assert anonymous.get(f"/api/v1/trace/lots/{field.late_lot.pk}/").status_code in (401, 403)


def test_a_donor_viewer_sees_no_lot_it_did_not_fund_nor_the_lists(
    field: Field, donor_viewer: User
) -> None:
    client = client_for(donor_viewer)
    assert client.get(f"/en/assistance/trace/lots/{field.late_lot.pk}/").status_code == 404
    assert client.get("/en/assistance/").status_code == 403
