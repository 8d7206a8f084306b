"""A stock card says why stock moved in the reader's language, whoever booked it in
whichever: a receipt, a dispatch and its arrival, a loss on the way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from sunbula.core.models import User
from sunbula.supply import services
from sunbula.supply.models import StockBalance
from sunbula.supply.services import LineInput, ReceivedLine
from tests.conftest import World, client_for
from tests.supply.conftest import D, Stock

pytestmark = pytest.mark.django_db


def _card(client: object, site: object, stock: Stock, language: str) -> str:
    balance = StockBalance.objects.get(site=site, lot=stock.kabul_lot)
    return client.get(f"/{language}/supply/balances/{balance.pk}/").content.decode()  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["ru", "ar", "fr"])
def test_reasons_follow_the_reader_not_the_clerk(
    world: World, stock: Stock, admin: User, language: str
) -> None:
    with translation.override("en"):
        waybill = services.waybill_create(
            actor=admin,
            origin=world.kabul_warehouse,
            destination=stock.herat_centre,
            lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(100))],
        )
        services.waybill_dispatch(actor=admin, waybill=waybill, dispatched_on=D(2023, 6, 1))
        services.waybill_receive(
            actor=admin,
            waybill=waybill,
            received_on=D(2023, 6, 2),
            lines=[ReceivedLine(waybill.lines.get(), Decimal(90), "theft", "before_custody")],
        )
    client = client_for(admin)
    with translation.override(language):
        herat = stock.herat_centre.local_name
        kabul = world.kabul_warehouse.local_name
        said = {
            "received": translation.gettext("Goods received"),
            "dispatched": translation.gettext("Dispatched to %(site)s") % {"site": herat},
            "arrived": translation.gettext("Received from %(site)s") % {"site": kabul},
            "theft": translation.gettext("Theft"),
        }
    assert "Dispatched to" not in said["dispatched"]
    origin = _card(client, world.kabul_warehouse, stock, language)
    assert said["received"] in origin and said["dispatched"] in origin
    assert "Goods received" not in origin and "Dispatched to" not in origin
    destination = _card(client, stock.herat_centre, stock, language)
    assert said["arrived"] in destination and said["theft"] in destination
    assert "Received from" not in destination and "Theft" not in destination


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_distribution_booked_in_arabic_reads_in_the_readers_language(
    world: World, stock: Stock, admin: User, language: str
) -> None:
    with translation.override("ar"):
        movement = services.stock_distribute(
            actor=admin,
            site=world.kabul_warehouse,
            lot=stock.kabul_lot,
            quantity=Decimal(10),
            reference="DIST-AR-1",
            occurred_at=D(2023, 6, 3),
        )
    assert movement.reason == "Distribution"  # kept untranslated, whoever booked it
    card = _card(client_for(admin), world.kabul_warehouse, stock, language)
    with translation.override(language):
        distribution = translation.gettext("Distribution")
    row = card.split("DIST-AR-1", 1)[1].split("</tr>", 1)[0]
    with translation.override("ar"):
        assert translation.gettext("Distribution") not in row
    assert distribution in row
