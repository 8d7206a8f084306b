"""The waybill list is narrowed as a logistics officer looks for one: by number, vehicle or
site, by status, and by a site it left or reached; a site of another country is refused."""

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


def _numbers(html: str) -> set[str]:
    return {number for number in ("WB-AFG-1", "WB-AFG-2") if f">{number}</a>" in html}


def test_waybills_are_found_by_number_status_and_site(
    pages: Pages, officer_afg: User, stock: Stock, world: World
) -> None:
    client = client_for(officer_afg)
    assert _numbers(client.get("/en/supply/waybills/").content.decode()) == {
        "WB-AFG-1",
        "WB-AFG-2",
    }
    assert _numbers(client.get("/en/supply/waybills/?q=afg-2").content.decode()) == {"WB-AFG-2"}
    received = client.get("/en/supply/waybills/?status=received").content.decode()
    assert _numbers(received) == {"WB-AFG-1"}
    assert _numbers(client.get("/en/supply/waybills/?q=Herat").content.decode()) == {
        "WB-AFG-1",
        "WB-AFG-2",
    }
    to_herat = client.get(f"/en/supply/waybills/?site={stock.herat_centre.pk}&status=draft")
    assert _numbers(to_herat.content.decode()) == {"WB-AFG-2"}
    nothing = client.get("/en/supply/waybills/?q=no-such-waybill").content.decode()
    assert "No waybill matches." in nothing
    # The download holds what the page lists.
    response = client.get("/en/supply/waybills/?status=draft&format=csv")
    download = b"".join(response.streaming_content).decode()
    assert "WB-AFG-2" in download and "WB-AFG-1" not in download


def test_a_site_out_of_scope_is_refused_as_a_missing_one(
    pages: Pages, officer_afg: User, world: World
) -> None:
    client = client_for(officer_afg)
    page = client.get("/en/supply/waybills/").content.decode()
    assert world.kabul_warehouse.name in page and world.almaty_warehouse.name not in page
    outside = client.get(f"/en/supply/waybills/?site={world.almaty_warehouse.pk}")
    missing = client.get("/en/supply/waybills/?site=999999")
    assert outside.status_code == missing.status_code == 400
    assert _numbers(outside.content.decode()) == set()
