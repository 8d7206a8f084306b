"""The losses page names every row of its breakdowns: cause and stage in the reader's
language, the route from one site to the other, the transporter."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from sunbula.core.models import User
from sunbula.supply import services
from sunbula.supply.services import LineInput, ReceivedLine
from tests.conftest import World, client_for
from tests.supply.conftest import D, Stock

pytestmark = pytest.mark.django_db


def test_every_breakdown_row_has_a_name(world: World, stock: Stock, officer_afg: User) -> None:
    waybill = services.waybill_create(
        actor=officer_afg,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(500), packages=10)],
        number="WB-L1",
    )
    services.waybill_dispatch(actor=officer_afg, waybill=waybill, dispatched_on=D(2023, 6, 1))
    services.waybill_receive(
        actor=officer_afg,
        waybill=waybill,
        received_on=D(2023, 6, 3),
        lines=[ReceivedLine(waybill.lines.get(), Decimal(495), "theft", "before_custody")],
    )
    page = client_for(officer_afg).get("/en/supply/losses/").content.decode()
    assert "Theft" in page and "Before custody passed to the receiving partner" in page
    assert "Kabul" in page and "→" in page
    assert not re.search(r"<tr><td></td>", page), "a breakdown row without its name"
    arabic = client_for(officer_afg).get("/ar/supply/losses/").content.decode()
    assert "سرقة" in arabic
