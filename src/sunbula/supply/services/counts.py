"""Physical stock counts and the adjustments their approval books."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from sunbula.core import figures
from sunbula.core.audit import audit_record, create_audited
from sunbula.core.models import Site, User
from sunbula.core.validation import kilograms_in_bounds, refuse_future
from sunbula.supply.models import (
    Lot,
    MovementKind,
    StockCount,
    StockCountLine,
    StockMovement,
)
from sunbula.supply.services.ledger import _lock, _move, _require_stock_site, _when
from sunbula.supply.services.waybills import ApprovalError


@dataclass(frozen=True)
class CountedLine:
    lot: Lot
    counted_quantity: Decimal


def _book_on(site: Site, lot: Lot, day: datetime.date) -> Decimal | None:
    """What the ledger held of `lot` at `site` at the end of `day`; None if the lot had not
    reached the site by then."""
    movements = StockMovement.objects.filter(site=site, lot=lot, occurred_at__date__lte=day)
    if not movements.exists():
        return None
    total: Decimal | None = movements.aggregate(total=Sum("quantity"))["total"]
    return total or Decimal(0)


def _refuse_implausible(number: int, counted: Decimal) -> None:
    """Refuse, on `lines`, a counted quantity below zero or beyond what any store holds
    (`kilograms_in_bounds`): its approval would book it, so it is refused when recorded."""
    if counted < 0:
        raise ValidationError(
            {"lines": _("Line %(line)s: a count cannot be negative.") % {"line": number}}
        )
    try:
        kilograms_in_bounds(counted)
    except ValidationError as implausible:
        refusal = " ".join(implausible.messages)
        raise ValidationError(
            {"lines": _("Line %(line)s: %(refusal)s") % {"line": number, "refusal": refusal}}
        ) from implausible


def _refuse_counted_twice(number: int, lot: Lot, first_line: dict[int, int]) -> None:
    """Refuse, on `lines`, a lot counted on an earlier line (`first_line`: each lot's line):
    approval would book the difference of each line, the lot's twice."""
    first = first_line.setdefault(lot.pk, number)
    if first != number:
        raise ValidationError(
            {
                "lines": _(
                    "Line %(line)s: lot %(lot)s is counted on line %(first)s already; count "
                    "each lot on one line."
                )
                % {"line": number, "lot": lot.reference, "first": first}
            }
        )


@transaction.atomic
def stock_count_record(
    *,
    actor: User | None,
    site: Site,
    counted_on: datetime.date,
    reason: str,
    lines: Sequence[CountedLine],
) -> StockCount:
    """Record what was counted against the book of the day counted; nothing changes until it
    is approved. A count is of a day that has come, at a site that keeps stock, of lots that
    had reached it by then, each on one line, of a quantity its approval could book."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the count.")})
    if not lines:
        raise ValidationError({"lines": _("Count at least one lot.")})
    refuse_future(counted_on, "counted_on", _("A count cannot be dated in the future."))
    _require_stock_site(site)
    first_line: dict[int, int] = {}
    for number, line in enumerate(lines, start=1):
        _refuse_implausible(number, line.counted_quantity)
        _refuse_counted_twice(number, line.lot, first_line)
    count = create_audited(
        actor=actor,
        model=StockCount,
        values={"site": site, "counted_on": counted_on, "reason": reason, "counted_by": actor},
    )
    for line in lines:
        book = _book_on(site, line.lot, counted_on)
        if book is None:
            raise ValidationError(
                {
                    "lot": _(
                        "Lot %(lot)s had not reached %(site)s by %(day)s: it cannot be counted there."
                    )
                    % {
                        "lot": line.lot.reference,
                        "site": site,
                        "day": figures.day(counted_on, html=False),
                    }
                }
            )
        StockCountLine.objects.create(
            count=count,
            lot=line.lot,
            book_quantity=book,
            counted_quantity=line.counted_quantity,
        )
    return count


@transaction.atomic
def stock_count_approve(*, actor: User, count: StockCount) -> StockCount:
    """Book each difference between count and book as an adjustment (found or written off)
    on the day counted: the book is what the ledger held that day, so stock that moved since
    the count, or was recorded late for a day before it, is not counted twice."""
    count = _to_decide(actor, count)
    lines = list(count.lines.select_related("lot").order_by("pk"))
    balances = _lock([(count.site, line.lot) for line in lines])
    for line in lines:
        balance = balances[(count.site_id, line.lot_id)]
        book = _book_on(count.site, line.lot, count.counted_on) or Decimal(0)
        difference = line.counted_quantity - book
        if difference:
            _move(
                actor=actor,
                balance=balance,
                kind=MovementKind.ADJUSTMENT,
                quantity=difference,
                reference=f"COUNT-{count.pk}",
                reason=count.reason,
                occurred_at=_when(count.counted_on),
                dated_by="counted_on",
            )
    count.status = StockCount.Status.APPROVED
    count.approved_by = actor
    count.save()
    audit_record(
        actor=actor,
        action="supply.stockcount.approved",
        obj=count,
        before={"status": StockCount.Status.COUNTED},
        after={"status": count.status, "approved_by": actor.pk},
    )
    return count


def _to_decide(actor: User, count: StockCount) -> StockCount:
    """The count re-read under a row lock, while it waits for someone other than the counter
    to approve or reject it."""
    count = StockCount.objects.select_for_update().get(pk=count.pk)
    if count.status == StockCount.Status.APPROVED:
        raise ApprovalError(_("This count is already approved."))
    if count.status == StockCount.Status.REJECTED:
        raise ApprovalError(_("This count was rejected; count the site again."))
    if count.counted_by_id == actor.pk:
        raise ApprovalError(_("Someone other than the counter must approve the count."))
    return count


@transaction.atomic
def stock_count_reject(*, actor: User, count: StockCount, reason: str) -> StockCount:
    """Reject a count found mistaken (a figure mistyped, a lot missed): nothing is booked,
    the count stays on record with why, and the site is counted again."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the count is rejected.")})
    count = _to_decide(actor, count)
    count.status = StockCount.Status.REJECTED
    count.rejected_by = actor
    count.rejection_reason = reason.strip()
    count.save()
    audit_record(
        actor=actor,
        action="supply.stockcount.rejected",
        obj=count,
        before={"status": StockCount.Status.COUNTED},
        after={"status": count.status, "rejected_by": actor.pk, "reason": count.rejection_reason},
    )
    return count
