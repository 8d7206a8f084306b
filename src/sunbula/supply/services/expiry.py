"""Expired stock: flagged where it lies, written off as a loss with cause "expired" once
another person approves, after which it is no longer on hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sunbula.core.audit import create_audited, update_audited
from sunbula.core.models import Site, User
from sunbula.supply.models import ExpiryWriteOff, LossCause, Lot, StockBalance
from sunbula.supply.services.ledger import stock_loss_record
from sunbula.supply.services.waybills import ApprovalError


@transaction.atomic
def expiry_writeoff_request(
    *,
    actor: User | None,
    site: Site,
    lot: Lot,
    quantity: Decimal | None = None,
    on: datetime.date | None = None,
) -> ExpiryWriteOff:
    """Put forward expired stock of a lot at a site (all of it unless `quantity` is given)."""
    day = on or timezone.localdate()
    if lot.expires_on is None or lot.expires_on >= day:
        raise ValidationError({"lot": _("Lot %(lot)s has not expired.") % {"lot": lot}})
    balance = StockBalance.objects.filter(site=site, lot=lot).first()
    held = balance.quantity if balance is not None else Decimal(0)
    asked = held if quantity is None else quantity
    if asked <= 0 or asked > held:
        raise ValidationError(
            {
                "quantity": _("%(site)s holds %(held)s of lot %(lot)s.")
                % {"site": site, "held": held, "lot": lot}
            }
        )
    return create_audited(
        actor=actor,
        model=ExpiryWriteOff,
        values={"site": site, "lot": lot, "quantity": asked, "requested_by": actor},
    )


@transaction.atomic
def expiry_writeoff_approve(*, actor: User, writeoff: ExpiryWriteOff) -> ExpiryWriteOff:
    """Approve a write-off put forward by someone else; the stock leaves as a loss."""
    writeoff = ExpiryWriteOff.objects.select_for_update().get(pk=writeoff.pk)
    if writeoff.status != ExpiryWriteOff.Status.REQUESTED:
        raise ApprovalError(_("This write-off is approved already."))
    if writeoff.requested_by_id is not None and writeoff.requested_by_id == actor.pk:
        raise ApprovalError(_("Another person must approve the write-off you put forward."))
    movement = stock_loss_record(
        actor=actor,
        site=writeoff.site,
        lot=writeoff.lot,
        quantity=writeoff.quantity,
        reference=f"EXP-{writeoff.pk}",
        cause=LossCause.EXPIRED,
        reason=gettext_noop("Past its expiry date"),
    )
    return update_audited(
        actor=actor,
        obj=writeoff,
        values={
            "status": ExpiryWriteOff.Status.APPROVED,
            "approved_by": actor,
            "movement": movement,
        },
    )
