"""A truck carries several lots: the waybill page takes a line for each, blank lines left
out, and a draft's lines are corrected, removed or added to from its edit page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.supply.forms import BLANK_LINES
from sunbula.supply.models import Lot, Waybill
from tests.conftest import World, client_for
from tests.supply.conftest import Stock, waybill_form

pytestmark = pytest.mark.django_db


def _lines(waybill: Waybill) -> list[tuple[str, Decimal, int]]:
    return [
        (line.lot.reference, line.quantity, line.packages)
        for line in waybill.lines.select_related("lot").order_by("pk")
    ]


def test_a_waybill_of_two_lots_is_drafted_and_corrected_from_its_pages(
    world: World, stock: Stock, second_lot: Lot, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    new = client.get("/en/supply/waybills/new/").content.decode()
    assert f'name="lines-{BLANK_LINES - 1}-lot"' in new
    assert f'name="lines-{BLANK_LINES}-lot"' not in new
    header = {"origin": world.kabul_warehouse.pk, "destination": stock.herat_centre.pk}
    form = waybill_form(
        (stock.kabul_lot, "300", "6"), ("", "", "0"), (second_lot, "200", "4"), **header
    )
    made = client.post("/en/supply/waybills/new/", form)
    assert made.status_code == 302
    waybill = Waybill.objects.get()
    assert made["Location"] == waybill.get_absolute_url()
    assert _lines(waybill) == [("LOT-KBL-1", Decimal(300), 6), ("LOT-KBL-2", Decimal(200), 4)]
    page = client.get(waybill.get_absolute_url()).content.decode()
    assert "LOT-KBL-1" in page and "LOT-KBL-2" in page

    edit = f"/en/supply/waybills/{waybill.pk}/edit/"
    shown = client.get(edit)
    assert shown.status_code == 200
    rows = shown.context["form"].lines
    assert [row.initial for row in rows.forms[:2]] == [
        {"lot": stock.kabul_lot.pk, "quantity": Decimal(300), "packages": 6},
        {"lot": second_lot.pk, "quantity": Decimal(200), "packages": 4},
    ]
    assert len(rows.forms) == 2 + BLANK_LINES
    corrected = waybill_form(
        (stock.kabul_lot, "300", "6"),
        (second_lot, "250", "5"),
        (stock.kabul_lot, "100", "2"),
        **header,
    )
    corrected |= {"lines-INITIAL_FORMS": "2", "lines-0-DELETE": "on"}
    assert client.post(edit, corrected).status_code == 302
    assert _lines(waybill) == [("LOT-KBL-2", Decimal(250), 5), ("LOT-KBL-1", Decimal(100), 2)]
    entry = AuditEntry.objects.filter(action="supply.waybill.updated").get()
    assert entry.before and entry.after
    assert [Decimal(line["quantity"]) for line in entry.before["lines"]] == [300, 200]
    assert [Decimal(line["quantity"]) for line in entry.after["lines"]] == [250, 100]


def test_two_lines_of_one_lot_are_held_to_its_stock_together(
    world: World, stock: Stock, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    header = {"origin": world.kabul_warehouse.pk, "destination": stock.herat_centre.pk}
    form = waybill_form((stock.kabul_lot, "600", "12"), (stock.kabul_lot, "500", "10"), **header)
    for language, says in (
        ("en", "Line 2: Only"),
        ("fr", "Ligne 2"),
        ("ar", "السطر 2"),
    ):
        refused = client.post(f"/{language}/supply/waybills/new/", form)
        assert refused.status_code == 422
        assert says in refused.content.decode(), language
    assert not Waybill.objects.exists()
