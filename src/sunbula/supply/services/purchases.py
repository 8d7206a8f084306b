"""Purchases: an order paid from a commitment or a payment, and the goods received against it,
each receipt a lot with the provenance "purchase", so that cash becomes stock."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from sunbula.core import figures
from sunbula.core.audit import (
    audit_changes,
    audit_record,
    create_audited,
    given_fields,
    save_audited,
    snapshot,
    stated_reason,
    step_audited,
)
from sunbula.core.errors import DomainError, RateMissing
from sunbula.core.models import Currency, Organisation, Site, User
from sunbula.core.money import rate_in_force
from sunbula.core.validation import refuse_future
from sunbula.funding.models import Commitment, ContributionType, Payment
from sunbula.supply.models import (
    BASE_UNITS_PER,
    ONLY_DRAFTS_EDITED,
    Commodity,
    GoodsReceipt,
    Provenance,
    PurchaseOrder,
)
from sunbula.supply.services.ledger import _positive, _require_stock_site
from sunbula.supply.services.receipts import _new_reference, lot_receive

CENT = Decimal("0.01")
ZERO = Decimal(0)
Status = PurchaseOrder.Status


class PurchaseStateError(DomainError):
    """The order is not in the state the step needs (a draft to edit, ordered to receive)."""

    status_code = 409


class PurchaseOrderFields(TypedDict, total=False):
    """What a purchase order records; a field left out keeps its value on an update."""

    supplier: Organisation
    commitment: Commitment | None
    payment: Payment | None
    commodity: Commodity
    quantity: Decimal
    unit: str
    unit_price: Decimal
    currency: Currency
    ordered_on: datetime.date
    notes: str


PURCHASE_ORDER_FIELDS = tuple(PurchaseOrderFields.__annotations__)

# What a person writes on an order after its supplier and what pays for it, in the order
# the page and the API show it.
PURCHASE_ORDER_GOODS = (
    "commodity",
    "quantity",
    "unit",
    "unit_price",
    "currency",
    "ordered_on",
    "notes",
)
AUDITED = (*PURCHASE_ORDER_FIELDS, "reference", "amount", "units_per_usd", "amount_usd", "status")


def _price(order: PurchaseOrder) -> None:
    """The order's total in its currency and in US dollars at the rate of the day ordered."""
    order.amount = (order.quantity * order.unit_price).quantize(CENT, ROUND_HALF_EVEN)
    if order.currency.code == "USD":
        order.units_per_usd = Decimal(1)
    else:
        try:
            rate = rate_in_force(currency=order.currency, on=order.ordered_on)
        except RateMissing as missing:
            raise ValidationError({"currency": str(missing)}) from missing
        order.units_per_usd = rate.units_per_usd
    order.amount_usd = (order.amount / order.units_per_usd).quantize(CENT, ROUND_HALF_EVEN)


def _source(order: PurchaseOrder) -> None:
    """The commitment the order is drawn on follows from its payment; the money is cash."""
    payment: Payment | None = order.payment
    if payment is not None:
        if order.commitment_id and order.commitment_id != payment.commitment_id:
            raise ValidationError(
                {"payment": _("This payment was not made against the chosen commitment.")}
            )
        order.commitment = payment.commitment
    if not order.commitment_id:
        raise ValidationError(
            {"commitment": _("Choose the commitment or the payment the order is paid from.")}
        )
    if order.commitment.pledge.contribution_type != ContributionType.FINANCIAL:
        raise ValidationError(
            {"payment": _("Goods are bought with cash: choose a financial contribution.")}
        )


def _unit(order: PurchaseOrder) -> None:
    if (order.unit, order.commodity.base_unit) not in BASE_UNITS_PER:
        raise ValidationError(
            {
                "unit": _("%(commodity)s is counted in %(base)s; order it in a matching unit.")
                % {
                    "commodity": order.commodity.local_name,
                    "base": order.commodity.get_base_unit_display(),
                }
            }
        )


def _drawn(orders: Any, order: PurchaseOrder) -> Decimal:
    total: Decimal | None = (
        orders.exclude(status=Status.CANCELLED)
        .exclude(pk=order.pk)
        .aggregate(total=Sum("amount_usd"))["total"]
    )
    return total or ZERO


def _within_funds(order: PurchaseOrder) -> None:
    """The orders on a payment, and on a commitment, never come to more than it holds."""
    commitment = Commitment.objects.select_for_update().get(pk=order.commitment_id)
    _within_source(
        order,
        commitment,
        _(
            "This order comes to %(amount)s USD but only %(left)s USD of commitment "
            "%(source)s is left to spend."
        ),
    )
    if order.payment_id:
        payment = Payment.objects.select_for_update().get(pk=order.payment_id)
        _within_source(
            order,
            payment,
            _(
                "This order comes to %(amount)s USD but only %(left)s USD of payment "
                "%(source)s is left to spend."
            ),
        )


def _within_source(order: PurchaseOrder, source: Commitment | Payment, message: str) -> None:
    """Refuse an order over what is left of `source` (a commitment or a payment) to spend;
    `message` gives the order's amount, what is left and the source."""
    left = source.amount_usd - _drawn(source.purchase_orders.all(), order)
    if order.amount_usd > left:
        raise ValidationError(
            {
                "quantity": message
                % {"amount": order.amount_usd, "left": max(left, ZERO), "source": source}
            }
        )


def _check(order: PurchaseOrder) -> None:
    order.full_clean(exclude=["commitment", "amount", "units_per_usd", "amount_usd"])
    _positive(order.quantity)
    refuse_future(order.ordered_on, "ordered_on", _("An order cannot be dated in the future."))
    _source(order)
    _unit(order)
    _price(order)
    order.full_clean()
    _within_funds(order)


@transaction.atomic
def purchase_order_create(
    *,
    actor: User | None,
    reference: str = "",
    is_illustrative: bool = False,
    **fields: Unpack[PurchaseOrderFields],
) -> PurchaseOrder:
    """Draft a purchase order on a commitment or a payment, priced at the day's rate."""
    values = given_fields("purchase_order_create", fields, PURCHASE_ORDER_FIELDS)
    order = PurchaseOrder(
        reference=reference or _new_reference("PO"), is_illustrative=is_illustrative
    )
    _save(order, values)
    audit_record(
        actor=actor,
        action="supply.purchaseorder.created",
        obj=order,
        after=snapshot(order, AUDITED),
    )
    return order


def _save(order: PurchaseOrder, values: dict[str, Any]) -> None:
    """Set `values` on the order, check it (price, rate, what pays for it) and store it."""
    for name, value in values.items():
        setattr(order, name, value)
    _check(order)
    order.save()


def _locked(order: PurchaseOrder, *allowed: str, refusal: str) -> PurchaseOrder:
    locked = (
        PurchaseOrder.objects.select_for_update(of=("self",))
        .select_related("commodity", "currency", "commitment__pledge", "payment")
        .get(pk=order.pk)
    )
    if locked.status not in allowed:
        raise PurchaseStateError(
            refusal % {"reference": locked.reference, "status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def purchase_order_update(
    *, actor: User | None, order: PurchaseOrder, **fields: Unpack[PurchaseOrderFields]
) -> PurchaseOrder:
    """Correct a draft order; once ordered it changes only by cancelling it."""
    values = given_fields("purchase_order_update", fields, PURCHASE_ORDER_FIELDS)
    order = _locked(order, Status.DRAFT, refusal=str(ONLY_DRAFTS_EDITED))
    before = snapshot(order, AUDITED)
    if "payment" in values and values["payment"] is not None and "commitment" not in values:
        order.commitment_id = None  # type: ignore[assignment]
    _save(order, values)
    audit_changes(
        actor=actor,
        action="supply.purchaseorder.updated",
        obj=order,
        before=before,
        after=snapshot(order, AUDITED),
    )
    return order


@transaction.atomic
def purchase_order_place(*, actor: User | None, order: PurchaseOrder) -> PurchaseOrder:
    """Send a draft order to the supplier; goods can be received against it from now on."""
    order = _locked(
        order,
        Status.DRAFT,
        refusal=_("Purchase order %(reference)s is %(status)s: only a draft can be placed."),
    )
    return step_audited(
        actor=actor, obj=order, verb="ordered", values={"status": Status.ORDERED}, fields=["status"]
    )


@transaction.atomic
def purchase_order_cancel(
    *, actor: User | None, order: PurchaseOrder, reason: str
) -> PurchaseOrder:
    """Cancel an order nothing has been received against, saying why; its money is free
    again."""
    order = _locked(
        order,
        Status.DRAFT,
        Status.ORDERED,
        refusal=_(
            "Purchase order %(reference)s is %(status)s: only an order nothing was received "
            "against can be cancelled."
        ),
    )
    reason = stated_reason(reason, _("Say why the purchase order is cancelled."))
    before = snapshot(order, ["status"])
    order.status = Status.CANCELLED
    return save_audited(
        actor=actor,
        obj=order,
        verb="cancelled",
        before=before,
        fields=("status",),
        also={"reason": reason},
    )


def _received_so_far(order: PurchaseOrder) -> Decimal:
    """What has arrived of `order`, in the order's unit."""
    total: Decimal | None = order.receipts.aggregate(total=Sum("quantity"))["total"]
    return total or ZERO


@transaction.atomic
def goods_receive(
    *,
    actor: User | None,
    order: PurchaseOrder,
    site: Site,
    quantity: Decimal,
    received_on: datetime.date,
    reference: str,
    expires_on: datetime.date | None = None,
    batch: str = "",
) -> GoodsReceipt:
    """Receive goods of an order (in the order's unit) into a site: a new lot bought with the
    order's money, traced to its payment or commitment and pledge. Each delivery is received
    once: a second receipt with the reference of one already recorded against the order (a
    form sent twice) is refused on `reference`; partial deliveries have references of their
    own."""
    order = _locked(
        order,
        Status.ORDERED,
        Status.PARTLY_RECEIVED,
        refusal=_(
            "Purchase order %(reference)s is %(status)s: goods are received only against a "
            "placed order."
        ),
    )
    if order.receipts.filter(reference__iexact=reference.strip()).exists():
        raise ValidationError(
            {
                "reference": _(
                    "Goods-received note %(reference)s is already recorded against this order; "
                    "each delivery is received once."
                )
                % {"reference": reference.strip()}
            }
        )
    _positive(quantity)
    _require_stock_site(site)
    left = order.quantity - _received_so_far(order)
    if quantity > left:
        raise ValidationError(
            {
                "quantity": _("Only %(left)s of this order remain to be received.")
                % {"left": figures.quantity(left, order.unit, html=False)}
            }
        )
    if received_on < order.ordered_on:
        raise ValidationError({"received_on": _("Goods cannot arrive before they were ordered.")})
    factor = BASE_UNITS_PER[(order.unit, order.commodity.base_unit)]
    pledge = order.commitment.pledge
    lot = lot_receive(
        actor=actor,
        site=site,
        commodity=order.commodity,
        quantity=quantity * factor,
        received_on=received_on,
        reference=reference,
        provenance=Provenance.PURCHASE,
        payment=order.payment,
        pledge=pledge,
        donor=pledge.donor,
        batch=batch,
        expires_on=expires_on,
        is_illustrative=order.is_illustrative,
    )
    receipt = create_audited(
        actor=actor,
        model=GoodsReceipt,
        values={
            "order": order,
            "site": site,
            "lot": lot,
            "reference": reference,
            "quantity": quantity,
            "received_on": received_on,
            "expires_on": lot.expires_on,
            "batch": batch,
            "received_by": actor,
        },
    )
    status = Status.RECEIVED if quantity == left else Status.PARTLY_RECEIVED
    if status != order.status:
        step_audited(
            actor=actor, obj=order, verb=status, values={"status": status}, fields=["status"]
        )
    return receipt
