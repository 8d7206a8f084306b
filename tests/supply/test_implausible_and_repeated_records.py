"""What cannot be true, or was recorded already, is refused when it is recorded, on its field
and with nothing written: a stock count beyond any store (its approval could never book it),
the same goods-received note received twice against a purchase order, and a waybill line of
more packages than any line carries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sunbula.core.models import AuditEntry, User
from sunbula.supply import selectors, services
from sunbula.supply.models import (
    GoodsReceipt,
    Lot,
    PurchaseOrder,
    StockCount,
    Waybill,
    WaybillLine,
)
from sunbula.supply.services import CountedLine, LineInput
from tests.conftest import World, client_for
from tests.supply.conftest import D, Stock, count_form, waybill_form
from tests.supply.purchases import Cash, make_cash

pytestmark = pytest.mark.django_db
JSON = "application/json"
COUNTS = "/api/v1/supply/stock-counts/"
IMPLAUSIBLE_KG = (
    "A quantity above 1,000,000,000 kg is not plausible; check the figure and the unit."
)
# A million bags of 50 kg: more than any one waybill line carries.
MAX_PACKAGES = 1_000_000
TOO_MANY_PACKAGES = (
    "More than 1,000,000 packages on one line is not plausible; check the number of packages."
)


def _count_page(world: World, stock: Stock, counted: str) -> dict[str, Any]:
    return count_form(
        (stock.kabul_lot, counted),
        site=world.kabul_warehouse.pk,
        counted_on="2023-06-01",
        reason="recount",
    )


def test_a_count_beyond_any_store_is_refused_on_the_page_and_nothing_is_saved(
    world: World, stock: Stock, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    page = client.post("/en/supply/counts/new/", _count_page(world, stock, "99999999999"))
    assert page.status_code == 422
    assert page.context["form"].lines.errors[0] == {"counted_quantity": [IMPLAUSIBLE_KG]}
    assert not StockCount.objects.exists()
    assert "99,999,999,999" not in client.get("/en/supply/counts/").content.decode()


def test_a_count_beyond_any_store_is_refused_by_the_api_on_its_line(
    world: World, stock: Stock, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    body = {
        "site": world.kabul_warehouse.pk,
        "counted_on": "2023-06-01",
        "reason": "recount",
        "lines": [{"lot": stock.kabul_lot.pk, "counted_quantity": "99999999999"}],
    }
    refused = client.post(COUNTS, body, content_type=JSON)
    assert refused.status_code == 400, refused.json()
    assert refused.json() == {"lines": {"0": {"counted_quantity": [IMPLAUSIBLE_KG]}}}
    assert client.get(COUNTS).json()["count"] == 0


def test_the_count_service_refuses_the_implausible_line_by_its_number(
    world: World, stock: Stock, officer_afg: User
) -> None:
    lines = [
        CountedLine(stock.kabul_lot, Decimal(990)),
        CountedLine(stock.kabul_lot, Decimal("99999999999")),
    ]
    with pytest.raises(ValidationError) as refused:
        services.stock_count_record(
            actor=officer_afg,
            site=world.kabul_warehouse,
            counted_on=D(2023, 6, 1),
            reason="recount",
            lines=lines,
        )
    assert refused.value.message_dict == {"lines": [f"Line 2: {IMPLAUSIBLE_KG}"]}
    assert not StockCount.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="supply.stockcount").exists()


def test_a_count_at_the_bound_is_recorded_and_can_be_approved(
    world: World, stock: Stock, officer_afg: User, admin: User
) -> None:
    count = services.stock_count_record(
        actor=officer_afg,
        site=world.kabul_warehouse,
        counted_on=D(2023, 6, 1),
        reason="recount",
        lines=[CountedLine(stock.kabul_lot, Decimal(10**9))],
    )
    services.stock_count_approve(actor=admin, count=count)
    count.refresh_from_db()
    assert count.status == StockCount.Status.APPROVED


@pytest.fixture
def cash(world: World) -> Cash:
    return make_cash(world)


def _placed_order(cash: Cash, actor: User) -> PurchaseOrder:
    """Five tonnes of seed ordered on the payment, placed with the supplier."""
    order = services.purchase_order_create(
        actor=actor,
        supplier=cash.supplier,
        payment=cash.payment,
        commodity=cash.seed,
        quantity=Decimal(5),
        unit="t",
        unit_price=Decimal(600),
        currency=cash.usd,
        ordered_on=D(2024, 4, 1),
    )
    return services.purchase_order_place(actor=actor, order=order)


def _already(reference: str) -> str:
    return (
        f"Goods-received note {reference} is already recorded against this order; each "
        "delivery is received once."
    )


def test_the_same_goods_received_note_is_received_once_on_the_page(
    cash: Cash, world: World, officer_afg: User
) -> None:
    order = _placed_order(cash, officer_afg)
    client = client_for(officer_afg)
    url = f"/en/supply/purchases/{order.pk}/receive/"
    note = {
        "site": world.kabul_warehouse.pk,
        "quantity": "2",
        "received_on": "2024-04-20",
        "reference": "GRN-T1",
        "batch": "B-T1",
        "expires_on": "",
    }
    assert client.post(url, note).status_code == 302
    again = client.post(url, note)
    assert again.status_code == 422
    assert again.context["form"].errors == {"reference": [_already("GRN-T1")]}
    assert GoodsReceipt.objects.filter(order=order).count() == 1
    assert Lot.objects.filter(payment=cash.payment).count() == 1
    assert selectors.received_so_far(order) == Decimal(2)
    # Another delivery, with a note of its own, is received as before.
    assert client.post(url, {**note, "reference": "GRN-T2", "quantity": "3"}).status_code == 302
    order.refresh_from_db()
    assert order.status == PurchaseOrder.Status.RECEIVED
    assert list(order.receipts.order_by("pk").values_list("reference", flat=True)) == [
        "GRN-T1",
        "GRN-T2",
    ]


def test_the_same_goods_received_note_is_received_once_through_the_api(
    cash: Cash, world: World, officer_afg: User
) -> None:
    order = _placed_order(cash, officer_afg)
    client = client_for(officer_afg)
    url = f"/api/v1/supply/purchases/{order.pk}/receive/"
    note = {
        "site": world.kabul_warehouse.pk,
        "quantity": "2",
        "received_on": "2024-04-20",
        "reference": "GRN-API",
    }
    assert client.post(url, note, content_type=JSON).status_code == 201
    # The same note written otherwise (case, spaces) is the same delivery.
    again = client.post(url, {**note, "reference": " grn-api "}, content_type=JSON)
    assert again.status_code == 400, again.json()
    assert again.json() == {"reference": [_already("grn-api")]}
    assert GoodsReceipt.objects.filter(order=order).count() == 1
    received = AuditEntry.objects.filter(action="supply.goodsreceipt.created").count()
    assert received == 1
    second = client.post(url, {**note, "reference": "GRN-API-2"}, content_type=JSON)
    assert second.status_code == 201, second.json()
    assert selectors.received_so_far(order) == Decimal(4)


def test_the_same_note_on_another_order_is_not_refused(
    cash: Cash, world: World, officer_afg: User
) -> None:
    """A reference is the supplier's or the store's: two orders may arrive on notes that
    happen to share one."""
    first = _placed_order(cash, officer_afg)
    services.goods_receive(
        actor=officer_afg,
        order=first,
        site=world.kabul_warehouse,
        quantity=Decimal(1),
        received_on=D(2024, 4, 20),
        reference="GRN-1",
    )
    second = services.purchase_order_create(
        actor=officer_afg,
        supplier=cash.supplier,
        payment=cash.payment,
        commodity=cash.seed,
        quantity=Decimal(1),
        unit="t",
        unit_price=Decimal(600),
        currency=cash.usd,
        ordered_on=D(2024, 4, 1),
    )
    services.purchase_order_place(actor=officer_afg, order=second)
    services.goods_receive(
        actor=officer_afg,
        order=second,
        site=world.kabul_warehouse,
        quantity=Decimal(1),
        received_on=D(2024, 4, 20),
        reference="GRN-1",
    )
    assert GoodsReceipt.objects.filter(reference="GRN-1").count() == 2


def _waybill_page(world: World, stock: Stock, packages: str) -> dict[str, Any]:
    return waybill_form(
        (stock.kabul_lot, "1000", packages),
        origin=world.kabul_warehouse.pk,
        destination=stock.herat_centre.pk,
    )


def test_a_waybill_line_of_implausibly_many_packages_is_refused_on_the_page(
    world: World, stock: Stock, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    page = client.post("/en/supply/waybills/new/", _waybill_page(world, stock, "99999999999"))
    assert page.status_code == 422
    assert page.context["form"].lines.errors == [{"packages": [TOO_MANY_PACKAGES]}]
    assert not Waybill.objects.exists()
    made = client.post("/en/supply/waybills/new/", _waybill_page(world, stock, "20"))
    assert made.status_code == 302
    draft = Waybill.objects.get()
    edited = client.post(
        f"/en/supply/waybills/{draft.pk}/edit/",
        {**_waybill_page(world, stock, str(MAX_PACKAGES + 1)), "vehicle": "", "transporter": ""},
    )
    assert edited.status_code == 422
    assert edited.context["form"].lines.errors == [{"packages": [TOO_MANY_PACKAGES]}]
    assert WaybillLine.objects.get().packages == 20


def test_a_waybill_line_of_implausibly_many_packages_is_refused_by_the_api(
    world: World, stock: Stock, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    body = {
        "origin": world.kabul_warehouse.pk,
        "destination": stock.herat_centre.pk,
        "lines": [{"lot": stock.kabul_lot.pk, "quantity": "1000", "packages": 99999999999}],
    }
    refused = client.post("/api/v1/supply/waybills/", body, content_type=JSON)
    assert refused.status_code == 400, refused.json()
    assert refused.json() == {"lines": {"0": {"packages": [TOO_MANY_PACKAGES]}}}
    assert not Waybill.objects.exists()


def test_the_waybill_service_and_model_refuse_implausibly_many_packages(
    world: World, stock: Stock, officer_afg: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.waybill_create(
            actor=officer_afg,
            origin=world.kabul_warehouse,
            destination=stock.herat_centre,
            lines=[LineInput(stock.kabul_lot, Decimal(1000), MAX_PACKAGES + 1)],
        )
    assert refused.value.message_dict == {"packages": [f"Line 1: {TOO_MANY_PACKAGES}"]}
    assert not Waybill.objects.exists()
    waybill = services.waybill_create(
        actor=officer_afg,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        lines=[LineInput(stock.kabul_lot, Decimal(1000), MAX_PACKAGES)],
    )
    line = waybill.lines.get()
    line.full_clean()
    line.packages = MAX_PACKAGES + 1
    with pytest.raises(ValidationError) as invalid:
        line.full_clean()
    assert invalid.value.message_dict == {"packages": [TOO_MANY_PACKAGES]}
