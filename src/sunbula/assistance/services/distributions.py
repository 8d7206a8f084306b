"""Distributions: stock handed out against entitlements, one by one, in a batch or from a list."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from sunbula.assistance.models import (
    Beneficiary,
    Cycle,
    Distribution,
    Draw,
    Entitlement,
    RationKind,
    RationLine,
    Reach,
)
from sunbula.assistance.services.actuals import _feed
from sunbula.assistance.services.cycles import ZERO, AssistanceError, EntitlementExceeded
from sunbula.assistance.tallies import draw_count
from sunbula.core.audit import audit_record, snapshot
from sunbula.core.errors import DomainError
from sunbula.core.models import Site, User
from sunbula.registry.importing import FileRefused, rows_of
from sunbula.supply.models import Commodity, StockBalance
from sunbula.supply.services import StockShort, stock_distribute


def _lots_first_expiry(site: Site, commodity: Commodity) -> QuerySet[StockBalance]:
    return (
        StockBalance.objects.select_related("lot")
        .filter(site=site, lot__commodity=commodity, quantity__gt=0)
        .order_by(F("lot__expires_on").asc(nulls_last=True), "lot__received_on", "lot__pk")
    )


def _person_days(cycle: Cycle, entitlement: Entitlement, quantity: Decimal) -> Decimal:
    """Days of food for one person the quantity stands for (institution rations only)."""
    if cycle.ration_kind != RationKind.PER_RESIDENT_MONTH:
        return ZERO
    line = RationLine.objects.filter(cycle=cycle, commodity=entitlement.commodity).first()
    if line is None:
        return ZERO
    per_day = line.quantity / Decimal(30)
    return Decimal((quantity / per_day).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@transaction.atomic
def distribution_record(
    *,
    actor: User | None,
    entitlement: Entitlement,
    site: Site,
    quantity: Decimal,
    distributed_on: datetime.date,
    reference: str = "",
    is_illustrative: bool = False,
    client_id: uuid.UUID | None = None,
) -> Distribution:
    """Hand over `quantity` against an entitlement at a site, lots first expiry first out."""
    if quantity <= 0:
        raise ValidationError({"quantity": _("Give a quantity greater than zero.")})
    entitlement = (
        Entitlement.objects.select_for_update()
        .select_related("cycle", "beneficiary", "commodity")
        .get(pk=entitlement.pk)
    )
    cycle = entitlement.cycle
    # One beneficiary's draws are counted one after another (see tallies.draw_count).
    beneficiary = Beneficiary.objects.select_for_update().get(pk=entitlement.beneficiary_id)
    if entitlement.status not in (Entitlement.Status.APPROVED, Entitlement.Status.PARTLY):
        raise AssistanceError(
            _("This entitlement is %(status)s; only an approved one is distributed.")
            % {"status": entitlement.get_status_display()}
        )
    if site.country_id != cycle.country_id:
        raise ValidationError({"site": _("The site is not in the country of the cycle.")})
    if quantity > entitlement.remaining:
        raise EntitlementExceeded(
            _("Only %(left)s of %(commodity)s are left on this entitlement; %(asked)s were asked.")
            % {
                "left": entitlement.remaining,
                "commodity": entitlement.commodity,
                "asked": quantity,
            }
        )
    balances = list(_lots_first_expiry(site, entitlement.commodity))
    held = sum((balance.quantity for balance in balances), ZERO)
    if quantity > held:
        raise StockShort(
            _("%(site)s holds %(held)s of %(commodity)s; %(asked)s were asked for.")
            % {"site": site, "held": held, "commodity": entitlement.commodity, "asked": quantity}
        )
    distribution = Distribution(
        entitlement=entitlement,
        beneficiary=entitlement.beneficiary,
        site=site,
        country=cycle.country,
        quantity=quantity,
        person_days=_person_days(cycle, entitlement, quantity),
        distributed_on=distributed_on,
        reference=reference or f"DIST-{cycle.pk}-{entitlement.pk}-{distributed_on:%Y%m%d}",
        recorded_by=actor,
        is_illustrative=is_illustrative,
        client_id=client_id,
    )
    distribution.full_clean()
    distribution.save()
    left = quantity
    for balance in balances:
        if not left:
            break
        take = min(left, balance.quantity)
        movement = stock_distribute(
            actor=actor,
            site=site,
            lot=balance.lot,
            quantity=take,
            reference=distribution.reference,
            occurred_at=distributed_on,
        )
        draw = Draw.objects.create(
            distribution=distribution,
            lot=balance.lot,
            beneficiary=entitlement.beneficiary,
            quantity=take,
            person_days=_person_days(cycle, entitlement, take),
            movement=movement,
        )
        draw_count(draw, site_id=site.pk, beneficiary=beneficiary)
        reach, _created = Reach.objects.get_or_create(
            lot=balance.lot,
            site=site,
            beneficiary=entitlement.beneficiary,
            defaults={
                "is_institution": entitlement.beneficiary.kind == Beneficiary.Kind.INSTITUTION
            },
        )
        Reach.objects.filter(pk=reach.pk).update(
            quantity=F("quantity") + take, person_days=F("person_days") + draw.person_days
        )
        left -= take
    entitlement.distributed += quantity
    entitlement.status = (
        Entitlement.Status.DISTRIBUTED if not entitlement.remaining else Entitlement.Status.PARTLY
    )
    entitlement.full_clean()
    entitlement.save(update_fields=["distributed", "status"])
    audit_record(
        actor=actor,
        action="assistance.distribution.created",
        obj=distribution,
        after={
            **snapshot(distribution, ("entitlement", "site", "quantity", "distributed_on")),
            "draws": [[draw.lot_id, draw.quantity] for draw in distribution.draws.all()],
            "entitlement_status": entitlement.status,
            **({"client_id": str(client_id)} if client_id else {}),
        },
    )
    if cycle.reporting_period_id is not None and not cycle.reporting_period.is_locked:  # type: ignore[union-attr]
        _feed(actor, cycle)
    return distribution


@dataclass(frozen=True)
class BatchRow:
    """One line of a paper list: the beneficiary's reference and the kilograms handed over."""

    reference: str
    quantity: Decimal
    line: int = 0  # the line of the file it came from; its place in the list if not given


@transaction.atomic
def distribution_batch_record(
    *,
    actor: User | None,
    cycle: Cycle,
    commodity: Commodity,
    site: Site,
    distributed_on: datetime.date,
    rows: Sequence[BatchRow],
    is_illustrative: bool = False,
) -> list[Distribution]:
    """Record a paper list at once: all lines or none, a bad line named by its number."""
    if not rows:
        raise ValidationError({"rows": _("The list is empty.")})
    made = []
    for place, row in enumerate(rows, start=1):
        number = row.line or place
        entitlement = Entitlement.objects.filter(
            cycle=cycle, beneficiary__reference=row.reference, commodity=commodity
        ).first()
        if entitlement is None:
            raise ValidationError(
                {
                    "rows": _("Line %(line)s: %(reference)s has no entitlement in this cycle.")
                    % {"line": number, "reference": row.reference}
                }
            )
        try:
            made.append(
                distribution_record(
                    actor=actor,
                    entitlement=entitlement,
                    site=site,
                    quantity=row.quantity,
                    distributed_on=distributed_on,
                    reference=f"DIST-{cycle.pk}-{entitlement.pk}-{distributed_on:%Y%m%d}-{number:04d}",
                    is_illustrative=is_illustrative,
                )
            )
        except (DomainError, ValidationError) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            raise ValidationError(
                {"rows": _("Line %(line)s: %(problem)s") % {"line": number, "problem": message}}
            ) from error
    return made


def _batch_rows(table: list[list[str]]) -> list[BatchRow]:
    if not table:
        raise ValidationError({"file": _("The file is empty.")})
    headers = [cell.strip().lower() for cell in table[0]]
    if "reference" not in headers or "quantity" not in headers:
        raise ValidationError({"file": _("Give the columns “reference” and “quantity”.")})
    at_reference, at_quantity = headers.index("reference"), headers.index("quantity")
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = cells + [""] * (len(headers) - len(cells))
        reference = cells[at_reference].strip()
        try:
            quantity = Decimal(cells[at_quantity].strip().replace(",", "."))
        except ArithmeticError:
            quantity = ZERO
        if not reference or not quantity.is_finite() or quantity <= 0:
            raise ValidationError(
                {
                    "file": _("Line %(line)s: give a reference and a quantity above zero.")
                    % {"line": line}
                }
            )
        rows.append(BatchRow(reference, quantity, line))
    return rows


@transaction.atomic
def distribution_list_upload(
    *,
    actor: User | None,
    cycle: Cycle,
    commodity: Commodity,
    site: Site,
    distributed_on: datetime.date,
    stream: IO[bytes],
    file_name: str,
    size: int,
) -> list[Distribution]:
    """Record a distribution list from a CSV or XLSX file (columns reference, quantity), with
    the registry import's file rules; a bad line is named and nothing is recorded."""
    try:
        table = list(rows_of(stream, file_name, size))
    except FileRefused as refused:
        raise ValidationError({"file": str(refused)}) from refused
    return distribution_batch_record(
        actor=actor,
        cycle=cycle,
        commodity=commodity,
        site=site,
        distributed_on=distributed_on,
        rows=_batch_rows(table),
    )
