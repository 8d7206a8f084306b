"""A waybill from draft to closed: the goods-received note books losses with cause and stage,
losses above 2 % wait for someone else's approval, and bad input is refused whole."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sunbula.core.models import User
from sunbula.supply import services
from sunbula.supply.models import StockBalance, StockMovement, Waybill
from sunbula.supply.services import ApprovalError, LineInput, ReceivedLine, WaybillStateError
from tests.conftest import World, client_for
from tests.supply.conftest import D, Stock, count_form, waybill_form

pytestmark = pytest.mark.django_db


def _sent(world: World, stock: Stock, actor: User, quantity: str = "500") -> Waybill:
    waybill = services.waybill_create(
        actor=actor,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(quantity), packages=10)],
        number="WB-1",
    )
    return services.waybill_dispatch(actor=actor, waybill=waybill, dispatched_on=D(2023, 6, 1))


def _on_hand(site: object, stock: Stock) -> Decimal:
    return StockBalance.objects.get(site=site, lot=stock.kabul_lot).quantity


def test_a_large_loss_needs_another_approver_before_closing(
    world: World, stock: Stock, officer_afg: User, admin: User
) -> None:
    waybill = _sent(world, stock, officer_afg)
    assert _on_hand(world.kabul_warehouse, stock) == Decimal(500)
    line = waybill.lines.get()
    services.waybill_receive(
        actor=officer_afg,
        waybill=waybill,
        received_on=D(2023, 6, 3),
        lines=[ReceivedLine(line, Decimal(450), "theft", "before_custody")],
    )
    line.refresh_from_db()
    assert (line.lost_quantity, line.loss_flagged) == (Decimal(50), True)
    assert _on_hand(stock.herat_centre, stock) == Decimal(450)
    with pytest.raises(WaybillStateError):
        services.waybill_close(actor=officer_afg, waybill=waybill)
    with pytest.raises(ApprovalError):
        services.waybill_loss_approve(actor=officer_afg, line=line)
    services.waybill_loss_approve(actor=admin, line=line)
    assert services.waybill_close(actor=officer_afg, waybill=waybill).status == "closed"


def test_a_small_loss_is_not_flagged(world: World, stock: Stock, admin: User) -> None:
    waybill = _sent(world, stock, admin)
    services.waybill_receive(
        actor=admin,
        waybill=waybill,
        received_on=D(2023, 6, 3),
        lines=[ReceivedLine(waybill.lines.get(), Decimal(495), "spoilage", "after_custody")],
    )
    assert not waybill.lines.get().loss_flagged


def test_a_shortfall_without_its_cause_is_refused_and_nothing_moves(
    world: World, stock: Stock, admin: User
) -> None:
    waybill = _sent(world, stock, admin)
    movements = StockMovement.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.waybill_receive(
            actor=admin,
            waybill=waybill,
            received_on=D(2023, 6, 3),
            lines=[ReceivedLine(waybill.lines.get(), Decimal(400))],
        )
    assert list(refused.value.message_dict) == ["lines"]
    assert StockMovement.objects.count() == movements
    assert Waybill.objects.get(pk=waybill.pk).status == "dispatched"


def test_receive_page_names_the_bad_line(world: World, stock: Stock, admin: User) -> None:
    waybill = _sent(world, stock, admin)
    line = waybill.lines.get()
    client = client_for(admin)
    url = f"/en/supply/waybills/{waybill.pk}/receive/"
    response = client.post(url, {"received_on": "2023-06-03", f"received_{line.pk}": "600"})
    assert response.status_code == 422
    page = response.content.decode()
    received = page[page.index(f'for="id_received_{line.pk}"') :]
    assert "No more than the \u2068500 kg\u2069 sent can arrive." in received.split("</p>")[0]
    response = client.post(
        url,
        {
            "received_on": "2023-06-03",
            f"received_{line.pk}": "480",
            f"cause_{line.pk}": "transport_damage",
            f"stage_{line.pk}": "before_custody",
        },
    )
    assert response.status_code == 302
    assert _on_hand(stock.herat_centre, stock) == Decimal(480)


def test_dispatching_more_than_on_hand_answers_409(world: World, stock: Stock, admin: User) -> None:
    first, second = (
        services.waybill_create(
            actor=admin,
            origin=world.kabul_warehouse,
            destination=stock.herat_centre,
            lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(600))],
        )
        for _draft in range(2)
    )
    with pytest.raises(ValidationError, match="Line 1: Only"):
        services.waybill_create(
            actor=admin,
            origin=world.kabul_warehouse,
            destination=stock.herat_centre,
            lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(1500))],
        )
    services.waybill_dispatch(actor=admin, waybill=first, dispatched_on=D(2023, 6, 1))
    response = client_for(admin).post(f"/en/supply/waybills/{second.pk}/dispatch/")
    assert response.status_code == 409
    assert "Only \u2068400 kg\u2069 of lot LOT-KBL-1" in response.content.decode()
    api = client_for(admin).post(f"/api/v1/supply/waybills/{second.pk}/dispatch/")
    assert api.status_code == 409
    assert _on_hand(world.kabul_warehouse, stock) == Decimal(400)


def test_a_count_books_differences_once_approved_by_someone_else(
    world: World, stock: Stock, officer_afg: User, admin: User
) -> None:
    count = services.stock_count_record(
        actor=officer_afg,
        site=world.kabul_warehouse,
        counted_on=D(2023, 9, 30),
        reason="Quarterly count",
        lines=[services.CountedLine(stock.kabul_lot, Decimal(990))],
    )
    assert _on_hand(world.kabul_warehouse, stock) == Decimal(1000)
    with pytest.raises(ApprovalError):
        services.stock_count_approve(actor=officer_afg, count=count)
    services.stock_count_approve(actor=admin, count=count)
    assert _on_hand(world.kabul_warehouse, stock) == Decimal(990)
    adjustment = StockMovement.objects.get(kind="adjustment")
    assert (adjustment.quantity, adjustment.reason) == (Decimal(-10), "Quarterly count")


def test_the_officer_drafts_a_waybill_and_a_count_from_the_pages(
    world: World, stock: Stock, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    assert client.get("/en/supply/waybills/new/").status_code == 200
    header = {"origin": world.kabul_warehouse.pk, "destination": stock.herat_centre.pk}
    values = waybill_form((stock.kabul_lot, "250", "5"), **header)
    elsewhere = waybill_form((stock.almaty_lot, "250", "5"), **header)
    refused = client.post("/en/supply/waybills/new/", elsewhere)
    assert refused.status_code == 422
    assert client.post("/en/supply/waybills/new/", values).status_code == 302
    waybill = Waybill.objects.get()
    assert (waybill.status, waybill.lines.get().quantity) == ("draft", Decimal(250))
    count = count_form(
        (stock.kabul_lot, "998"), site=world.kabul_warehouse.pk, counted_on="2023-09-30", reason=""
    )
    assert client.post("/en/supply/counts/new/", count).status_code == 422
    response = client.post("/en/supply/counts/new/", {**count, "reason": "Monthly count"})
    assert response.status_code == 302
    assert _on_hand(world.kabul_warehouse, stock) == Decimal(1000)
