"""Distributions: stock handed out against entitlements, one by one, in a batch or from a list."""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from sunbula.assistance.imports import DISTRIBUTION_LIST, BatchRow, ListFile
from sunbula.assistance.models import (
    Beneficiary,
    CountedFor,
    Cycle,
    Distribution,
    DistributionList,
    DistributionTally,
    Draw,
    Entitlement,
    RationKind,
    RationLine,
    Reach,
    ReachedTally,
)
from sunbula.assistance.services.actuals import _feed
from sunbula.assistance.services.cycles import (
    ZERO,
    AlreadyServed,
    AssistanceError,
    EntitlementExceeded,
)
from sunbula.assistance.tallies import FIGURES, add_amounts, draw_count
from sunbula.core.audit import audit_record, snapshot
from sunbula.core.bulk import bulk_insert, bulk_set
from sunbula.core.imports import ImportRefused, Problem
from sunbula.core.models import Site, User
from sunbula.supply.models import Commodity, Lot, StockBalance
from sunbula.supply.services import (
    StockShort,
    Take,
    stock_distribute,
    stock_distribute_many,
    stock_distribution_return,
)


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
        raise AssistanceError(
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
) -> Distribution:
    """Hand over `quantity` against an entitlement at a site, lots first expiry first out;
    someone served already in the cycle (under this record or a merged one) is refused."""
    if quantity <= 0:
        raise ValidationError({"quantity": _("Give a quantity greater than zero.")})
    entitlement = (
        Entitlement.objects.select_for_update()
        .select_related("cycle", "beneficiary", "commodity")
        .get(pk=entitlement.pk)
    )
    cycle = entitlement.cycle
    # One beneficiary's draws are counted one after another (see tallies.draw_count).
    beneficiary = (
        Beneficiary.objects.select_for_update()
        .select_related("person")
        .get(pk=entitlement.beneficiary_id)
    )
    _check_open(entitlement, beneficiary)
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
        beneficiary=beneficiary,
        site=site,
        country=cycle.country,
        quantity=quantity,
        person_days=_person_days(cycle, entitlement, quantity),
        distributed_on=distributed_on,
        reference=reference or f"DIST-{cycle.pk}-{entitlement.pk}-{distributed_on:%Y%m%d}",
        recorded_by=actor,
        is_illustrative=is_illustrative,
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
            **snapshot(distribution, ("entitlement", "site", "quantity", "distributed_on")),
            "draws": [[draw.lot_id, draw.quantity] for draw in distribution.draws.all()],
            "entitlement_status": entitlement.status,
        },
    )
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
            "entitlement_status": entitlement.status,
        },
    )
    _feed_if_open(actor, entitlement.cycle)
    return reversal


def _line_error(number: int, message: str) -> ValidationError:
    return ValidationError(
        {"rows": _("Line %(line)s: %(problem)s") % {"line": number, "problem": message}}
    )


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
    source_list: DistributionList | None = None,
) -> list[Distribution]:
    """Record a paper list at once: all lines or none, a bad line named by its number.

    The same rules as one distribution at a time (approved entitlement, nobody served twice
    in the cycle under any merged record, first expiry first out, tallies kept), checked for
    the whole list first and then written in bulk: the entitlements and balances are locked
    once, and distributions, movements and draws are inserted in batches."""
    if not rows:
        raise ValidationError({"rows": _("The list is empty.")})
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if site.country_id != cycle.country_id:
        raise ValidationError({"site": _("The site is not in the country of the cycle.")})
    entitlements = {
        entitlement.beneficiary.reference: entitlement
        for entitlement in Entitlement.objects.select_for_update()
        .select_related("beneficiary")
        .filter(cycle=cycle, commodity=commodity)
        .order_by("pk")
    }
    # Who stands for the same person: a merged duplicate and its survivor share one root.
    root_of: dict[int, int] = {}
    served_as: dict[int, set[int]] = defaultdict(set)
    for pk, person_id, duplicate_of_id, distributed in Beneficiary.objects.filter(
        cycle=cycle, person__isnull=False
    ).values_list("pk", "person_id", "person__duplicate_of_id", "entitlements__distributed"):
        root = _root(person_id, duplicate_of_id)
        if root is not None:
            root_of[pk] = root
            if distributed:
                served_as[root].add(pk)
    planned: list[tuple[int, Entitlement, Decimal]] = []
    roots_now: set[int] = set()
    for place, row in enumerate(rows, start=1):
        number = row.line or place
        entitlement = entitlements.get(row.reference)
        if entitlement is None:
            raise _line_error(
                number,
                _("%(reference)s has no entitlement in this cycle.") % {"reference": row.reference},
            )
        if row.quantity <= 0:
            raise _line_error(number, _("Give a quantity greater than zero."))
        root = root_of.get(entitlement.beneficiary_id)
        if entitlement.status == Entitlement.Status.DISTRIBUTED or (
            root is not None
            and (root in roots_now or bool(served_as[root] - {entitlement.beneficiary_id}))
        ):
            raise _line_error(
                number,
                _("%(reference)s was already served in this cycle.") % {"reference": row.reference},
            )
        if entitlement.status not in OPEN:
            raise _line_error(
                number,
                _("This entitlement is %(status)s; only an approved one is distributed.")
                % {"status": entitlement.get_status_display()},
            )
        if row.quantity > entitlement.remaining:
            raise _line_error(
                number,
                _("Only %(left)s are left on this entitlement; %(asked)s were asked.")
                % {"left": entitlement.remaining, "asked": row.quantity},
            )
        if root is not None:
            roots_now.add(root)
        planned.append((number, entitlement, row.quantity))
    balances = list(_lots_first_expiry(site, commodity))
    held = sum((balance.quantity for balance in balances), ZERO)
    asked = sum((quantity for _number, _entitlement, quantity in planned), ZERO)
    if asked > held:
        raise StockShort(
            _("%(site)s holds %(held)s of %(commodity)s; %(asked)s were asked for.")
            % {"site": site, "held": held, "commodity": commodity, "asked": asked}
        )
    ration = RationLine.objects.filter(cycle=cycle, commodity=commodity).first()
    per_day = ration.quantity / Decimal(30) if ration is not None else None
    by_resident = cycle.ration_kind == RationKind.PER_RESIDENT_MONTH and per_day

    def days(quantity: Decimal) -> Decimal:
        if not by_resident:
            return ZERO
        return Decimal((quantity / per_day).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))  # type: ignore[operator]

    distributions = bulk_insert(
        [
            Distribution(
                entitlement_id=entitlement.pk,
                beneficiary_id=entitlement.beneficiary_id,
                site_id=site.pk,
                country_id=cycle.country_id,
                quantity=quantity,
                person_days=days(quantity),
                distributed_on=distributed_on,
                reference=f"DIST-{cycle.pk}-{entitlement.pk}-{distributed_on:%Y%m%d}-{number:04d}",
                recorded_by=actor,
                is_illustrative=is_illustrative,
                source_list=source_list,
            )
            for number, entitlement, quantity in planned
        ]
    )
    # First expiry, first out, in the order of the list.
    takes: list[Take] = []
    owners: list[tuple[Distribution, Entitlement]] = []
    at, left_in = 0, balances[0].quantity if balances else ZERO
    for distribution, (_number, entitlement, quantity) in zip(distributions, planned, strict=True):
        left = quantity
        while left:
            while not left_in:
                at += 1
                left_in = balances[at].quantity
            take = min(left, left_in)
            takes.append(Take(balances[at].lot_id, take, distribution.reference))
            owners.append((distribution, entitlement))
            left -= take
            left_in -= take
        _settle(entitlement, quantity)
    movements = stock_distribute_many(
        actor=actor, site=site, takes=takes, occurred_at=distributed_on
    )
    draws = bulk_insert(
        [
            Draw(
                distribution_id=distribution.pk,
                lot_id=take.lot_id,
                beneficiary_id=entitlement.beneficiary_id,
                quantity=take.quantity,
                person_days=days(take.quantity),
                movement_id=movement.pk,
            )
            for take, (distribution, entitlement), movement in zip(
                takes, owners, movements, strict=True
            )
        ]
    )
    _count_batch(cycle, site, draws, [entitlement.beneficiary for _d, entitlement in owners])
    bulk_set(
        [entitlement for _number, entitlement, _quantity in planned], ["distributed", "status"]
    )
    audit_record(
        actor=actor,
        action="assistance.distribution.created",
        obj=source_list,
        object_repr=str(cycle),
        after={
            "cycle": cycle.pk,
            "site": site.pk,
            "commodity": commodity.pk,
            "distributed_on": distributed_on.isoformat(),
            "distributions": len(distributions),
            "quantity": str(asked),
            "lots": sorted({take.lot_id for take in takes}),
        },
    )
    _feed_if_open(actor, cycle)
    return distributions


def _count_batch(
    cycle: Cycle, site: Site, draws: Sequence[Draw], beneficiaries: Sequence[Beneficiary]
) -> None:
    """Keep the tallies and reach rows for a batch of draws, as draw_count and the reach
    rows would one draw at a time, in a handful of statements."""
    is_institution = {
        beneficiary.pk: beneficiary.kind == Beneficiary.Kind.INSTITUTION
        for beneficiary in beneficiaries
    }
    handed: dict[tuple[int, bool], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for draw in draws:
        key = (draw.lot_id, is_institution[draw.beneficiary_id])
        handed[key][0] += draw.quantity
        handed[key][1] += draw.person_days
    for (lot_id, institution), (quantity, person_days) in handed.items():
        add_amounts(
            DistributionTally,
            {
                "cycle_id": cycle.pk,
                "lot_id": lot_id,
                "site_id": site.pk,
                "is_institution": institution,
            },
            {"quantity": quantity, "person_days": person_days},
        )
    lot_ids = {draw.lot_id for draw in draws}
    pledge_of = dict(Lot.objects.filter(pk__in=lot_ids).values_list("pk", "pledge_id"))
    served: set[int] = set()
    served_lot: set[tuple[int, int]] = set()
    served_pledge: set[tuple[int, int]] = set()
    reaches: dict[tuple[int, int], Reach] = {}
    for reach in (
        Reach.objects.filter(beneficiary__cycle=cycle)
        .select_related("lot")
        .only("pk", "lot_id", "site_id", "beneficiary_id", "lot__pledge_id")
    ):
        served.add(reach.beneficiary_id)
        served_lot.add((reach.beneficiary_id, reach.lot_id))
        if reach.lot.pledge_id is not None:
            served_pledge.add((reach.beneficiary_id, reach.lot.pledge_id))
        if reach.site_id == site.pk:
            reaches[(reach.lot_id, reach.beneficiary_id)] = reach
    reached: dict[tuple[str, int, str], dict[str, int]] = {}
    figures_of = {beneficiary.pk: beneficiary for beneficiary in beneficiaries}
    more: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for draw in draws:
        person, lot_id = draw.beneficiary_id, draw.lot_id
        pledge_id = pledge_of.get(lot_id)
        beneficiary = figures_of[person]
        firsts = [
            (CountedFor.CYCLE, person not in served),
            (CountedFor.LOT, (person, lot_id) not in served_lot),
            (CountedFor.PLEDGE, pledge_id is not None and (person, pledge_id) not in served_pledge),
        ]
        for counted_for, first in firsts:
            if first:
                group = (str(counted_for), lot_id, beneficiary.displacement)
                row = reached.setdefault(group, dict.fromkeys(("beneficiaries", *FIGURES), 0))
                row["beneficiaries"] += 1
                for name in FIGURES:
                    row[name] += getattr(beneficiary, name)
        served.add(person)
        served_lot.add((person, lot_id))
        if pledge_id is not None:
            served_pledge.add((person, pledge_id))
        more[(lot_id, person)][0] += draw.quantity
        more[(lot_id, person)][1] += draw.person_days
    for (counted, lot_id, displacement), figures in reached.items():
        add_amounts(
            ReachedTally,
            {
                "counted_for": counted,
                "cycle_id": cycle.pk,
                "lot_id": lot_id,
                "site_id": site.pk,
                "displacement": displacement,
            },
            figures,
        )
    new = []
    for (lot_id, person), (quantity, person_days) in more.items():
        existing = reaches.get((lot_id, person))
        if existing is None:
            new.append(
                Reach(
                    lot_id=lot_id,
                    site_id=site.pk,
                    beneficiary_id=person,
                    is_institution=is_institution[person],
                    quantity=quantity,
                    person_days=person_days,
                )
            )
        else:
            Reach.objects.filter(pk=existing.pk).update(
                quantity=F("quantity") + quantity, person_days=F("person_days") + person_days
            )
    bulk_insert(new)


@transaction.atomic
def distribution_list_upload(
    *,
    actor: User | None,
    cycle: Cycle,
    commodity: Commodity,
    site: Site,
    distributed_on: datetime.date,
    content: bytes,
    file_name: str,
) -> DistributionList:
    """Record a distribution list from a CSV or XLSX file (columns reference, quantity)
    through the import pipeline: a bad line is named and nothing is recorded; the same file
    for the same cycle, site and commodity is recorded once."""
    digest = hashlib.sha256(content).hexdigest()
    already = DistributionList.objects.filter(
        cycle=cycle, site=site, commodity=commodity, sha256=digest
    ).first()
    if already is not None:
        return already
    references = frozenset(
        Beneficiary.objects.filter(cycle=cycle).values_list("reference", flat=True)
    )
    rows = DISTRIBUTION_LIST.read(
        content, context=ListFile(references=references), file_name=file_name
    )
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
        distribution_batch_record(
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
    return source
