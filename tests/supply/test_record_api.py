"""The supply API creates and corrects what the pages do, answers as its schema documents,
and refuses an id outside the caller's scope exactly like one that does not exist."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from sunbula.core.models import User
from sunbula.supply import services
from sunbula.supply.models import Lot, Provenance, PurchaseOrder, StockSite
from sunbula.supply.services import LineInput
from tests.conftest import World, client_for
from tests.supply.conftest import D, Stock, moved
from tests.supply.purchases import Cash, make_cash

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def cash(world: World) -> Cash:
    return make_cash(world)


def _order(cash: Cash, **changes: Any) -> dict[str, Any]:
    return {
        "supplier": cash.supplier.pk,
        "payment": cash.payment.pk,
        "commodity": cash.seed.pk,
        "quantity": "5",
        "unit": "t",
        "unit_price": "600",
        "currency": "USD",
        "ordered_on": "2024-04-01",
        **changes,
    }


def test_the_schema_documents_the_writes_and_no_put(admin: User) -> None:
    paths = client_for(admin).get("/api/schema/?format=json").json()["paths"]
    expected = {
        "/api/v1/supply/commodities/": {"post"},
        "/api/v1/supply/commodities/{id}/": {"patch"},
        "/api/v1/supply/sites/": {"post"},
        "/api/v1/supply/sites/{id}/": {"patch"},
        "/api/v1/supply/purchases/": {"post"},
        "/api/v1/supply/purchases/{id}/": {"patch"},
        "/api/v1/supply/purchases/{id}/place/": {"post"},
        "/api/v1/supply/purchases/{id}/receive/": {"post"},
        "/api/v1/supply/purchases/{id}/cancel/": {"post"},
        "/api/v1/supply/waybills/": {"post"},
        "/api/v1/supply/waybills/{id}/": {"patch"},
        "/api/v1/supply/waybills/{id}/dispatch/": {"post"},
        "/api/v1/supply/waybills/{id}/receive/": {"post"},
        "/api/v1/supply/waybills/{id}/close/": {"post"},
        "/api/v1/supply/waybills/{id}/cancel/": {"post"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path
        assert "put" not in paths[path] and "delete" not in paths[path], path


def test_commodities_are_added_and_corrected_but_keep_their_code(
    admin: User, officer_afg: User
) -> None:
    client = client_for(admin)
    created = client.post(
        "/api/v1/supply/commodities/",
        {"code": "DAP", "name": "DAP fertiliser", "category": "inputs", "base_unit": "kg"},
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    patched = client.patch(
        f"/api/v1/supply/commodities/{pk}/", {"shelf_life_days": 400}, content_type=JSON
    )
    assert patched.status_code == 200 and patched.json()["shelf_life_days"] == 400
    refused = client.patch(f"/api/v1/supply/commodities/{pk}/", {"code": "X"}, content_type=JSON)
    assert refused.status_code == 400 and "code" in refused.json()
    bad = client.post(
        "/api/v1/supply/commodities/",
        {"code": "DAP", "name": "x", "category": "?"},
        content_type=JSON,
    )
    assert bad.status_code == 400 and {"code", "category"} <= set(bad.json())
    officer = client_for(officer_afg)
    assert (
        officer.patch(
            f"/api/v1/supply/commodities/{pk}/", {"name": "x"}, content_type=JSON
        ).status_code
        == 403
    )


def test_stock_sites_are_registered_only_in_the_callers_countries(
    world: World, officer_afg: User, officer_kaz: User
) -> None:
    client = client_for(officer_afg)
    outside = client.post(
        "/api/v1/supply/sites/", {"site": world.almaty_warehouse.pk}, content_type=JSON
    )
    missing = client.post("/api/v1/supply/sites/", {"site": 987654}, content_type=JSON)
    assert outside.status_code == missing.status_code == 400
    assert outside.json()["site"][0].replace(str(world.almaty_warehouse.pk), "?") == missing.json()[
        "site"
    ][0].replace("987654", "?")
    created = client.post(
        "/api/v1/supply/sites/",
        {"site": world.kabul_warehouse.pk, "capacity": "900"},
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    patched = client.patch(f"/api/v1/supply/sites/{pk}/", {"is_active": False}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["is_active"] is False
    assert not StockSite.objects.get(pk=pk).is_active
    other = client_for(officer_kaz)
    assert other.get(f"/api/v1/supply/sites/{pk}/").status_code == 404
    assert other.patch(f"/api/v1/supply/sites/{pk}/", {}, content_type=JSON).status_code == 404


def test_a_purchase_is_ordered_placed_and_received_into_a_lot(
    cash: Cash, world: World, officer_afg: User, officer_kaz: User
) -> None:
    client = client_for(officer_afg)
    too_much = client.post(
        "/api/v1/supply/purchases/", _order(cash, quantity="9"), content_type=JSON
    )
    assert too_much.status_code == 400 and "payment" in too_much.json()["quantity"][0]
    created = client.post("/api/v1/supply/purchases/", _order(cash), content_type=JSON)
    assert created.status_code == 201, created.json()
    order = created.json()
    assert (order["status"], order["amount_usd"]) == ("draft", "3000.00")
    pk = order["id"]
    patched = client.patch(
        f"/api/v1/supply/purchases/{pk}/", {"unit_price": "500"}, content_type=JSON
    )
    assert patched.status_code == 200 and patched.json()["amount_usd"] == "2500.00"
    early = client.post(
        f"/api/v1/supply/purchases/{pk}/receive/",
        {
            "site": world.kabul_warehouse.pk,
            "quantity": "5",
            "received_on": "2024-04-20",
            "reference": "G",
        },
        content_type=JSON,
    )
    assert early.status_code == 409
    assert client.post(f"/api/v1/supply/purchases/{pk}/place/").json()["status"] == "ordered"
    received = client.post(
        f"/api/v1/supply/purchases/{pk}/receive/",
        {
            "site": world.kabul_warehouse.pk,
            "quantity": "5",
            "received_on": "2024-04-20",
            "reference": "GRN-API",
            "batch": "B-2",
        },
        content_type=JSON,
    )
    assert received.status_code == 201, received.json()
    lot = Lot.objects.get(pk=received.json()["lot"])
    assert (lot.provenance, lot.payment_id) == (Provenance.PURCHASE, cash.payment.pk)
    detail = client.get(f"/api/v1/supply/purchases/{pk}/").json()
    assert detail["status"] == "received" and detail["receipts"][0]["lot"] == lot.pk
    late = client.post(
        f"/api/v1/supply/purchases/{pk}/cancel/", {"reason": "late"}, content_type=JSON
    )
    assert late.status_code == 409
    # Outside her scope, an order is answered like a missing one.
    other = client_for(officer_kaz)
    for url in (f"/api/v1/supply/purchases/{pk}/", "/api/v1/supply/purchases/987654/"):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/api/v1/supply/purchases/{pk}/place/").status_code == 404
    assert other.get("/api/v1/supply/purchases/").json()["count"] == 0
    foreign = other.post("/api/v1/supply/purchases/", _order(cash), content_type=JSON)
    assert foreign.status_code == 400 and "payment" in foreign.json()
    assert PurchaseOrder.objects.count() == 1


def test_a_draft_waybill_is_patched_or_cancelled_but_a_dispatched_one_is_not(
    world: World, stock: Stock, admin: User, officer_afg: User
) -> None:
    moved(world, stock, stock.herat_centre, 50)
    draft = services.waybill_create(
        actor=admin,
        origin=stock.herat_centre,
        destination=world.kabul_warehouse,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(10))],
    )
    client = client_for(officer_afg)
    patched = client.patch(
        f"/api/v1/supply/waybills/{draft.pk}/",
        {
            "origin": world.kabul_warehouse.pk,
            "destination": stock.herat_centre.pk,
            "lines": [{"lot": stock.kabul_lot.pk, "quantity": "20", "packages": 2}],
        },
        content_type=JSON,
    )
    assert patched.status_code == 200, patched.json()
    assert patched.json()["origin"] == world.kabul_warehouse.pk
    assert patched.json()["lines"][0]["quantity"] == "20.000"
    services.waybill_dispatch(actor=admin, waybill=draft, dispatched_on=D(2023, 6, 1))
    refused = client.patch(
        f"/api/v1/supply/waybills/{draft.pk}/", {"vehicle": "X"}, content_type=JSON
    )
    assert refused.status_code == 409 and "only a draft can be edited" in refused.json()["detail"]
    gone = client.post(
        f"/api/v1/supply/waybills/{draft.pk}/cancel/", {"reason": "late"}, content_type=JSON
    )
    assert gone.status_code == 409
    other = services.waybill_create(
        actor=admin,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(10))],
    )
    cancelled = client.post(
        f"/api/v1/supply/waybills/{other.pk}/cancel/", {"reason": "duplicate"}, content_type=JSON
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
