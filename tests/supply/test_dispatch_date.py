"""A draft waybill is dispatched on the day the page gives: today unless the officer records
an earlier day; a day in the future or not a date is refused and nothing leaves."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from sunbula.core.models import User
from sunbula.supply import services
from sunbula.supply.models import StockMovement, Waybill
from sunbula.supply.services import LineInput
from tests.conftest import World, client_for
from tests.supply.conftest import D, Stock

pytestmark = pytest.mark.django_db


def _draft(world: World, stock: Stock, admin: User) -> Waybill:
    return services.waybill_create(
        actor=admin,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(10))],
    )


def test_the_dispatch_is_dated_as_the_officer_records_it(
    world: World, stock: Stock, admin: User, officer_afg: User
) -> None:
    waybill = _draft(world, stock, admin)
    client = client_for(officer_afg)
    page = client.get(f"/en/supply/waybills/{waybill.pk}/").content.decode()
    assert 'for="dispatch_dispatched_on"' in page
    assert f'value="{timezone.localdate().isoformat()}"' in page
    answer = client.post(
        f"/en/supply/waybills/{waybill.pk}/dispatch/", {"dispatched_on": "2023-05-25"}
    )
    assert answer.status_code == 302
    waybill.refresh_from_db()
    assert (waybill.status, waybill.dispatched_on) == ("dispatched", D(2023, 5, 25))


def test_a_dispatch_without_a_day_leaves_today(
    world: World, stock: Stock, admin: User, officer_afg: User
) -> None:
    waybill = _draft(world, stock, admin)
    assert (
        client_for(officer_afg).post(f"/en/supply/waybills/{waybill.pk}/dispatch/").status_code
        == 302
    )
    waybill.refresh_from_db()
    assert waybill.dispatched_on == timezone.localdate()


@pytest.mark.parametrize(
    ("day", "message"),
    [("2099-01-01", "A dispatch cannot be dated in the future."), ("25/05", "Enter a valid date.")],
)
def test_a_dispatch_dated_in_the_future_or_not_a_date_is_refused(
    world: World, stock: Stock, admin: User, officer_afg: User, day: str, message: str
) -> None:
    waybill = _draft(world, stock, admin)
    movements = StockMovement.objects.count()
    answer = client_for(officer_afg).post(
        f"/en/supply/waybills/{waybill.pk}/dispatch/", {"dispatched_on": day}
    )
    assert answer.status_code == 422
    assert message in answer.content.decode()
    waybill.refresh_from_db()
    assert waybill.status == "draft"
    assert StockMovement.objects.count() == movements
