"""A loss recorded on the stock card, and expired stock written off from its page and the
API: put forward by one person, approved by another, in the callers' countries only."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.supply import services
from sunbula.supply.models import ExpiryWriteOff, Lot, StockBalance, StockMovement
from tests.conftest import World, client_for
from tests.supply.conftest import D, Stock

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _balance(world: World, lot: Lot) -> StockBalance:
    return StockBalance.objects.get(lot=lot)


def _expired(world: World, stock: Stock) -> StockBalance:
    lot = services.lot_receive(
        actor=None,
        site=world.kabul_warehouse,
        commodity=stock.flour,
        quantity=Decimal(300),
        received_on=D(2023, 5, 1),
        reference="GRN-OLD",
        lot_reference="LOT-OLD",
        expires_on=D(2024, 5, 1),
    )
    return StockBalance.objects.get(lot=lot)


def test_a_loss_is_recorded_from_the_stock_card(
    world: World, stock: Stock, officer_afg: User
) -> None:
    balance = _balance(world, stock.kabul_lot)
    client = client_for(officer_afg)
    card = client.get(f"/en/supply/balances/{balance.pk}/")
    assert f"/en/supply/balances/{balance.pk}/loss/" in card.content.decode()
    form = {"quantity": "25", "cause": "theft", "reference": "INC-7", "reason": ""}
    entries = AuditEntry.objects.count()
    checked = client.post(
        f"/en/supply/balances/{balance.pk}/loss/?validate=1", {**form, "cause": "?"}
    )
    assert checked.status_code == 200 and AuditEntry.objects.count() == entries
    refused = client.post(f"/en/supply/balances/{balance.pk}/loss/", {**form, "quantity": "5000"})
    assert refused.status_code == 422
    saved = client.post(f"/en/supply/balances/{balance.pk}/loss/", form)
    assert saved.status_code == 302
    loss = StockMovement.objects.get(lot=stock.kabul_lot, kind="loss")
    assert loss.quantity == Decimal(-25) and loss.loss_cause == "theft"
    assert loss.loss_stage == "after_custody" and loss.reason
    balance.refresh_from_db()
    assert balance.quantity == Decimal(975)


def test_a_loss_is_recorded_through_the_api(world: World, stock: Stock, officer_afg: User) -> None:
    balance = _balance(world, stock.kabul_lot)
    client = client_for(officer_afg)
    bad = client.post(
        f"/api/v1/supply/balances/{balance.pk}/loss/",
        {"quantity": "5", "cause": "?", "reference": "INC-8"},
        content_type=JSON,
    )
    assert bad.status_code == 400 and "cause" in bad.json()
    made = client.post(
        f"/api/v1/supply/balances/{balance.pk}/loss/",
        {"quantity": "5", "cause": "spoilage", "reference": "INC-8"},
        content_type=JSON,
    )
    assert made.status_code == 201, made.json()
    assert made.json()["loss_cause"] == "spoilage" and Decimal(made.json()["quantity"]) == -5


def test_losses_outside_the_callers_countries_are_answered_as_missing(
    world: World, stock: Stock, officer_kaz: User
) -> None:
    balance = _balance(world, stock.kabul_lot)
    client = client_for(officer_kaz)
    form = {"quantity": "1", "cause": "theft", "reference": "X"}
    assert client.get(f"/en/supply/balances/{balance.pk}/loss/").status_code == 404
    assert client.post(f"/en/supply/balances/{balance.pk}/loss/", form).status_code == 404
    assert client.get(f"/en/supply/balances/{balance.pk}/write-off/").status_code == 404
    outside = client.post(
        f"/api/v1/supply/balances/{balance.pk}/loss/", form, content_type=JSON
    ).status_code
    missing = client.post(
        "/api/v1/supply/balances/987654/loss/", form, content_type=JSON
    ).status_code
    assert outside == missing == 404
    assert not StockMovement.objects.filter(kind="loss").exists()


def test_expired_stock_is_written_off_from_its_page_by_two_people(
    world: World, stock: Stock, officer_afg: User, admin: User
) -> None:
    balance = _expired(world, stock)
    client = client_for(officer_afg)
    page = client.get("/en/supply/write-offs/")
    assert page.status_code == 200 and "LOT-OLD" in page.content.decode()
    refused = client.post(f"/en/supply/balances/{balance.pk}/write-off/", {"quantity": "900"})
    assert refused.status_code == 422 and not ExpiryWriteOff.objects.exists()
    put = client.post(f"/en/supply/balances/{balance.pk}/write-off/", {"quantity": ""})
    assert put.status_code == 302
    writeoff = ExpiryWriteOff.objects.get()
    assert writeoff.quantity == Decimal(300) and writeoff.requested_by == officer_afg
    client.post(f"/en/supply/write-offs/{writeoff.pk}/approve/")
    writeoff.refresh_from_db()
    assert writeoff.status == ExpiryWriteOff.Status.REQUESTED  # four eyes
    client_for(admin).post(f"/en/supply/write-offs/{writeoff.pk}/approve/")
    writeoff.refresh_from_db()
    assert writeoff.status == ExpiryWriteOff.Status.APPROVED
    balance.refresh_from_db()
    assert balance.quantity == 0
    assert "LOT-OLD" not in client.get("/en/supply/write-offs/").content.decode()


def test_expired_stock_is_written_off_through_the_api(
    world: World, stock: Stock, officer_afg: User, officer_kaz: User, admin: User
) -> None:
    balance = _expired(world, stock)
    client = client_for(officer_afg)
    fresh = StockBalance.objects.get(lot=stock.kabul_lot)
    Lot.objects.filter(pk=stock.kabul_lot.pk).update(expires_on=D(2999, 1, 1))
    not_expired = client.post(
        f"/api/v1/supply/balances/{fresh.pk}/write-off/", {}, content_type=JSON
    )
    assert not_expired.status_code == 400
    put = client.post(
        f"/api/v1/supply/balances/{balance.pk}/write-off/", {"quantity": "100"}, content_type=JSON
    )
    assert put.status_code == 201, put.json()
    pk = put.json()["id"]
    listed = client.get("/api/v1/supply/write-offs/").json()
    assert [row["id"] for row in listed["results"]] == [pk]
    assert client.post(f"/api/v1/supply/write-offs/{pk}/approve/").status_code == 403
    kaz = client_for(officer_kaz)
    assert kaz.get("/api/v1/supply/write-offs/").json()["results"] == []
    assert kaz.post(f"/api/v1/supply/write-offs/{pk}/approve/").status_code == 404
    assert kaz.post("/api/v1/supply/write-offs/987654/approve/").status_code == 404
    approved = client_for(admin).post(f"/api/v1/supply/write-offs/{pk}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    balance.refresh_from_db()
    assert balance.quantity == Decimal(200)
