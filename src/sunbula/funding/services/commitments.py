"""Commitments: the part of a pledge formalised; together they never exceed it."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from sunbula.core.audit import (
    create_audited,
)
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
    _not_in_future(committed_on, "committed_on")
    _not_before_pledge(
        pledge,
        committed_on,
        "committed_on",
        _("A commitment cannot be dated before its pledge (%(date)s)."),
    )
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
