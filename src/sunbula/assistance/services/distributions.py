"""Distributions: stock handed out against entitlements, one by one, in a batch or from a list."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from sunbula.assistance.imports import DISTRIBUTION_LIST, ListFile
from sunbula.assistance.models import (
    Beneficiary,
    Collector,
    Cycle,
    Distribution,
    DistributionList,
    Draw,
    Entitlement,
    RationKind,
    RationLine,
    Reach,
)
from sunbula.assistance.services.actuals import _feed
from sunbula.assistance.services.cycles import (
    ZERO,
    AlreadyServed,
    AssistanceError,
    EntitlementClosed,
    EntitlementExceeded,
    ShortAtSite,
    expired_at,
    fraction_of_a_piece,
    in_unit,
    lots_first_expiry,
)
from sunbula.assistance.services.dating import distribution_date_check
from sunbula.assistance.services.lists import record_rows
from sunbula.assistance.tallies import draw_count
from sunbula.core.audit import audit_record, snapshot
from sunbula.core.imports import FileRefused, ImportFile, ImportRefused, Problem
from sunbula.core.models import Site, User
from sunbula.registry.models import Person
from sunbula.supply.models import Commodity
from sunbula.supply.services import stock_distribute, stock_distribution_return


def _person_days(cycle: Cycle, entitlement: Entitlement, quantity: Decimal) -> Decimal:
    """Days of food for one person the quantity stands for (institution rations only)."""
    if cycle.ration_kind != RationKind.PER_RESIDENT_MONTH:
        return ZERO
    line = RationLine.objects.filter(cycle=cycle, commodity=entitlement.commodity).first()
    if line is None:
        return ZERO
    per_day = line.quantity / Decimal(30)
    return Decimal((quantity / per_day).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


OPEN = (Entitlement.Status.APPROVED, Entitlement.Status.PARTLY)


def _root(person_id: int | None, duplicate_of_id: int | None) -> int | None:
    return duplicate_of_id or person_id


def _served_elsewhere(beneficiary: Beneficiary) -> Beneficiary | None:
    """Another row of the cycle standing for the same person (a merged duplicate or its
    survivor) that has been handed something already."""
    if beneficiary.person_id is None:
        return None
    root = _root(beneficiary.person_id, beneficiary.person.duplicate_of_id)  # type: ignore[union-attr]
    return (
        Beneficiary.objects.filter(cycle_id=beneficiary.cycle_id, entitlements__distributed__gt=0)
        .exclude(pk=beneficiary.pk)
        .filter(Q(person_id=root) | Q(person__duplicate_of_id=root))
        .first()
    )


def _check_open(entitlement: Entitlement, beneficiary: Beneficiary) -> None:
    """Refuse a hand-over to someone served already, or against a closed entitlement."""
    if entitlement.status == Entitlement.Status.DISTRIBUTED:
        raise AlreadyServed(
            _("%(reference)s was already served %(commodity)s in this cycle.")
            % {"reference": beneficiary.reference, "commodity": entitlement.commodity}
        )
    if entitlement.status not in OPEN:
        raise EntitlementClosed(
            _("This entitlement is %(status)s; only an approved one is distributed.")
            % {"status": entitlement.get_status_display()}
        )
    other = _served_elsewhere(beneficiary)
    if other is not None:
        raise AlreadyServed(
            _("%(reference)s is the same person as %(other)s, already served in this cycle.")
            % {"reference": beneficiary.reference, "other": other.reference}
        )


def _settle(entitlement: Entitlement, quantity: Decimal) -> None:
    entitlement.distributed += quantity
    if not entitlement.distributed:
        entitlement.status = Entitlement.Status.APPROVED
    elif entitlement.remaining:
        entitlement.status = Entitlement.Status.PARTLY
    else:
        entitlement.status = Entitlement.Status.DISTRIBUTED


# How many numbered variants of a reference are tried before one is made unique by chance.
REFERENCE_VARIANTS = 20


def free_reference(wanted: str) -> str:
    """`wanted`, or the first of `wanted-2`, `wanted-3`, … no distribution holds yet (a second
    hand-over against one entitlement on one day would otherwise repeat the first's)."""
    stem = wanted[:52]
    variants = [wanted, *(f"{stem}-{number}" for number in range(2, REFERENCE_VARIANTS + 1))]
    taken = set(
        Distribution.objects.filter(reference__in=variants).values_list("reference", flat=True)
    )
    free = next((variant for variant in variants if variant not in taken), None)
    return free or f"{stem}-{uuid.uuid4().hex[:7].upper()}"


def _typed_reference_check(reference: str, beneficiary: Beneficiary) -> None:
    """Refuse a reference typed for a hand-over that carries the beneficiary's reference or
    an external id of theirs, or of a member of their household (in any case): the stock
    ledger copies it and keeps it for good, so it would outlive the erasure of their personal
    data."""
    typed = reference.casefold()
    identifiers = [
        beneficiary.reference,
        beneficiary.person.external_id if beneficiary.person is not None else "",
        beneficiary.household.external_id if beneficiary.household is not None else "",
    ]
    if beneficiary.household_id is not None:
        identifiers += Person.objects.filter(household_id=beneficiary.household_id).values_list(
            "external_id", flat=True
        )
    if any(each.strip() and each.strip().casefold() in typed for each in identifiers):
        raise ValidationError(
            {
                "reference": _(
                    "A distribution reference must not contain the beneficiary's reference or "
                    "external id; leave it empty and one that names no one is made."
                )
            }
        )


def _typed_reference_unused(reference: str) -> None:
    """Refuse a reference typed for a hand-over (a paper voucher or stub number) that a
    distribution holds already: the same voucher twice is the same hand-over sent again, or a
    number mistyped, never a second hand-over to record under another number."""
    if Distribution.objects.filter(reference=reference).exists():
        raise ValidationError(
            {
                "reference": _(
                    "%(reference)s is the reference of a distribution recorded already; a "
                    "voucher or receipt number is recorded once."
                )
                % {"reference": reference}
            }
        )


def _feed_if_open(actor: User | None, cycle: Cycle) -> None:
    if cycle.reporting_period_id is not None and not cycle.reporting_period.is_locked:  # type: ignore[union-attr]
        _feed(actor, cycle)


def _reach(draw: Draw, site: Site, beneficiary: Beneficiary) -> None:
    reach, _created = Reach.objects.get_or_create(
        lot_id=draw.lot_id,
        site=site,
        beneficiary=beneficiary,
        defaults={"is_institution": beneficiary.kind == Beneficiary.Kind.INSTITUTION},
    )
    Reach.objects.filter(pk=reach.pk).update(
        quantity=F("quantity") + draw.quantity, person_days=F("person_days") + draw.person_days
    )


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
    feed_actuals: bool = True,
    collector: str = Collector.BENEFICIARY,
) -> Distribution:
    """Hand over `quantity` against an entitlement at a site, lots first expiry first out;
    someone served already in the cycle (under this record or a merged one) is refused, and
    so is a fraction of a commodity counted in whole pieces.
    `collector` says who took it away: the beneficiary, a household member or a proxy.

    A `reference` typed by whoever records the hand-over (a voucher or stub number) must not
    carry the beneficiary's reference or external id, nor be one a distribution holds
    already; left empty, one is made from the cycle, the entitlement and the day, naming no
    one (numbered on when a second hand-over of the same entitlement and day holds it).

    The cycle's indicator actuals follow each hand-over. A caller recording many at once
    passes `feed_actuals=False` and sends them once at the end (`cycle_actuals_feed`): the
    actuals come out the same, computed once rather than once a hand-over."""
    return _record(
        actor=actor,
        entitlement=entitlement,
        site=site,
        quantity=quantity,
        distributed_on=distributed_on,
        typed_reference=reference.strip(),
        is_illustrative=is_illustrative,
        client_id=client_id,
        feed_actuals=feed_actuals,
        collector=collector,
    )


@transaction.atomic
def _record(
    *,
    actor: User | None,
    entitlement: Entitlement,
    site: Site,
    quantity: Decimal,
    distributed_on: datetime.date,
    typed_reference: str = "",
    made_reference: str = "",
    is_illustrative: bool = False,
    client_id: uuid.UUID | None = None,
    feed_actuals: bool = True,
    collector: str = Collector.BENEFICIARY,
) -> Distribution:
    """`distribution_record`, under a reference typed by a person (checked) or made by the
    caller from what names no one (a device's record id)."""
    if quantity <= 0:
        raise ValidationError({"quantity": _("Give a quantity greater than zero.")})
    entitlement = (
        Entitlement.objects.select_for_update()
        .select_related("cycle", "beneficiary", "commodity")
        .get(pk=entitlement.pk)
    )
    cycle = entitlement.cycle
    whole = fraction_of_a_piece(quantity, entitlement.commodity)
    if whole is not None:
        raise ValidationError({"quantity": whole})
    distribution_date_check(cycle, distributed_on)
    # One beneficiary's draws are counted one after another (see tallies.draw_count).
    beneficiary = (
        Beneficiary.objects.select_for_update(of=("self",))
        .select_related("person", "household")
        .get(pk=entitlement.beneficiary_id)
    )
    if typed_reference:
        _typed_reference_check(typed_reference, beneficiary)
        _typed_reference_unused(typed_reference)
    _check_open(entitlement, beneficiary)
    if site.country_id != cycle.country_id:
        raise ValidationError({"site": _("The site is not in the country of the cycle.")})
    if quantity > entitlement.remaining:
        raise EntitlementExceeded(
            _("Only %(left)s of %(commodity)s are left on this entitlement; %(asked)s were asked.")
            % {
                "left": in_unit(entitlement.remaining, entitlement.commodity),
                "commodity": entitlement.commodity,
                "asked": in_unit(quantity, entitlement.commodity),
            }
        )
    balances = list(
        lots_first_expiry(site, entitlement.commodity, distributed_on).select_related("lot")
    )
    held = sum((balance.quantity for balance in balances), ZERO)
    if quantity > held:
        raise ShortAtSite(
            site=site,
            commodity=entitlement.commodity,
            held=held,
            asked=quantity,
            on=distributed_on,
            expired=expired_at(site, entitlement.commodity, distributed_on),
        )
    distribution = Distribution(
        entitlement=entitlement,
        beneficiary=beneficiary,
        site=site,
        country=cycle.country,
        quantity=quantity,
        person_days=_person_days(cycle, entitlement, quantity),
        distributed_on=distributed_on,
        reference=typed_reference
        or free_reference(
            made_reference or f"DIST-{cycle.pk}-{entitlement.pk}-{distributed_on:%Y%m%d}"
        ),
        recorded_by=actor,
        is_illustrative=is_illustrative,
        client_id=client_id,
        collector=collector,
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
            dated_by="distributed_on",
        )
        draw = Draw.objects.create(
            distribution=distribution,
            lot=balance.lot,
            beneficiary=beneficiary,
            quantity=take,
            person_days=_person_days(cycle, entitlement, take),
            movement=movement,
        )
        draw_count(draw, site_id=site.pk, beneficiary=beneficiary)
        _reach(draw, site, beneficiary)
        left -= take
    _settle(entitlement, quantity)
    entitlement.full_clean()
    entitlement.save(update_fields=["distributed", "status"])
    audit_record(
        actor=actor,
        action="assistance.distribution.created",
        obj=distribution,
        after={
            **snapshot(
                distribution, ("entitlement", "site", "quantity", "distributed_on", "collector")
            ),
            "draws": [[draw.lot_id, draw.quantity] for draw in distribution.draws.all()],
            "entitlement__status": entitlement.status,
            **({"client_id": str(client_id)} if client_id else {}),
        },
    )
    if feed_actuals:
        _feed_if_open(actor, cycle)
    return distribution


@transaction.atomic
def distribution_reverse(
    *,
    actor: User | None,
    distribution: Distribution,
    reason: str,
    reversed_on: datetime.date | None = None,
) -> Distribution:
    """Correct a distribution by a reversing entry: the opposite quantity, the goods put
    back into the lots they came from, the entitlement open again. Nothing is edited."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the distribution is reversed.")})
    original = Distribution.objects.select_for_update().get(pk=distribution.pk)
    if original.reverses_id is not None:
        raise AssistanceError(_("A reversal cannot itself be reversed."))
    if Distribution.objects.filter(reverses=original).exists():
        raise AssistanceError(
            _("%(reference)s is reversed already.") % {"reference": original.reference}
        )
    entitlement = (
        Entitlement.objects.select_for_update()
        .select_related("cycle", "commodity")
        .get(pk=original.entitlement_id)
    )
    beneficiary = Beneficiary.objects.select_for_update().get(pk=original.beneficiary_id)
    site = original.site
    day = reversed_on or original.distributed_on
    reversal = Distribution(
        entitlement=entitlement,
        beneficiary=beneficiary,
        site=site,
        country_id=original.country_id,
        quantity=-original.quantity,
        person_days=-original.person_days,
        distributed_on=day,
        reference=f"REV-{original.reference}"[:60],
        reverses=original,
        collector=original.collector,
        reason=reason.strip()[:255],
        recorded_by=actor,
        is_illustrative=original.is_illustrative,
    )
    reversal.full_clean()
    reversal.save()
    for taken in original.draws.select_related("lot").order_by("pk"):
        movement = stock_distribution_return(
            actor=actor,
            site=site,
            lot=taken.lot,
            quantity=taken.quantity,
            reference=reversal.reference,
            occurred_at=day,
        )
        draw = Draw.objects.create(
            distribution=reversal,
            lot=taken.lot,
            beneficiary=beneficiary,
            quantity=-taken.quantity,
            person_days=-taken.person_days,
            movement=movement,
        )
        draw_count(draw, site_id=site.pk, beneficiary=beneficiary)
        _reach(draw, site, beneficiary)
    _settle(entitlement, -original.quantity)
    entitlement.full_clean()
    entitlement.save(update_fields=["distributed", "status"])
    audit_record(
        actor=actor,
        action="assistance.distribution.reversed",
        obj=reversal,
        before={"reference": original.reference, "quantity": str(original.quantity)},
        after={
            **snapshot(reversal, ("entitlement", "site", "quantity", "distributed_on", "reason")),
            "entitlement__status": entitlement.status,
        },
    )
    _feed_if_open(actor, entitlement.cycle)
    return reversal


class ListEmpty(FileRefused):
    """A distribution list of its header alone: there is nothing to record."""

    field = "file"


@dataclass(frozen=True)
class ListUpload:
    """What became of an uploaded list: recorded now, or the same list recorded before (the
    same file for the same cycle, site, commodity and day), which nothing was added to."""

    source: DistributionList
    created: bool


@transaction.atomic
def distribution_list_upload(
    *,
    actor: User | None,
    cycle: Cycle,
    commodity: Commodity,
    site: Site,
    distributed_on: datetime.date,
    content: ImportFile,
    file_name: str,
) -> ListUpload:
    """Record a distribution list from a CSV or XLSX file (columns reference, quantity)
    through the import pipeline: a bad line is named and nothing is recorded. The same file
    for the same cycle, site, commodity and day is the same list, recorded once: sent again,
    it is answered with the list recorded before and nothing is written. The same file for
    another day is another list, recorded as any other."""
    digest = DISTRIBUTION_LIST.sha256(content)
    already = DistributionList.objects.filter(
        cycle=cycle, site=site, commodity=commodity, distributed_on=distributed_on, sha256=digest
    ).first()
    if already is not None:
        return ListUpload(already, created=False)
    references = frozenset(
        Beneficiary.objects.filter(cycle=cycle).values_list("reference", flat=True)
    )
    rows = DISTRIBUTION_LIST.read(
        content, context=ListFile(references=references), file_name=file_name
    )
    if not rows:
        raise ListEmpty(_("The list is empty."))
    source = DistributionList(
        cycle=cycle,
        site=site,
        commodity=commodity,
        distributed_on=distributed_on,
        file_name=file_name[:255],
        sha256=digest,
        lines=len(rows),
        uploaded_by=actor,
    )
    source.full_clean()
    source.save()
    try:
        record_rows(
            actor=actor,
            cycle=cycle,
            commodity=commodity,
            site=site,
            distributed_on=distributed_on,
            rows=rows,
            source_list=source,
        )
    except ValidationError as error:
        messages: Any = error.message_dict if hasattr(error, "error_dict") else {}
        raise ImportRefused(
            [Problem(0, "", message) for values in messages.values() for message in values]
            or [Problem(0, "", str(error))]
        ) from error
    return ListUpload(source, created=True)
