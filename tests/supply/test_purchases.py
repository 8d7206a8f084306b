"""Purchases: an order on a payment or a commitment, priced at the day's rate, never more than
the money it is drawn on; goods received against it become lots bought with that money."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sunbula.core.models import AuditEntry, User
from sunbula.funding import services as funding_services
from sunbula.supply import selectors, services
from sunbula.supply.models import Lot, Provenance, PurchaseOrder, StockBalance
from sunbula.supply.services import PurchaseStateError
from tests.conftest import World
from tests.supply.conftest import D
from tests.supply.purchases import Cash, make_cash, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def cash(world: World) -> Cash:
    return make_cash(world)


def test_an_order_on_a_payment_is_drawn_on_its_commitment_at_the_day_rate(cash: Cash) -> None:
    order = make_order(cash, currency=cash.kzt, unit_price=Decimal(90000), quantity=Decimal(2))
    assert order.commitment == cash.commitment
    assert order.status == PurchaseOrder.Status.DRAFT
    assert order.amount == Decimal(180000)
    assert order.units_per_usd == Decimal(450)
    assert order.amount_usd == Decimal(400)
    assert order.base_quantity == Decimal(2000)


def test_an_order_never_exceeds_the_payment_it_is_drawn_on(cash: Cash) -> None:
    make_order(cash)  # 3 000 USD of the 5 000 paid
    with pytest.raises(ValidationError) as refused:
        make_order(cash, quantity=Decimal(4))  # 2 400 USD, 2 000 left
    message = " ".join(refused.value.messages)
    assert "2000.00 USD" in message and "payment" in message
    assert PurchaseOrder.objects.count() == 1


def test_an_order_never_exceeds_the_commitment_it_is_drawn_on(cash: Cash) -> None:
    make_order(cash, payment=None, commitment=cash.commitment, quantity=Decimal(10))  # 6 000
    with pytest.raises(ValidationError) as refused:
        make_order(cash, payment=None, commitment=cash.commitment, quantity=Decimal(4))
    assert "commitment" in " ".join(refused.value.messages)
    cancelled = PurchaseOrder.objects.get()
    services.purchase_order_cancel(actor=None, order=cancelled, reason="wrong supplier")
    make_order(cash, payment=None, commitment=cash.commitment, quantity=Decimal(4))


def test_an_order_without_a_rate_for_its_day_is_refused_on_the_currency(cash: Cash) -> None:
    with pytest.raises(ValidationError) as refused:
        make_order(cash, currency=cash.kzt, ordered_on=D(2023, 6, 1))
    assert "currency" in refused.value.message_dict


def test_an_order_needs_its_money_and_a_unit_of_the_commodity(cash: Cash) -> None:
    with pytest.raises(ValidationError) as refused:
        make_order(cash, payment=None)
    assert "commitment" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make_order(cash, unit="litre")
    assert "unit" in refused.value.message_dict


def test_receiving_turns_the_order_into_lots_traced_to_the_payment(
    cash: Cash, world: World, admin: User
) -> None:
    order = make_order(cash, actor=admin)
    with pytest.raises(PurchaseStateError):
        services.goods_receive(
            actor=admin,
            order=order,
            site=world.kabul_warehouse,
            quantity=Decimal(1),
            received_on=D(2024, 4, 20),
            reference="GRN-1",
        )
    services.purchase_order_place(actor=admin, order=order)
    first = services.goods_receive(
        actor=admin,
        order=order,
        site=world.kabul_warehouse,
        quantity=Decimal(2),
        received_on=D(2024, 4, 20),
        reference="GRN-1",
        batch="B-7",
        expires_on=D(2025, 4, 20),
    )
    order.refresh_from_db()
    assert order.status == PurchaseOrder.Status.PARTLY_RECEIVED
    lot = first.lot
    assert (lot.provenance, lot.payment, lot.pledge, lot.donor) == (
        Provenance.PURCHASE,
        cash.payment,
        cash.commitment.pledge,
        world.kazakhstan_government,
    )
    assert lot.quantity_received == Decimal(2000)
    assert StockBalance.objects.get(lot=lot, site=world.kabul_warehouse).quantity == Decimal(2000)
    with pytest.raises(ValidationError) as refused:
        services.goods_receive(
            actor=admin,
            order=order,
            site=world.kabul_warehouse,
            quantity=Decimal(4),
            received_on=D(2024, 4, 21),
            reference="GRN-2",
        )
    assert "quantity" in refused.value.message_dict
    services.goods_receive(
        actor=admin,
        order=order,
        site=world.kabul_warehouse,
        quantity=Decimal(3),
        received_on=D(2024, 4, 21),
        reference="GRN-2",
    )
    order.refresh_from_db()
    assert order.status == PurchaseOrder.Status.RECEIVED
    assert selectors.received_so_far(order) == Decimal(5)
    assert Lot.objects.filter(payment=cash.payment).count() == 2
    with pytest.raises(PurchaseStateError):
        services.purchase_order_cancel(actor=admin, order=order, reason="not needed")
    assert AuditEntry.objects.filter(action="supply.purchaseorder.received").exists()


def test_only_a_draft_order_is_edited_and_its_price_follows(cash: Cash, admin: User) -> None:
    order = make_order(cash)
    services.purchase_order_update(actor=admin, order=order, quantity=Decimal(3))
    order.refresh_from_db()
    assert order.amount_usd == Decimal(1800)
    entry = AuditEntry.objects.get(action="supply.purchaseorder.updated")
    assert entry.after["amount_usd"] == "1800.00"
    services.purchase_order_place(actor=admin, order=order)
    with pytest.raises(PurchaseStateError, match="only a draft can be edited"):
        services.purchase_order_update(actor=admin, order=order, quantity=Decimal(2))


def test_a_lot_bought_on_a_commitment_names_its_pledge(
    cash: Cash, world: World, admin: User
) -> None:
    order = make_order(cash, payment=None, commitment=cash.commitment)
    services.purchase_order_place(actor=admin, order=order)
    receipt = services.goods_receive(
        actor=admin,
        order=order,
        site=world.kabul_warehouse,
        quantity=Decimal(5),
        received_on=D(2024, 4, 20),
        reference="GRN-1",
    )
    assert receipt.lot.payment is None
    assert receipt.lot.pledge == cash.commitment.pledge
    chain = selectors.lot_chain(user=admin, lot=receipt.lot)
    assert chain.receipt == receipt
    assert chain.received_at == world.kabul_warehouse


def test_goods_of_an_order_are_not_received_on_a_day_to_come(
    cash: Cash, world: World, admin: User
) -> None:
    order = make_order(cash, actor=admin)
    services.purchase_order_place(actor=admin, order=order)
    with pytest.raises(ValidationError) as refused:
        services.goods_receive(
            actor=admin,
            order=order,
            site=world.kabul_warehouse,
            quantity=Decimal(1),
            received_on=D(2099, 1, 2),
            reference="GRN-LATER",
        )
    assert refused.value.message_dict == {
        "received_on": ["Goods cannot be received on a day to come."]
    }
    assert not Lot.objects.exists()


def test_a_commitment_keeps_what_its_orders_draw_on_it(cash: Cash) -> None:
    """8 000 USD committed, 5 000 of it paid; an order of 6 000 USD on the commitment."""
    make_order(cash, payment=None, commitment=cash.commitment, quantity=Decimal(10))
    with pytest.raises(ValidationError) as refused:
        funding_services.commitment_update(
            actor=None, commitment=cash.commitment, amount=Decimal(5999)
        )
    assert "Orders of" in refused.value.message_dict["amount"][0]
    funding_services.commitment_update(actor=None, commitment=cash.commitment, amount=Decimal(6000))
    with pytest.raises(funding_services.CommitmentInUse):
        funding_services.commitment_cancel(
            actor=None, commitment=cash.commitment, reason="Recorded twice"
        )
    cash.commitment.refresh_from_db()
    assert cash.commitment.amount == Decimal(6000)
