"""What the assistance domain reads before it distributes: lots at a site, first expiring first."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.core.models import User
from sunbula.supply import selectors, services
from tests.conftest import World
from tests.supply.conftest import D, Stock

pytestmark = pytest.mark.django_db


def test_lots_come_first_expiring_first_and_only_in_scope(
    world: World, stock: Stock, officer_afg: User, officer_kaz: User
) -> None:
    early = services.lot_receive(
        actor=None,
        site=world.kabul_warehouse,
        commodity=stock.flour,
        quantity=Decimal(10),
        received_on=D(2023, 6, 1),
        reference="GRN-2",
        lot_reference="LOT-EARLY",
        expires_on=datetime.date(2023, 12, 1),
    )
    balances = selectors.balances_first_expiring(
        user=officer_afg, site_id=world.kabul_warehouse.pk, commodity_id=stock.flour.pk
    )
    assert [balance.lot.reference for balance in balances] == ["LOT-EARLY", "LOT-KBL-1"]
    services.stock_distribute(
        actor=officer_afg,
        site=world.kabul_warehouse,
        lot=early,
        quantity=Decimal(10),
        reference="D",
    )
    balances = selectors.balances_first_expiring(
        user=officer_afg, site_id=world.kabul_warehouse.pk, commodity_id=stock.flour.pk
    )
    assert [balance.lot.reference for balance in balances] == ["LOT-KBL-1"]
    assert not selectors.balances_first_expiring(
        user=officer_kaz, site_id=world.kabul_warehouse.pk, commodity_id=stock.flour.pk
    ).exists()
