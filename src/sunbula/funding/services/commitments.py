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
    _locked,
    _not_before_pledge,
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
    """Formalise part of a pledge; together its commitments never exceed it."""
    pledge = _locked(pledge)
    if pledge.status == Pledge.Status.CANCELLED:
        raise PledgeClosed(_("This pledge was cancelled; it takes no new commitment."))
    _require_positive(amount)
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
        _("Only %(left)s %(currency)s of the pledge are left to commit."),
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
