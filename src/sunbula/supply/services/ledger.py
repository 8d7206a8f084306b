"""The stock ledger: balances locked in primary-key order, movements, stock going out at a site."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sunbula.core import figures
from sunbula.core.audit import audit_record, snapshot
from sunbula.core.bulk import insert_rows
from sunbula.core.errors import DomainError
from sunbula.core.models import Site, User
from sunbula.supply.models import (
    LossCause,
    LossStage,
    Lot,
    MovementKind,
    StockBalance,
    StockMovement,
    StockSite,
    WaybillLine,
)

MOVEMENT_FIELDS = ("kind", "site", "lot", "quantity", "reference", "reason", "loss_cause")


class StockShort(DomainError):
    """A movement would take more than the site holds of the lot."""

    status_code = 409


def _positive(quantity: Decimal, field: str = "quantity") -> None:
    if quantity <= 0:
        raise ValidationError({field: _("Give a quantity greater than zero.")})


def _when(occurred_at: datetime.datetime | datetime.date | None) -> datetime.datetime:
    if occurred_at is None:
        return timezone.now()
    if isinstance(occurred_at, datetime.datetime):
        return occurred_at
    return datetime.datetime.combine(occurred_at, datetime.time(12), tzinfo=datetime.UTC)


def _refuse_negative_history(
    balance: StockBalance, quantity: Decimal, occurred_at: datetime.datetime, dated_by: str
) -> None:
    """Refuse stock leaving on a day the site did not hold it, or so much of it that the site
    would run short on a later day: day by day from the movement's on, the running balance
    never falls below zero. Only the movements dated after that day are read."""
    day = timezone.localdate(occurred_at)
    movements = StockMovement.objects.filter(site_id=balance.site_id, lot_id=balance.lot_id)
    later: list[tuple[datetime.date, Decimal]] = list(
        movements.filter(occurred_at__date__gt=day)
        .annotate(on=TruncDate("occurred_at"))
        .values("on")
        .annotate(total=Sum("quantity"))
        .order_by("on")
        .values_list("on", "total")
    )
    held_then = balance.quantity - sum((total for _on, total in later), Decimal(0))
    running = held_then + quantity
    short_on = day if running < 0 else None
    for on, total in later:
        if short_on is not None:
            break
        running += total
        if running < 0:
            short_on = on
    if short_on is None:
        return
    lot = balance.lot
    unit = lot.commodity.base_unit
    facts = {
        "lot": lot.reference,
        "site": balance.site,
        "day": figures.day(day, html=False),
        "asked": figures.quantity(-quantity, unit, html=False),
        "held": figures.quantity(held_then, unit, html=False),
        "short_day": figures.day(short_on, html=False),
    }
    arrived = movements.filter(quantity__gt=0).order_by("occurred_at").first()
    if arrived is None or timezone.localdate(arrived.occurred_at) > day:
        refusal = _("Lot %(lot)s was not yet at %(site)s on %(day)s: nothing can leave it then.")
    elif short_on == day:
        refusal = _(
            "On %(day)s %(site)s held only %(held)s of lot %(lot)s; %(asked)s were asked for."
        )
    else:
        refusal = _(
            "%(site)s would run short of lot %(lot)s on %(short_day)s if %(asked)s left it on "
            "%(day)s."
        )
    raise ValidationError({dated_by: refusal % facts})


def _require_stock_site(site: Site, field: str = "site") -> None:
    """Refuse, on `field` (the caller's name for the site), a site that holds no stock."""
    if not StockSite.objects.filter(site=site, is_active=True).exists():
        raise ValidationError({field: _("%(site)s does not hold stock.") % {"site": site}})


def short_of(*, held: Decimal, lot: Lot, site: Site, asked: Decimal) -> str:
    """Why stock cannot leave: only `held` of `lot` is at `site`, `asked` was asked for."""
    unit = lot.commodity.base_unit
    return _("Only %(left)s of lot %(lot)s are left at %(site)s; %(asked)s were asked for.") % {
        "left": figures.quantity(held, unit, html=False),
        "lot": lot.reference,
        "site": site,
        "asked": figures.quantity(asked, unit, html=False),
    }


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
    dated_by: str = "occurred_at",
) -> StockMovement:
    """Append one movement and change its (locked) balance by the same signed quantity.

    Stock leaving is refused if the balance would fall below zero now, or on any day from
    the movement's on (a refusal of that day is put on `dated_by`, the field it came from)."""
    if balance.quantity + quantity < 0:
        raise StockShort(
            short_of(held=balance.quantity, lot=balance.lot, site=balance.site, asked=-quantity)
        )
    if quantity < 0:
        _refuse_negative_history(balance, quantity, occurred_at, dated_by)
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
    dated_by: str = "occurred_at",
) -> StockMovement:
    """Hand out stock to people (the assistance domain calls this for each distribution); a
    day the site did not hold the stock is refused on `dated_by`, the caller's date field."""
    _positive(quantity)
    balance = _lock([(site, lot)])[(site.pk, lot.pk)]
    return _move(
        actor=actor,
        balance=balance,
        kind=MovementKind.DISTRIBUTION,
        quantity=-quantity,
        reference=reference,
        reason=reason or gettext_noop("Distribution"),
        occurred_at=_when(occurred_at),
        dated_by=dated_by,
    )


@transaction.atomic
def stock_distribution_return(
    *,
    actor: User | None,
    site: Site,
    lot: Lot,
    quantity: Decimal,
    reference: str,
    reason: str = "",
    occurred_at: datetime.datetime | datetime.date | None = None,
) -> StockMovement:
    """Put back into a lot what a reversed distribution had taken from it."""
    _positive(quantity)
    balance = _lock([(site, lot)])[(site.pk, lot.pk)]
    return _move(
        actor=actor,
        balance=balance,
        kind=MovementKind.DISTRIBUTION,
        quantity=quantity,
        reference=reference,
        reason=reason or gettext_noop("Distribution reversed"),
        occurred_at=_when(occurred_at),
    )


@transaction.atomic
def stock_distribute_many(
    *,
    actor: User | None,
    site: Site,
    taken: Mapping[int, Decimal],
    reference: str,
    occurred_at: datetime.datetime | datetime.date | None = None,
    dated_by: str = "occurred_at",
) -> dict[int, int]:
    """Hand out a whole distribution list at once: what it takes from each lot (lot id →
    quantity) leaves as one movement per lot under the list's reference, each balance
    locked and lowered once, one audit entry for the batch; the movements' ids by lot."""
    if not taken:
        return {}
    for quantity in taken.values():
        _positive(quantity)
    lot_ids = sorted(taken)
    balances = {
        balance.lot_id: balance
        for balance in StockBalance.objects.select_for_update()
        .filter(site=site, lot_id__in=lot_ids)
        .order_by("pk")
    }
    for lot_id in lot_ids:
        quantity = taken[lot_id]
        balance = balances.get(lot_id)
        held = balance.quantity if balance is not None else Decimal(0)
        if quantity > held:
            lot = Lot.objects.select_related("commodity").get(pk=lot_id)
            raise StockShort(short_of(held=held, lot=lot, site=site, asked=quantity))
    when = _when(occurred_at)
    for lot_id in lot_ids:
        _refuse_negative_history(balances[lot_id], -taken[lot_id], when, dated_by)
    reason = gettext_noop("Distribution")
    now = timezone.now()
    actor_id = actor.pk if actor is not None else None
    movements = insert_rows(
        StockMovement,
        (
            "kind",
            "site_id",
            "lot_id",
            "quantity",
            "reference",
            "reason",
            "loss_cause",
            "loss_stage",
            "waybill_line_id",
            "actor_id",
            "occurred_at",
            "recorded_at",
        ),
        [
            (
                MovementKind.DISTRIBUTION.value,
                site.pk,
                lot_id,
                -taken[lot_id],
                reference[:60],
                reason,
                "",
                "",
                None,
                actor_id,
                when,
                now,
            )
            for lot_id in lot_ids
        ],
    )
    for lot_id in lot_ids:
        StockBalance.objects.filter(pk=balances[lot_id].pk).update(
            quantity=F("quantity") - taken[lot_id]
        )
    audit_record(
        actor=actor,
        action="supply.stockmovement.distribution",
        obj=None,
        object_repr=str(site),
        after={
            "site": site.pk,
            "reference": reference[:60],
            "movements": len(movements),
            "lots": {str(lot_id): str(taken[lot_id]) for lot_id in lot_ids},
        },
    )
    return dict(zip(lot_ids, movements, strict=True))


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
    if quantity > balance.quantity:
        raise ValidationError(
            {"quantity": short_of(held=balance.quantity, lot=lot, site=site, asked=quantity)}
        )
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
