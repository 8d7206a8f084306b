"""A site's page leads to what it holds and what moved through it: the lots on hand there and
the waybills that left or reached it, each only for whoever sees stock in its country."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from tests.conftest import World, client_for
from tests.supply.conftest import Stock
from tests.supply.pages import Pages, make_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(world: World, stock: Stock, admin: User) -> Pages:
    return make_pages(world, stock, admin)


def test_a_warehouse_page_links_its_lots_and_waybills(
    pages: Pages, stock: Stock, world: World, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    warehouse = client.get(world.kabul_warehouse.get_absolute_url()).content.decode()
    assert "In the chain" in warehouse
    assert f'href="{stock.kabul_lot.get_absolute_url()}"' in warehouse
    assert f'href="{pages.waybill.get_absolute_url()}"' in warehouse
    assert f'href="{pages.draft.get_absolute_url()}"' in warehouse
    # The treatment centre received the first waybill's goods and holds them now.
    centre = client.get(stock.herat_centre.get_absolute_url()).content.decode()
    assert f'href="{stock.kabul_lot.get_absolute_url()}"' in centre
    assert f'href="{pages.waybill.get_absolute_url()}"' in centre


def test_a_site_page_links_nothing_the_reader_may_not_see(
    pages: Pages, stock: Stock, world: World, officer_kaz: User
) -> None:
    page = client_for(officer_kaz).get(world.almaty_warehouse.get_absolute_url()).content.decode()
    assert f'href="{stock.almaty_lot.get_absolute_url()}"' in page
    assert "LOT-KBL-1" not in page and "WB-AFG-1" not in page
