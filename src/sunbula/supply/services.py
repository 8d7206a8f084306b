"""Every write to commodities, lots, the stock ledger, waybills and counts: atomic and audited.

Stock changes follow Saleor's pattern (saleor/warehouse/management.py): the balance rows a
change touches are locked with SELECT … FOR UPDATE in primary-key order, so two clerks never
deadlock and never both spend the same kilograms; quantities change with F() in the same
transaction as the movement that explains them.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.audit import audit_record, create_audited, snapshot, upsert_audited
from sunbula.core.errors import DomainError
from sunbula.core.models import Organisation, Site, User
from sunbula.funding.models import ContributionType, Payment
from sunbula.supply.models import (
    Commodity,
    LossCause,
    LossStage,
    Lot,
    MovementKind,
    Provenance,
    StockBalance,
    StockCount,
    StockCountLine,
    StockMovement,
    StockSite,
    Waybill,
    WaybillLine,
)

# A waybill line that loses more than this share of what was sent needs an approver.
LOSS_THRESHOLD = Decimal("0.02")
# Funding records in-kind quantities as free text units; these are the ones we convert.
KG_PER_UNIT = {"kg": Decimal(1), "t": Decimal(1000), "mt": Decimal(1000), "tonne": Decimal(1000)}
MOVEMENT_FIELDS = ("kind", "site", "lot", "quantity", "reference", "reason", "loss_cause")


class StockShort(DomainError):
    """A movement would take more than the site holds of the lot."""

    status_code = 409


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


@dataclass(frozen=True)
class ReceivedLine:
    """What arrived of one waybill line; a shortfall needs its cause and stage."""

    line: WaybillLine
    received_quantity: Decimal
    loss_cause: str = ""
    loss_stage: str = ""


@dataclass(frozen=True)
class CountedLine:
    lot: Lot
    counted_quantity: Decimal


def _positive(quantity: Decimal, field: str = "quantity") -> None:
    if quantity <= 0:
        raise ValidationError({field: _("Give a quantity greater than zero.")})


def _when(occurred_at: datetime.datetime | datetime.date | None) -> datetime.datetime:
    if occurred_at is None:
        return timezone.now()
    if isinstance(occurred_at, datetime.datetime):
        return occurred_at
    return datetime.datetime.combine(occurred_at, datetime.time(12), tzinfo=datetime.UTC)


def _require_stock_site(site: Site) -> None:
    if not StockSite.objects.filter(site=site, is_active=True).exists():
        raise ValidationError({"site": _("%(site)s does not hold stock.") % {"site": site}})


def _lock(pairs: Iterable[tuple[Site, Lot]]) -> dict[tuple[int, int], StockBalance]:
    """The balances of `pairs`, created if missing, locked in primary-key order."""
    ids = []
    for site_id, lot_id in sorted({(site.pk, lot.pk) for site, lot in pairs}):
        balance, _created = StockBalance.objects.get_or_create(site_id=site_id, lot_id=lot_id)
        ids.append(balance.pk)
    locked = StockBalance.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {(balance.site_id, balance.lot_id): balance for balance in locked}


def _move(
    *,
    actor: User | None,
    balance: StockBalance,
    kind: str,
    quantity: Decimal,
    reference: str,
    reason: str,
    occurred_at: datetime.datetime,
    waybill_line: WaybillLine | None = None,
    loss_cause: str = "",
    loss_stage: str = "",
) -> StockMovement:
    """Append one movement and change its (locked) balance by the same signed quantity."""
    if balance.quantity + quantity < 0:
        raise StockShort(
            _("Only %(left)s of lot %(lot)s are left at %(site)s; %(asked)s were asked for.")
            % {
                "left": balance.quantity,
                "lot": balance.lot.reference,
                "site": balance.site,
                "asked": -quantity,
            }
        )
    movement = StockMovement(
        kind=kind,
        site_id=balance.site_id,
        lot_id=balance.lot_id,
        quantity=quantity,
        reference=reference,
        reason=reason,
        loss_cause=loss_cause,
        loss_stage=loss_stage,
        waybill_line=waybill_line,
        actor=actor,
        occurred_at=occurred_at,
    )
    movement.full_clean()
    movement.save()
    StockBalance.objects.filter(pk=balance.pk).update(quantity=F("quantity") + quantity)
    balance.quantity += quantity
    audit_record(
        actor=actor,
        action=f"supply.stockmovement.{kind}",
        obj=movement,
        after=snapshot(movement, MOVEMENT_FIELDS),
    )
    return movement


# Commodities and stock-keeping sites


@transaction.atomic
def commodity_upsert(*, actor: User | None, code: str, **values: Any) -> Commodity:
    """Create a commodity, or update what differs; an unchanged one is not audited."""
    return upsert_audited(actor=actor, model=Commodity, lookup={"code": code}, values=values)


@transaction.atomic
def stock_site_register(
    *, actor: User | None, site: Site, capacity: Decimal | None = None, is_active: bool = True
) -> StockSite:
    """Let a site hold stock (or stop it), with its storage capacity."""
    return upsert_audited(
        actor=actor,
        model=StockSite,
        lookup={"site": site},
        values={"capacity": capacity, "is_active": is_active},
    )


# Receipts


def _new_reference(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4).upper()}"


@transaction.atomic
def lot_receive(
    *,
    actor: User | None,
    site: Site,
    commodity: Commodity,
    quantity: Decimal,
    received_on: datetime.date,
    reference: str,
    provenance: str = Provenance.PURCHASE,
    payment: Payment | None = None,
    donor: Organisation | None = None,
    lot_reference: str = "",
    batch: str = "",
    expires_on: datetime.date | None = None,
    is_illustrative: bool = False,
) -> Lot:
    """Receive goods into a site as a new lot; `reference` is the delivery document."""
    _positive(quantity)
    _require_stock_site(site)
    if expires_on is None and commodity.shelf_life_days:
        expires_on = received_on + datetime.timedelta(days=commodity.shelf_life_days)
    lot = create_audited(
        actor=actor,
        model=Lot,
        values={
            "reference": lot_reference or _new_reference("LOT"),
            "commodity": commodity,
            "provenance": provenance,
            "payment": payment,
            "pledge": payment.commitment.pledge if payment else None,
            "donor": donor or (payment.commitment.pledge.donor if payment else None),
            "country": site.country,
            "batch": batch,
            "expires_on": expires_on,
            "quantity_received": quantity,
            "received_on": received_on,
            "is_illustrative": is_illustrative,
        },
    )
    balance = _lock([(site, lot)])[(site.pk, lot.pk)]
    _move(
        actor=actor,
        balance=balance,
        kind=MovementKind.RECEIPT,
        quantity=quantity,
        reference=reference,
        reason=_("Goods received"),
        occurred_at=_when(received_on),
    )
    return lot


def _commodity_for_contribution(payment: Payment) -> Commodity | None:
    """The commodity an in-kind pledge names in free text, matched by English name or code."""
    text = payment.commitment.pledge.commodity.strip()
    return (
        Commodity.objects.filter(name__iexact=text).first()
        or Commodity.objects.filter(code__iexact=text).first()
    )


@transaction.atomic
def lot_receive_contribution(
    *,
    actor: User | None,
    payment: Payment,
    site: Site,
    received_on: datetime.date,
    reference: str,
    commodity: Commodity | None = None,
    lot_reference: str = "",
    batch: str = "",
    expires_on: datetime.date | None = None,
) -> Lot:
    """Receive an in-kind contribution (a funding payment with a quantity) as its lot."""
    pledge = payment.commitment.pledge
    if pledge.contribution_type != ContributionType.IN_KIND or not payment.quantity:
        raise ValidationError({"payment": _("This payment is not an in-kind contribution.")})
    factor = KG_PER_UNIT.get(pledge.unit.strip().lower())
    commodity = commodity or _commodity_for_contribution(payment)
    if commodity is None:
        raise ValidationError(
            {"commodity": _("No commodity matches “%(text)s”.") % {"text": pledge.commodity}}
        )
    if commodity.base_unit == "kg" and factor is None:
        raise ValidationError(
            {"payment": _("Cannot convert the unit “%(unit)s” to kg.") % {"unit": pledge.unit}}
        )
    quantity = payment.quantity * (factor or Decimal(1))
    if Lot.objects.filter(payment=payment).exists():
        raise ValidationError({"payment": _("This contribution was already received.")})
    return lot_receive(
        actor=actor,
        site=site,
        commodity=commodity,
        quantity=quantity,
        received_on=received_on,
        reference=reference,
        provenance=Provenance.IN_KIND,
        payment=payment,
        lot_reference=lot_reference,
        batch=batch,
        expires_on=expires_on,
        is_illustrative=pledge.is_illustrative,
    )


# Stock going out at a site


@transaction.atomic
def stock_distribute(
    *,
    actor: User | None,
    site: Site,
    lot: Lot,
    quantity: Decimal,
    reference: str,
    reason: str = "",
    occurred_at: datetime.datetime | datetime.date | None = None,
) -> StockMovement:
    """Hand out stock to people (the assistance domain calls this for each distribution)."""
    _positive(quantity)
    balance = _lock([(site, lot)])[(site.pk, lot.pk)]
    return _move(
        actor=actor,
        balance=balance,
        kind=MovementKind.DISTRIBUTION,
        quantity=-quantity,
        reference=reference,
        reason=reason or _("Distribution"),
        occurred_at=_when(occurred_at),
    )


@transaction.atomic
def stock_loss_record(
    *,
    actor: User | None,
    site: Site,
    lot: Lot,
    quantity: Decimal,
    reference: str,
    cause: str,
    reason: str = "",
    occurred_at: datetime.datetime | datetime.date | None = None,
) -> StockMovement:
    """Write off stock lost in a store (spoilage, theft…), with its cause."""
    _positive(quantity)
    if cause not in LossCause.values:
        raise ValidationError({"cause": _("Choose a cause of loss.")})
    balance = _lock([(site, lot)])[(site.pk, lot.pk)]
    return _move(
        actor=actor,
        balance=balance,
        kind=MovementKind.LOSS,
        quantity=-quantity,
        reference=reference,
        reason=reason or str(LossCause(cause).label),
        loss_cause=cause,
        loss_stage=LossStage.AFTER_CUSTODY,
        occurred_at=_when(occurred_at),
    )


# Waybills


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
    """Draft a waybill; nothing moves until it is dispatched."""
    if not lines:
        raise ValidationError({"lines": _("A waybill needs at least one line.")})
    for index, line in enumerate(lines, start=1):
        if line.quantity <= 0:
            raise ValidationError(
                {"lines": _("Line %(line)s: give a quantity greater than zero.") % {"line": index}}
            )
    _require_stock_site(origin)
    _require_stock_site(destination)
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
            "lines": [
                {"lot": line.lot.pk, "quantity": line.quantity, "packages": line.packages}
                for line in lines
            ],
        },
    )
    return waybill


def _locked_waybill(waybill: Waybill, expected: str) -> Waybill:
    locked = Waybill.objects.select_for_update().get(pk=waybill.pk)
    if locked.status != expected:
        raise WaybillStateError(
            _("Waybill %(number)s is %(status)s.")
            % {"number": locked.number, "status": locked.get_status_display()}
        )
    return locked


def _status_change(actor: User | None, waybill: Waybill, before: str, verb: str) -> None:
    waybill.full_clean()
    waybill.save()
    audit_record(
        actor=actor,
        action=f"supply.waybill.{verb}",
        obj=waybill,
        before={"status": before},
        after=snapshot(waybill, ("status", "dispatched_on", "received_on")),
    )


@transaction.atomic
def waybill_dispatch(
    *, actor: User | None, waybill: Waybill, dispatched_on: datetime.date
) -> Waybill:
    """Take every line out of the origin's stock; all or nothing."""
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
    waybill_lines = list(waybill.lines.select_related("lot").order_by("pk"))
    if set(by_line) != {line.pk for line in waybill_lines}:
        raise ValidationError({"lines": _("Give the quantity received for every line.")})
    if waybill.dispatched_on and received_on < waybill.dispatched_on:
        raise ValidationError({"received_on": _("Goods cannot arrive before they left.")})
    balances = _lock([(waybill.destination, line.lot) for line in waybill_lines])
    when = _when(received_on)
    for number, line in enumerate(waybill_lines, start=1):
        entry = by_line[line.pk]
        received = entry.received_quantity
        if received < 0 or received > line.quantity:
            raise ValidationError(
                {
                    "lines": _("Line %(line)s: received must be between 0 and %(sent)s.")
                    % {"line": number, "sent": line.quantity}
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


# Physical counts


@transaction.atomic
def stock_count_record(
    *,
    actor: User | None,
    site: Site,
    counted_on: datetime.date,
    reason: str,
    lines: Sequence[CountedLine],
) -> StockCount:
    """Record what was counted against the book; nothing changes until it is approved."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the count.")})
    if not lines:
        raise ValidationError({"lines": _("Count at least one lot.")})
    count = create_audited(
        actor=actor,
        model=StockCount,
        values={"site": site, "counted_on": counted_on, "reason": reason, "counted_by": actor},
    )
    for number, line in enumerate(lines, start=1):
        if line.counted_quantity < 0:
            raise ValidationError(
                {"lines": _("Line %(line)s: a count cannot be negative.") % {"line": number}}
            )
        book = (
            StockBalance.objects.filter(site=site, lot=line.lot)
            .values_list("quantity", flat=True)
            .first()
        )
        StockCountLine.objects.create(
            count=count,
            lot=line.lot,
            book_quantity=book or Decimal(0),
            counted_quantity=line.counted_quantity,
        )
    return count


@transaction.atomic
def stock_count_approve(*, actor: User, count: StockCount) -> StockCount:
    """Book each difference between count and book as an adjustment (found or written off)."""
    count = StockCount.objects.select_for_update().get(pk=count.pk)
    if count.status != StockCount.Status.COUNTED:
        raise ApprovalError(_("This count is already approved."))
    if count.counted_by_id == actor.pk:
        raise ApprovalError(_("Someone other than the counter must approve the count."))
    lines = list(count.lines.select_related("lot").order_by("pk"))
    balances = _lock([(count.site, line.lot) for line in lines])
    for line in lines:
        balance = balances[(count.site_id, line.lot_id)]
        difference = line.counted_quantity - balance.quantity
        if difference:
            _move(
                actor=actor,
                balance=balance,
                kind=MovementKind.ADJUSTMENT,
                quantity=difference,
                reference=f"COUNT-{count.pk}",
                reason=count.reason,
                occurred_at=_when(count.counted_on),
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
