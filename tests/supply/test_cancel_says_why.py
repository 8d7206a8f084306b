"""A purchase order or a draft waybill is cancelled only with a reason, as a payment, a
distribution, a count or a pledge is: an empty or blank one is refused on the page (422) and
the API (400), and the record stands; the reason given is kept in the audit entry."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sunbula.core.models import AuditEntry, User
from sunbula.supply import services
from sunbula.supply.models import PurchaseOrder, Waybill
from tests.conftest import World, client_for
from tests.supply.conftest import Stock
from tests.supply.purchases import make_cash, make_order

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def order(world: World) -> PurchaseOrder:
    return make_order(make_cash(world))


@pytest.fixture
def draft(world: World, stock: Stock) -> Waybill:
    return services.waybill_create(
        actor=None,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        lines=[services.LineInput(stock.kabul_lot, Decimal(10))],
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_order_is_not_cancelled_without_a_reason(
    order: PurchaseOrder, officer_afg: User, reason: str
) -> None:
    client = client_for(officer_afg)

    page = client.post(f"/en/supply/purchases/{order.pk}/cancel/", {"reason": reason})
    api = client.post(
        f"/api/v1/supply/purchases/{order.pk}/cancel/", {"reason": reason}, content_type=JSON
    )

    assert page.status_code == 422
    assert "Say why the purchase order is cancelled." in page.content.decode()
    assert api.status_code == 400 and "reason" in api.json()
    order.refresh_from_db()
    assert order.status == PurchaseOrder.Status.DRAFT
    assert not AuditEntry.objects.filter(action="supply.purchaseorder.cancelled").exists()


def test_an_order_is_cancelled_with_its_reason(order: PurchaseOrder, officer_afg: User) -> None:
    page = client_for(officer_afg).post(
        f"/en/supply/purchases/{order.pk}/cancel/", {"reason": "  Wrong   supplier "}
    )

    assert page.status_code == 302
    order.refresh_from_db()
    assert order.status == PurchaseOrder.Status.CANCELLED
    entry = AuditEntry.objects.get(action="supply.purchaseorder.cancelled")
    assert entry.after["reason"] == "Wrong supplier"


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_draft_waybill_is_not_cancelled_without_a_reason(
    draft: Waybill, officer_afg: User, reason: str
) -> None:
    client = client_for(officer_afg)

    page = client.post(f"/en/supply/waybills/{draft.pk}/cancel/", {"reason": reason})
    api = client.post(
        f"/api/v1/supply/waybills/{draft.pk}/cancel/", {"reason": reason}, content_type=JSON
    )

    assert page.status_code == 422
    assert "Say why the waybill is cancelled." in page.content.decode()
    assert api.status_code == 400 and "reason" in api.json()
    draft.refresh_from_db()
    assert draft.status == Waybill.Status.DRAFT
    assert not AuditEntry.objects.filter(action="supply.waybill.cancelled").exists()


def test_the_service_refuses_a_blank_reason(draft: Waybill) -> None:
    with pytest.raises(ValidationError) as refused:
        services.waybill_cancel(actor=None, waybill=draft, reason=" ")

    assert refused.value.message_dict == {"reason": ["Say why the waybill is cancelled."]}
    draft.refresh_from_db()
    assert draft.status == Waybill.Status.DRAFT
