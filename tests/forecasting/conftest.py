"""Shared set-up of the forecasting tests: waybills with known transit times and losses."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.supply import services
from sunbula.supply.services import LineInput, ReceivedLine
from tests.conftest import World
from tests.supply.conftest import Stock, make_stock

D = datetime.date


@pytest.fixture
def stock(world: World) -> Stock:
    return make_stock(world)


def send(
    world: World,
    stock: Stock,
    *,
    dispatched: datetime.date,
    days: int | None,
    sent: str = "10",
    lost: str = "0",
) -> None:
    """Kabul warehouse to the Herat centre; received `days` later (None: still on the road)."""
    waybill = services.waybill_create(
        actor=None,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(sent))],
    )
    services.waybill_dispatch(actor=None, waybill=waybill, dispatched_on=dispatched)
    if days is None:
        return
    services.waybill_receive(
        actor=None,
        waybill=waybill,
        received_on=dispatched + datetime.timedelta(days=days),
        lines=[
            ReceivedLine(
                waybill.lines.get(),
                Decimal(sent) - Decimal(lost),
                "theft" if Decimal(lost) else "",
                "before_custody" if Decimal(lost) else "",
            )
        ],
    )
