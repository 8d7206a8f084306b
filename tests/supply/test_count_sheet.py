"""A stock count covers the lots at a site: the count page opened for a site lists a line for
each lot on hand there, and the lines left blank are not counted; a site's lots on hand lead
to its count and to a waybill from it, for those who keep its stock."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from sunbula.core.models import User
from sunbula.supply.forms import BLANK_LINES
from sunbula.supply.models import Lot, StockCount
from tests.conftest import World, client_for
from tests.supply.conftest import Stock, count_form

pytestmark = pytest.mark.django_db


def _chosen(page: str, row: int) -> str:
    """The lot a count line has chosen, by its option's value ('' for none)."""
    select = re.search(rf'<select name="lines-{row}-lot".*?</select>', page, re.S)
    assert select, row
    chosen = re.search(r'<option value="(\d*)"[^>]*selected', select[0])
    return chosen[1] if chosen else ""


def test_the_count_of_a_site_lists_its_lots_and_counts_those_given(
    world: World, stock: Stock, second_lot: Lot, officer_afg: User, admin: User
) -> None:
    client = client_for(officer_afg)
    kabul = world.kabul_warehouse
    anywhere = client.get("/en/supply/counts/new/").content.decode()
    assert f'<a href="?site={kabul.pk}">Kabul warehouse</a>' in anywhere
    assert _chosen(anywhere, 0) == ""
    page = client.get(f"/en/supply/counts/new/?site={kabul.pk}").content.decode()
    assert f'<a href="?site={kabul.pk}">' not in page
    lots = [_chosen(page, row) for row in range(2 + BLANK_LINES)]
    assert lots == [str(stock.kabul_lot.pk), str(second_lot.pk)] + [""] * BLANK_LINES
    assert f'name="lines-{2 + BLANK_LINES}-lot"' not in page

    header = {"site": kabul.pk, "counted_on": "2023-09-30", "reason": "Quarterly count"}
    sheet = count_form((stock.kabul_lot, "990"), (second_lot, ""), ("", ""), **header)
    made = client.post(f"/en/supply/counts/new/?site={kabul.pk}", sheet)
    assert made.status_code == 302
    count = StockCount.objects.get()
    assert [
        (line.lot, line.book_quantity, line.counted_quantity) for line in count.lines.all()
    ] == [(stock.kabul_lot, Decimal(1000), Decimal(990))]
    # Sent for another site, the lines the page chose for Kabul and left blank are not
    # refused as lots that site lacks: only a line with a quantity counts.
    elsewhere = count_form(
        (stock.kabul_lot, ""),
        (second_lot, ""),
        (stock.almaty_lot, "500"),
        **{**header, "site": world.almaty_warehouse.pk},
    )
    assert client_for(admin).post("/en/supply/counts/new/", elsewhere).status_code == 302
    latest = StockCount.objects.latest("pk")
    assert [line.lot for line in latest.lines.all()] == [stock.almaty_lot]


def test_a_sites_lots_on_hand_lead_to_its_count_and_its_waybills(
    world: World, stock: Stock, officer_afg: User, officer_kaz: User
) -> None:
    kabul = world.kabul_warehouse.pk
    page = client_for(officer_afg).get(f"/en/supply/balances/?site={kabul}").content.decode()
    assert f'href="/en/supply/counts/new/?site={kabul}"' in page
    assert f'href="/en/supply/waybills/new/?origin={kabul}"' in page
    everywhere = client_for(officer_afg).get("/en/supply/balances/").content.decode()
    assert "/en/supply/counts/new/?site=" not in everywhere
    almaty = world.almaty_warehouse.pk
    elsewhere = client_for(officer_afg).get(f"/en/supply/balances/?site={almaty}")
    assert "/en/supply/counts/new/?site=" not in elsewhere.content.decode()
    own = client_for(officer_kaz).get(f"/en/supply/balances/?site={almaty}").content.decode()
    assert f'href="/en/supply/counts/new/?site={almaty}"' in own
