"""Payments against a commitment: recorded, corrected and cancelled."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Sum
from django.utils.translation import gettext as _

from sunbula.core.audit import (
    audit_record,
    create_audited,
    given_fields,
    snapshot,
    update_audited,
)
from sunbula.core.errors import DomainError
from sunbula.core.models import Currency, User
from sunbula.funding.models import (
    Commitment,
    Payment,
    Pledge,
)
from sunbula.funding.services._amounts import (
    _in_kind_only,
    _locked,
    _not_before,
    _not_before_pledge,
    _not_in_future,
    _paid,
    _quantity_of,
    _quantity_within,
    _rate,
    _require_positive,
    _usd,
    _within,
)


def _dated_in_order(pledge: Pledge, commitment: Commitment, paid_on: datetime.date) -> None:
    """A payment comes after its pledge and its commitment, and no later than today."""
    _not_in_future(paid_on, "paid_on")
    _not_before_pledge(
        pledge, paid_on, "paid_on", _("A payment cannot be dated before its pledge (%(date)s).")
    )
    _not_before(
        commitment.committed_on,
        paid_on,
        "paid_on",
        _("A payment cannot be dated before its commitment (%(date)s)."),
    )


def _received_within(
    pledge: Pledge, commitment: Commitment, quantity: Decimal | None, payment: Payment | None
) -> None:
    """Goods received (`quantity`, beside what the pledge's other payments than `payment`
    received) stay within the commitment's quantity when it gives one, and the pledge's."""
    _in_kind_only(pledge, quantity, _("Only an in-kind contribution has a quantity received."))
    if quantity is None:
        return
    received = Payment.objects.filter(commitment__pledge=pledge)
    if payment is not None:
        received = received.exclude(pk=payment.pk)
    if commitment.quantity is not None:
        _quantity_within(
            pledge,
            quantity,
            commitment.quantity - _quantity_of(received.filter(commitment=commitment)),
            _("Only %(left)s of this commitment are still to be received."),
        )
    _quantity_within(
        pledge,
        quantity,
        (pledge.quantity or Decimal(0)) - _quantity_of(received),
        _("Only %(left)s of the pledge are still to be received."),
    )


@transaction.atomic
def payment_record(
    *,
    actor: User | None,
    commitment: Commitment,
    paid_on: datetime.date,
    amount: Decimal,
    currency: Currency,
    quantity: Decimal | None = None,
) -> Payment:
    """Receive part of a commitment at the rate of the day; never more than committed."""
    pledge = _locked(commitment.pledge)
    if currency.pk != pledge.currency_id:
        raise ValidationError(
            {
                "currency": _("Record the payment in the pledge's currency, %(currency)s.")
                % {"currency": pledge.currency.code}
            }
        )
    _require_positive(amount)
    _dated_in_order(pledge, commitment, paid_on)
    unpaid = commitment.amount - _paid(commitment)
    _within(pledge, amount, unpaid, _("Only %(left)s of this commitment are unpaid."))
    _received_within(pledge, commitment, quantity, None)
    units_per_usd = _rate(currency, paid_on, "paid_on")
    return create_audited(
        actor=actor,
        model=Payment,
        values={
            "commitment": commitment,
            "paid_on": paid_on,
            "currency": currency,
            "amount": amount,
            "units_per_usd": units_per_usd,
            "amount_usd": _usd(amount, units_per_usd),
            "quantity": quantity,
        },
    )


class PaymentFields(TypedDict, total=False):
    """What `payment_update` corrects."""

    paid_on: datetime.date
    amount: Decimal
    quantity: Decimal | None


PAYMENT_FIELDS = tuple(PaymentFields.__annotations__)


class PaymentInUse(DomainError):
    """Goods were received against the payment: it stays, and its stock with it."""

    status_code = 409


@transaction.atomic
def payment_update(
    *, actor: User | None, payment: Payment, **fields: Unpack[PaymentFields]
) -> Payment:
    """Correct a payment's date, amount or quantity; its rate follows its date, and together
    the commitment's payments stay within it."""
    values = given_fields("payment_update", fields, PAYMENT_FIELDS)
    pledge = _locked(payment.commitment.pledge)
    payment = Payment.objects.select_for_update().select_related("currency").get(pk=payment.pk)
    paid_on = values.get("paid_on", payment.paid_on)
    amount = values.get("amount", payment.amount)
    _require_positive(amount)
    _dated_in_order(pledge, payment.commitment, paid_on)
    others = payment.commitment.payments.exclude(pk=payment.pk).aggregate(total=Sum("amount"))
    unpaid = payment.commitment.amount - (others["total"] or Decimal(0))
    _within(pledge, amount, unpaid, _("Only %(left)s of this commitment are unpaid."))
    quantity = values.get("quantity", payment.quantity)
    _received_within(pledge, payment.commitment, quantity, payment)
    units_per_usd = _rate(payment.currency, paid_on, "paid_on")
    values.update(units_per_usd=units_per_usd, amount_usd=_usd(amount, units_per_usd))
    return update_audited(actor=actor, obj=payment, values=values)


@transaction.atomic
def payment_cancel(*, actor: User | None, payment: Payment, reason: str) -> None:
    """Withdraw a payment recorded by mistake; the audit entry keeps what it said, and why.

    A payment that goods were received against stays (correct the stock first)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the payment is cancelled.")})
    _locked(payment.commitment.pledge)
    before = snapshot(payment, ("commitment", "paid_on", "currency", "amount", "amount_usd"))
    audit_record(
        actor=actor,
        action="funding.payment.cancelled",
        obj=payment,
        before=before,
        after={"reason": reason.strip()},
    )
    try:
        with transaction.atomic():
            payment.delete()
    except ProtectedError as in_use:
        raise PaymentInUse(
            _("Goods were received against this payment; it cannot be cancelled.")
        ) from in_use
