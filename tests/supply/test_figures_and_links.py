"""Stock pages give quantities in the reader's number format with their unit; a lot's page
leads to each of its stock cards and to the sites that hold it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.core.figures import date_text, quantity_text
from sunbula.core.models import User
from sunbula.supply import services
from sunbula.supply.models import StockBalance
from sunbula.supply.services import LineInput, ReceivedLine
from tests.conftest import World, client_for
from tests.supply.conftest import D, Stock

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "ru", "ar"])
def test_stock_waybill_and_site_figures_are_formatted_with_their_unit(
    world: World, stock: Stock, admin: User, language: str
) -> None:
    services.waybill_create(
        actor=admin,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal("999.5"))],
    )
    client = client_for(admin)
    expected = {
        "supply/": quantity_text(Decimal(1000), "kg", lang=language),
        "supply/waybills/": quantity_text(Decimal("999.5"), "kg", lang=language),
        "supply/sites/": quantity_text(Decimal(100000), "kg", lang=language),
    }
    for path, figure in expected.items():
        page = client.get(f"/{language}/{path}").content.decode()
        assert figure in page, (path, figure)
    assert "1000.000" not in client.get(f"/{language}/supply/").content.decode()
    assert "100000.000" not in client.get(f"/{language}/supply/sites/").content.decode()


def test_a_lot_page_leads_to_every_stock_card_and_site_of_the_lot(
    world: World, stock: Stock, admin: User
) -> None:
    waybill = services.waybill_create(
        actor=admin,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(1000))],
    )
    services.waybill_dispatch(actor=admin, waybill=waybill, dispatched_on=D(2023, 6, 1))
    services.waybill_receive(
        actor=admin,
        waybill=waybill,
        received_on=D(2023, 6, 2),
        lines=[ReceivedLine(waybill.lines.get(), Decimal(1000))],
    )
    page = client_for(admin).get(f"/en/supply/lots/{stock.kabul_lot.pk}/").content.decode()
    for balance in StockBalance.objects.filter(lot=stock.kabul_lot):
        assert f'href="/en/supply/balances/{balance.pk}/"' in page, balance.site
        assert f'href="{balance.site.get_absolute_url()}"' in page, balance.site
    # Kabul sent all it had: its card stays within reach, and it received the lot first.
    assert StockBalance.objects.get(site=world.kabul_warehouse, lot=stock.kabul_lot).quantity == 0
    assert f'<a href="{world.kabul_warehouse.get_absolute_url()}">Kabul warehouse</a>' in page


@pytest.mark.parametrize("language", ["en", "ru"])
def test_waybill_pages_give_their_dates_in_the_readers_format(
    world: World, stock: Stock, admin: User, language: str
) -> None:
    waybill = services.waybill_create(
        actor=admin,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(1000))],
    )
    services.waybill_dispatch(actor=admin, waybill=waybill, dispatched_on=D(2023, 6, 1))
    services.waybill_receive(
        actor=admin,
        waybill=waybill,
        received_on=D(2023, 6, 2),
        lines=[ReceivedLine(waybill.lines.get(), Decimal(1000))],
    )
    dispatched = f"<bdi>{date_text(D(2023, 6, 1), lang=language)}</bdi>"
    received = f"<bdi>{date_text(D(2023, 6, 2), lang=language)}</bdi>"
    client = client_for(admin)
    expected = {
        f"supply/waybills/{waybill.pk}/": (dispatched, received),
        "supply/waybills/": (dispatched,),
        f"supply/waybills/{waybill.pk}/print/": (dispatched,),
        f"supply/waybills/{waybill.pk}/grn/": (received,),
    }
    for path, dates in expected.items():
        page = client.get(f"/{language}/{path}").content.decode()
        for figure in dates:
            assert figure in page, (path, figure)
        assert "2023-06-0" not in page and "June 1, 2023" not in page, path
