"""Commitments: the part of a pledge formalised; together they never exceed it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, ProtectedError
from django.utils.translation import gettext as _

from sunbula.core.audit import (
    audit_record,
    create_audited,
    given_fields,
    snapshot,
    stated_reason,
    update_audited,
)
from sunbula.core.errors import DomainError
from sunbula.core.figures import day, money
from sunbula.core.figures import quantity as quantity_figure
from sunbula.core.models import User
from sunbula.funding.models import (
    Commitment,
    Pledge,
)
from sunbula.funding.services._amounts import (
    _committed,
    _in_kind_only,
    _locked,
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
from sunbula.funding.services.pledges import PledgeClosed
from sunbula.partners.models import Agreement


@transaction.atomic
def commitment_record(
    *,
    actor: User | None,
    pledge: Pledge,
    committed_on: datetime.date,
    amount: Decimal,
    agreement: Agreement | None = None,
    quantity: Decimal | None = None,
) -> Commitment:
    """Formalise part of a pledge; together its commitments never exceed it, in money nor,
    for an in-kind pledge, in quantity."""
    pledge = _locked(pledge)
    if pledge.status == Pledge.Status.CANCELLED:
        raise PledgeClosed(_("This pledge was cancelled; it takes no new commitment."))
    _require_positive(amount)
    _dated_after_pledge(pledge, committed_on)
    outstanding = pledge.amount - _committed(pledge)
    _within(
        pledge,
        amount,
        outstanding,
        _("Only %(left)s of the pledge are left to commit."),
    )
    _in_kind_only(pledge, quantity, _("Only the commitment of an in-kind pledge has a quantity."))
    _quantity_within(
        pledge,
        quantity,
        (pledge.quantity or Decimal(0)) - _quantity_of(pledge.commitments.all()),
        _("Only %(left)s of the pledge are left to commit."),
    )
    units_per_usd = _rate(pledge.currency, committed_on, "committed_on")
    commitment = create_audited(
        actor=actor,
        model=Commitment,
        values={
            "pledge": pledge,
            "agreement": agreement,
            "committed_on": committed_on,
            "amount": amount,
            "units_per_usd": units_per_usd,
            "amount_usd": _usd(amount, units_per_usd),
            "quantity": quantity,
        },
    )
    return commitment


def _dated_after_pledge(pledge: Pledge, committed_on: datetime.date) -> None:
    """A commitment comes after its pledge, and no later than today."""
    _not_in_future(committed_on, "committed_on")
    _not_before_pledge(
        pledge,
        committed_on,
        "committed_on",
        _("A commitment cannot be dated before its pledge (%(date)s)."),
    )


class CommitmentFields(TypedDict, total=False):
    """What `commitment_update` corrects."""

    committed_on: datetime.date
    amount: Decimal
    quantity: Decimal | None
    agreement: Agreement | None


COMMITMENT_FIELDS = tuple(CommitmentFields.__annotations__)

# What the apps that spend a commitment's money have drawn on it, in US dollars (supply's
# purchase orders, registered when it starts): a correction never lowers it below that.
COMMITMENT_DRAWS: list[Callable[[Commitment], Decimal]] = []


class CommitmentInUse(DomainError):
    """Payments or orders were recorded against the commitment: it stays while they do."""

    status_code = 409


@transaction.atomic
def commitment_update(
    *, actor: User | None, commitment: Commitment, **fields: Unpack[CommitmentFields]
) -> Commitment:
    """Correct a commitment's date, amount, quantity or agreement; its rate follows its date.
    Together the pledge's commitments stay within it, and the commitment never falls below
    what was paid or ordered against it, nor is dated after its first payment."""
    values = given_fields("commitment_update", fields, COMMITMENT_FIELDS)
    pledge = _locked(commitment.pledge)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    committed_on = values.get("committed_on", commitment.committed_on)
    amount = values.get("amount", commitment.amount)
    quantity = values.get("quantity", commitment.quantity)
    _require_positive(amount)
    _dated_before_payments(pledge, commitment, committed_on)
    others = pledge.commitments.exclude(pk=commitment.pk)
    left = pledge.amount - _committed(pledge) + commitment.amount
    _within(pledge, amount, left, _("Only %(left)s of the pledge are left to commit."))
    paid = _paid(commitment)
    if amount < paid:
        raise ValidationError(
            {
                "amount": _("%(paid)s were paid against this commitment; it cannot be less.")
                % {"paid": money(paid, pledge.currency, html=False)}
            }
        )
    _in_kind_only(pledge, quantity, _("Only the commitment of an in-kind pledge has a quantity."))
    _quantity_within(
        pledge,
        quantity,
        (pledge.quantity or Decimal(0)) - _quantity_of(others),
        _("Only %(left)s of the pledge are left to commit."),
    )
    received = _quantity_of(commitment.payments.all())
    if quantity is not None and quantity < received:
        raise ValidationError(
            {
                "quantity": _(
                    "%(received)s were received against this commitment; it cannot be less."
                )
                % {"received": quantity_figure(received, pledge.unit, html=False)}
            }
        )
    units_per_usd = _rate(pledge.currency, committed_on, "committed_on")
    amount_usd = _usd(amount, units_per_usd)
    drawn = sum((draw(commitment) for draw in COMMITMENT_DRAWS), Decimal(0))
    if amount_usd < drawn:
        raise ValidationError(
            {
                "amount": _("Orders of %(drawn)s are drawn on this commitment; it cannot be less.")
                % {"drawn": money(drawn, "USD", html=False)}
            }
        )
    values.update(units_per_usd=units_per_usd, amount_usd=amount_usd)
    return update_audited(actor=actor, obj=commitment, values=values)


def _dated_before_payments(
    pledge: Pledge, commitment: Commitment, committed_on: datetime.date
) -> None:
    """A commitment comes after its pledge, no later than today, and before its payments."""
    _dated_after_pledge(pledge, committed_on)
    first_paid = commitment.payments.aggregate(first=Min("paid_on"))["first"]
    if first_paid is not None and committed_on > first_paid:
        raise ValidationError(
            {
                "committed_on": _(
                    "A commitment cannot be dated after its first payment (%(date)s)."
                )
                % {"date": day(first_paid, html=False)}
            }
        )


@transaction.atomic
def commitment_cancel(*, actor: User | None, commitment: Commitment, reason: str) -> None:
    """Withdraw a commitment recorded by mistake; the audit entry keeps what it said, and why.

    A commitment that payments or purchase orders were recorded against stays (cancel them
    first)."""
    reason = stated_reason(reason, _("Say why the commitment is cancelled."))
    _locked(commitment.pledge)
    before = snapshot(
        commitment, ("pledge", "agreement", "committed_on", "amount", "amount_usd", "quantity")
    )
    audit_record(
        actor=actor,
        action="funding.commitment.cancelled",
        obj=commitment,
        before=before,
        after={"reason": reason},
    )
    try:
        with transaction.atomic():
            commitment.delete()
    except ProtectedError as in_use:
        raise CommitmentInUse(
            _(
                "Payments or purchase orders are recorded against this commitment; cancel "
                "them first."
            )
        ) from in_use
