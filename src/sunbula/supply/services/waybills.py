"""Waybills: created, dispatched, received with their losses, approved and closed."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from sunbula.core import figures
from sunbula.core.audit import (
    audit_changes,
    audit_record,
    given_fields,
    save_audited,
    snapshot,
    stated_reason,
)
from sunbula.core.errors import DomainError
from sunbula.core.models import Organisation, Site, User
from sunbula.core.validation import refuse_future
from sunbula.supply.models import (
    ONLY_DRAFT_WAYBILLS_EDITED,
    LossCause,
    LossStage,
    Lot,
    MovementKind,
    StockBalance,
    Waybill,
    WaybillLine,
    packages_in_bounds,
)
from sunbula.supply.services.ledger import (
    _lock,
    _move,
    _require_stock_site,
    _when,
    short_of,
)
from sunbula.supply.services.receipts import _new_reference

# A waybill line that loses more than this share of what was sent needs an approver.
LOSS_THRESHOLD = Decimal("0.02")


class WaybillStateError(DomainError):
    status_code = 409


class ApprovalError(DomainError):
    status_code = 403


@dataclass(frozen=True)
class LineInput:
    """A lot to send on a waybill, in the commodity's base unit."""

    lot: Lot
    quantity: Decimal
    packages: int = 0


class WaybillFields(TypedDict, total=False):
    """What a draft waybill's header records; a field left out keeps its value."""

    origin: Site
    destination: Site
    transporter: Organisation | None
    vehicle: str


WAYBILL_FIELDS = tuple(WaybillFields.__annotations__)


@dataclass(frozen=True)
class ReceivedLine:
    """What arrived of one waybill line; a shortfall needs its cause and stage."""

    line: WaybillLine
    received_quantity: Decimal
    loss_cause: str = ""
    loss_stage: str = ""


def _check_lines(origin: Site, lines: Sequence[LineInput]) -> None:
    """At least one line, each of a quantity the origin holds of its lot now (a lot on
    several lines, all of them together) and of a number of packages a line can carry."""
    if not lines:
        raise ValidationError({"lines": _("A waybill needs at least one line.")})
    held = dict(
        StockBalance.objects.filter(site=origin, lot__in=[line.lot for line in lines]).values_list(
            "lot_id", "quantity"
        )
    )
    asked: dict[int, Decimal] = {}
    for index, line in enumerate(lines, start=1):
        if line.quantity <= 0:
            raise ValidationError(
                {"lines": _("Line %(line)s: give a quantity greater than zero.") % {"line": index}}
            )
        try:
            packages_in_bounds(line.packages)
        except ValidationError as implausible:
            refusal = " ".join(implausible.messages)
            raise ValidationError(
                {"packages": _("Line %(line)s: %(refusal)s") % {"line": index, "refusal": refusal}}
            ) from implausible
        asked[line.lot.pk] = asked.get(line.lot.pk, Decimal(0)) + line.quantity
        if asked[line.lot.pk] > held.get(line.lot.pk, Decimal(0)):
            refusal = short_of(
                held=held.get(line.lot.pk, Decimal(0)),
                lot=line.lot,
                site=origin,
                asked=asked[line.lot.pk],
            )
            raise ValidationError(
                {"lines": _("Line %(line)s: %(refusal)s") % {"line": index, "refusal": refusal}}
            )


def _lines_snapshot(lines: Sequence[LineInput] | Sequence[WaybillLine]) -> list[dict[str, object]]:
    return [
        {"lot": line.lot.pk, "quantity": line.quantity, "packages": line.packages} for line in lines
    ]


@transaction.atomic
def waybill_create(
    *,
    actor: User | None,
    origin: Site,
    destination: Site,
    lines: Sequence[LineInput],
    transporter: Organisation | None = None,
    vehicle: str = "",
    number: str = "",
    is_illustrative: bool = False,
) -> Waybill:
    """Draft a waybill of what the origin holds; nothing moves until it is dispatched."""
    _require_stock_site(origin, "origin")
    _require_stock_site(destination, "destination")
    _check_lines(origin, lines)
    waybill = Waybill(
        number=number or _new_reference("WB"),
        origin=origin,
        destination=destination,
        transporter=transporter,
        vehicle=vehicle,
        is_illustrative=is_illustrative,
    )
    waybill.full_clean()
    waybill.save()
    for line in lines:
        WaybillLine.objects.create(
            waybill=waybill, lot=line.lot, quantity=line.quantity, packages=line.packages
        )
    audit_record(
        actor=actor,
        action="supply.waybill.created",
        obj=waybill,
        after={
            **snapshot(waybill, ("number", "origin", "destination", "transporter", "vehicle")),
            "lines": _lines_snapshot(lines),
        },
    )
    return waybill


HEADER = ("number", "origin", "destination", "transporter", "vehicle")


def _locked_draft(waybill: Waybill, refusal: StrOrPromise) -> Waybill:
    locked = Waybill.objects.select_for_update().get(pk=waybill.pk)
    if locked.status != Waybill.Status.DRAFT:
        raise WaybillStateError(
            str(refusal) % {"number": locked.number, "status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def waybill_update(
    *,
    actor: User | None,
    waybill: Waybill,
    lines: Sequence[LineInput] | None = None,
    **fields: Unpack[WaybillFields],
) -> Waybill:
    """Correct a draft waybill (its origin, destination, transporter, vehicle, and its lines
    when given); one already dispatched cannot change."""
    values = given_fields("waybill_update", fields, WAYBILL_FIELDS)
    waybill = _locked_draft(waybill, ONLY_DRAFT_WAYBILLS_EDITED)
    old_lines = list(waybill.lines.select_related("lot").order_by("pk"))
    before = {**snapshot(waybill, HEADER), "lines": _lines_snapshot(old_lines)}
    moved = "origin" in values and values["origin"].pk != waybill.origin_id
    for name, value in values.items():
        setattr(waybill, name, value)
    _require_stock_site(waybill.origin, "origin")
    _require_stock_site(waybill.destination, "destination")
    waybill.full_clean()
    if lines is not None or moved:
        kept = [LineInput(line.lot, line.quantity, line.packages) for line in old_lines]
        _check_lines(waybill.origin, kept if lines is None else lines)
    waybill.save()
    if lines is not None:
        waybill.lines.all().delete()
        for line in lines:
            WaybillLine.objects.create(
                waybill=waybill, lot=line.lot, quantity=line.quantity, packages=line.packages
            )
    after = {
        **snapshot(waybill, HEADER),
        "lines": _lines_snapshot(lines) if lines is not None else before["lines"],
    }
    audit_changes(
        actor=actor, action="supply.waybill.updated", obj=waybill, before=before, after=after
    )
    return waybill


@transaction.atomic
def waybill_cancel(*, actor: User | None, waybill: Waybill, reason: str) -> Waybill:
    """Cancel a mistaken draft, saying why; nothing had moved, so nothing moves back."""
    waybill = _locked_draft(
        waybill,
        _("Waybill %(number)s is %(status)s: only a draft can be cancelled."),
    )
    reason = stated_reason(reason, _("Say why the waybill is cancelled."))
    waybill.status = Waybill.Status.CANCELLED
    return save_audited(
        actor=actor,
        obj=waybill,
        verb="cancelled",
        before={"status": Waybill.Status.DRAFT},
        fields=("status",),
        also={"reason": reason},
    )


def _locked_waybill(waybill: Waybill, expected: str) -> Waybill:
    locked = Waybill.objects.select_for_update().get(pk=waybill.pk)
    if locked.status != expected:
        raise WaybillStateError(
            _("Waybill %(number)s is %(status)s.")
            % {"number": locked.number, "status": locked.get_status_display()}
        )
    return locked


def _status_change(actor: User | None, waybill: Waybill, before: str, verb: str) -> None:
    save_audited(
        actor=actor,
        obj=waybill,
        verb=verb,
        before={"status": before},
        fields=("status", "dispatched_on", "received_on"),
    )


@transaction.atomic
def waybill_dispatch(
    *, actor: User | None, waybill: Waybill, dispatched_on: datetime.date
) -> Waybill:
    """Take every line out of the origin's stock; all or nothing. The day is not one still to
    come, nor one before the origin held the goods (see `_move`)."""
    refuse_future(dispatched_on, "dispatched_on", _("A dispatch cannot be dated in the future."))
    waybill = _locked_waybill(waybill, Waybill.Status.DRAFT)
    lines = list(waybill.lines.select_related("lot").order_by("pk"))
    balances = _lock([(waybill.origin, line.lot) for line in lines])
    for line in lines:
        _move(
            actor=actor,
            balance=balances[(waybill.origin_id, line.lot_id)],
            kind=MovementKind.DISPATCH,
            quantity=-line.quantity,
            reference=waybill.number,
            reason=_("Dispatched to %(site)s") % {"site": waybill.destination.name},
            waybill_line=line,
            occurred_at=_when(dispatched_on),
            dated_by="dispatched_on",
        )
    waybill.status = Waybill.Status.DISPATCHED
    waybill.dispatched_on = dispatched_on
    _status_change(actor, waybill, Waybill.Status.DRAFT, "dispatched")
    return waybill


@transaction.atomic
def waybill_receive(
    *,
    actor: User | None,
    waybill: Waybill,
    received_on: datetime.date,
    lines: Sequence[ReceivedLine],
) -> Waybill:
    """Book the goods-received note: what arrived goes into stock, the shortfall is a loss.

    The full quantity sent is transferred in and the shortfall written off at once, so the
    destination's balance remains the sum of its movements. A loss above LOSS_THRESHOLD of
    the line is flagged and the waybill cannot close until someone else approves it.
    """
    waybill = _locked_waybill(waybill, Waybill.Status.DISPATCHED)
    by_line = {entry.line.pk: entry for entry in lines}
    waybill_lines = list(waybill.lines.select_related("lot__commodity").order_by("pk"))
    if set(by_line) != {line.pk for line in waybill_lines}:
        raise ValidationError({"lines": _("Give the quantity received for every line.")})
    refuse_future(received_on, "received_on", _("Goods cannot be received on a day to come."))
    if waybill.dispatched_on and received_on < waybill.dispatched_on:
        raise ValidationError({"received_on": _("Goods cannot arrive before they left.")})
    balances = _lock([(waybill.destination, line.lot) for line in waybill_lines])
    when = _when(received_on)
    for number, line in enumerate(waybill_lines, start=1):
        entry = by_line[line.pk]
        received = entry.received_quantity
        if received < 0 or received > line.quantity:
            sent = figures.quantity(line.quantity, line.lot.commodity.base_unit, html=False)
            raise ValidationError(
                {
                    "lines": _("Line %(line)s: received must be between 0 and %(sent)s.")
                    % {"line": number, "sent": sent}
                }
            )
        lost = line.quantity - received
        if lost and (entry.loss_cause not in LossCause.values or not entry.loss_stage):
            raise ValidationError(
                {
                    "lines": _("Line %(line)s: give the cause and stage of the loss.")
                    % {"line": number}
                }
            )
        if lost and entry.loss_stage not in LossStage.values:
            raise ValidationError({"lines": _("Line %(line)s: unknown stage.") % {"line": number}})
        balance = balances[(waybill.destination_id, line.lot_id)]
        _move(
            actor=actor,
            balance=balance,
            kind=MovementKind.TRANSFER_IN,
            quantity=line.quantity,
            reference=waybill.number,
            reason=_("Received from %(site)s") % {"site": waybill.origin.name},
            waybill_line=line,
            occurred_at=when,
        )
        if lost:
            _move(
                actor=actor,
                balance=balance,
                kind=MovementKind.LOSS,
                quantity=-lost,
                reference=waybill.number,
                reason=str(LossCause(entry.loss_cause).label),
                loss_cause=entry.loss_cause,
                loss_stage=entry.loss_stage,
                waybill_line=line,
                occurred_at=when,
                dated_by="received_on",
            )
        line.received_quantity = received
        line.lost_quantity = lost
        line.loss_cause = entry.loss_cause if lost else ""
        line.loss_stage = entry.loss_stage if lost else ""
        line.loss_flagged = lost > line.quantity * LOSS_THRESHOLD
        line.save()
    waybill.status = Waybill.Status.RECEIVED
    waybill.received_on = received_on
    waybill.received_by = actor
    _status_change(actor, waybill, Waybill.Status.DISPATCHED, "received")
    return waybill


@transaction.atomic
def waybill_loss_approve(*, actor: User, line: WaybillLine) -> WaybillLine:
    """Approve a flagged loss; the approver is not the person who booked the receipt."""
    line = WaybillLine.objects.select_for_update().select_related("waybill").get(pk=line.pk)
    if not line.awaits_approval:
        raise ApprovalError(_("This loss does not await approval."))
    if line.waybill.received_by_id == actor.pk:
        raise ApprovalError(_("Someone other than the receiver must approve the loss."))
    line.loss_approved_by = actor
    line.save()
    audit_record(
        actor=actor,
        action="supply.waybillline.loss_approved",
        obj=line,
        after={"loss_approved_by": actor.pk, "lost_quantity": line.lost_quantity},
    )
    return line


@transaction.atomic
def waybill_close(*, actor: User | None, waybill: Waybill) -> Waybill:
    """Close a received waybill once every flagged loss is approved."""
    waybill = _locked_waybill(waybill, Waybill.Status.RECEIVED)
    if any(line.awaits_approval for line in waybill.lines.all()):
        raise WaybillStateError(_("A flagged loss on this waybill awaits approval."))
    waybill.status = Waybill.Status.CLOSED
    _status_change(actor, waybill, Waybill.Status.RECEIVED, "closed")
    return waybill
