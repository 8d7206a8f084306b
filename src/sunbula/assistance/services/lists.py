"""A paper list recorded at once: every line checked first, then written in bulk.

The same rules as one distribution at a time (an approved entitlement not exceeded, nobody
served twice in the cycle under any merged record, stock on hand, first expiry first out,
tallies and reach rows kept), but the entitlements and balances are locked once and the
distributions, movements and draws go in as rows (`core.bulk`: COPY on PostgreSQL), so a
list of 100,000 lines builds no model instance per line.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sunbula.assistance.imports import BatchRow
from sunbula.assistance.models import (
    GRAM,
    Beneficiary,
    Collector,
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
    ShortAtSite,
    expired_at,
    fraction_of_a_piece,
    in_unit,
    lots_first_expiry,
)
from sunbula.assistance.services.dating import distribution_date_check
from sunbula.assistance.tallies import FIGURES
from sunbula.core.audit import audit_record
from sunbula.core.bulk import add_amounts, add_to_rows, insert_rows, update_rows
from sunbula.core.models import Site, User
from sunbula.core.validation import MAX_KILOGRAMS
from sunbula.supply.models import Commodity, Lot
from sunbula.supply.services import stock_distribute_many

OPEN = (Entitlement.Status.APPROVED, Entitlement.Status.PARTLY)
TENTH = Decimal("0.1")


Drawn = tuple[int, int, int, Decimal, Decimal]  # distribution, lot, beneficiary, qty, days


@dataclass
class _Line:
    """One line of the list with what it is recorded against."""

    number: int
    entitlement_id: int
    beneficiary_id: int
    quantity: Decimal
    distributed: Decimal  # the entitlement's, after this line
    status: str


def _line_problem(number: int, message: str) -> str:
    return _("Line %(line)s: %(problem)s") % {"line": number, "problem": message}


def _unfit_quantity(quantity: Decimal, commodity: Commodity) -> str | None:
    """Why a line's quantity cannot be recorded (not above zero, beyond what any hand-over
    could hold, finer than a gram); None when it can. Checked before the quantity is written
    out in any refusal, which a number past the bound (1e400) cannot be."""
    if not quantity.is_finite() or quantity <= 0:
        return _("Give a quantity greater than zero.")
    if quantity > MAX_KILOGRAMS:
        return _("A quantity above %(limit)s is not plausible; check the figure.") % {
            "limit": in_unit(MAX_KILOGRAMS, commodity)
        }
    if quantity != quantity.quantize(GRAM):
        return _("Give at most three decimals.")
    return None


def _status(distributed: Decimal, entitled: Decimal) -> str:
    if not distributed:
        return Entitlement.Status.APPROVED
    return Entitlement.Status.DISTRIBUTED if distributed >= entitled else Entitlement.Status.PARTLY


def _references(cycle: Cycle, day: datetime.date, lines: Sequence[_Line]) -> list[str]:
    """Each line's reference, numbered by its line; one that an earlier list of the same day
    holds already gets a suffix, so that no two distributions share a reference."""
    stem = f"DIST-{cycle.pk}-"
    wanted = [f"{stem}{line.entitlement_id}-{day:%Y%m%d}-{line.number:04d}" for line in lines]
    taken = set(
        Distribution.objects.filter(
            entitlement__cycle=cycle, distributed_on=day, reference__startswith=stem
        ).values_list("reference", flat=True)
    )
    if not taken:
        return wanted
    free = []
    for reference in wanted:
        number, unique = 2, reference
        while unique in taken:
            unique, number = f"{reference}-{number}", number + 1
        taken.add(unique)
        free.append(unique)
    return free


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
    """Record a paper list at once: all lines or none, a bad line named by its number (a
    beneficiary listed twice among them)."""
    ids = record_rows(
        actor=actor,
        cycle=cycle,
        commodity=commodity,
        site=site,
        distributed_on=distributed_on,
        rows=rows,
        is_illustrative=is_illustrative,
    )
    return list(Distribution.objects.filter(pk__in=ids).order_by("pk"))


@transaction.atomic
def record_rows(
    *,
    actor: User | None,
    cycle: Cycle,
    commodity: Commodity,
    site: Site,
    distributed_on: datetime.date,
    rows: Sequence[BatchRow],
    is_illustrative: bool = False,
    source_list: DistributionList | None = None,
) -> Sequence[int]:
    """The list's rows recorded (callers hold the transaction); the new distributions' ids."""
    if not rows:
        raise ValidationError({"rows": _("The list is empty.")})
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    distribution_date_check(cycle, distributed_on)
    if site.country_id != cycle.country_id:
        raise ValidationError({"site": _("The site is not in the country of the cycle.")})
    # The entitlements, locked, read as plain values: (id, beneficiary, reference, entitled,
    # distributed, status).
    # The beneficiaries' kind, displacement and figures come with them, for the tallies.
    entitlements: dict[str, tuple[int, int, Decimal, Decimal, str]] = {}
    people: dict[int, tuple[Any, ...]] = {}
    for pk, beneficiary_id, reference, quantity, distributed, status, *person in (
        Entitlement.objects.select_for_update(of=("self",))
        .filter(cycle=cycle, commodity=commodity)
        .order_by("pk")
        .values_list(
            "pk",
            "beneficiary_id",
            "beneficiary__reference",
            "quantity",
            "distributed",
            "status",
            "beneficiary__kind",
            "beneficiary__displacement",
            *(f"beneficiary__{name}" for name in FIGURES),
        )
    ):
        entitlements[reference] = (pk, beneficiary_id, quantity, distributed, status)
        people[beneficiary_id] = (beneficiary_id, *person)
    # Who stands for the same person: a merged duplicate and its survivor share one root.
    root_of: dict[int, int] = {}
    served_as: dict[int, set[int]] = defaultdict(set)
    for pk, person_id, duplicate_of_id, distributed in Beneficiary.objects.filter(
        cycle=cycle, person__isnull=False
    ).values_list("pk", "person_id", "person__duplicate_of_id", "entitlements__distributed"):
        same = int(duplicate_of_id or person_id)
        root_of[pk] = same
        if distributed:
            served_as[same].add(pk)
    lines: list[_Line] = []
    roots_now: set[int] = set()
    problems: list[str] = []
    first_line: dict[str, int] = {}
    for place, row in enumerate(rows, start=1):
        number = row.line or place
        if row.reference in first_line:
            # One beneficiary is one line of a list, whoever sends it: a file or the API.
            problems.append(
                _line_problem(
                    number,
                    _("%(reference)s is on the list twice (line %(first)s).")
                    % {"reference": row.reference, "first": first_line[row.reference]},
                )
            )
            continue
        first_line[row.reference] = number
        found = entitlements.get(row.reference)
        if found is None:
            problems.append(
                _line_problem(
                    number,
                    _("%(reference)s has no entitlement in this cycle.")
                    % {"reference": row.reference},
                )
            )
            continue
        pk, beneficiary_id, entitled, distributed, status = found
        unfit = _unfit_quantity(row.quantity, commodity)
        if unfit is not None:
            problems.append(_line_problem(number, unfit))
            continue
        whole = fraction_of_a_piece(row.quantity, commodity)
        if whole is not None:
            problems.append(_line_problem(number, whole))
            continue
        root = root_of.get(beneficiary_id)
        if status == Entitlement.Status.DISTRIBUTED or (
            root is not None and (root in roots_now or bool(served_as[root] - {beneficiary_id}))
        ):
            problems.append(
                _line_problem(
                    number,
                    _("%(reference)s was already served in this cycle.")
                    % {"reference": row.reference},
                )
            )
            continue
        if status not in OPEN:
            problems.append(
                _line_problem(
                    number,
                    _("This entitlement is %(status)s; only an approved one is distributed.")
                    % {"status": Entitlement.Status(status).label},
                )
            )
            continue
        if row.quantity > entitled - distributed:
            problems.append(
                _line_problem(
                    number,
                    _("Only %(left)s are left on this entitlement; %(asked)s were asked.")
                    % {
                        "left": in_unit(entitled - distributed, commodity),
                        "asked": in_unit(row.quantity, commodity),
                    },
                )
            )
            continue
        if root is not None:
            roots_now.add(root)
        now = distributed + row.quantity
        after = _status(now, entitled)
        entitlements[row.reference] = (pk, beneficiary_id, entitled, now, after)
        lines.append(_Line(number, pk, beneficiary_id, row.quantity, now, after))
    if problems:
        # Every bad line at once, so that the list is corrected in one go; nothing is written.
        raise ValidationError({"rows": problems})
    balances = list(
        lots_first_expiry(site, commodity, distributed_on).values_list("lot_id", "quantity")
    )
    held = sum((quantity for _lot, quantity in balances), ZERO)
    asked = sum((line.quantity for line in lines), ZERO)
    if asked > held:
        raise ShortAtSite(
            site=site,
            commodity=commodity,
            held=held,
            asked=asked,
            on=distributed_on,
            expired=expired_at(site, commodity, distributed_on),
        )
    ration = RationLine.objects.filter(cycle=cycle, commodity=commodity).first()
    per_day = (
        ration.quantity / Decimal(30)
        if ration is not None and cycle.ration_kind == RationKind.PER_RESIDENT_MONTH
        else None
    )

    def days(quantity: Decimal) -> Decimal:
        if per_day is None:
            return ZERO
        return Decimal((quantity / per_day).quantize(TENTH, rounding=ROUND_HALF_UP))

    references = _references(cycle, distributed_on, lines)
    actor_id = actor.pk if actor is not None else None
    source_id = source_list.pk if source_list is not None else None
    site_id, country_id = site.pk, cycle.country_id
    distribution_ids = insert_rows(
        Distribution,
        (
            "entitlement_id",
            "beneficiary_id",
            "site_id",
            "country_id",
            "quantity",
            "person_days",
            "distributed_on",
            "reference",
            "recorded_by_id",
            "is_illustrative",
            "reason",
            "reverses_id",
            "source_list_id",
            "collector",
        ),
        [
            (
                line.entitlement_id,
                line.beneficiary_id,
                site_id,
                country_id,
                line.quantity,
                ZERO if per_day is None else days(line.quantity),
                distributed_on,
                reference,
                actor_id,
                is_illustrative,
                "",
                None,
                source_id,
                Collector.BENEFICIARY,
            )
            for line, reference in zip(lines, references, strict=True)
        ],
    )
    # First expiry, first out, in the order of the list; the stock leaves each lot as one
    # movement for the whole list, and each draw names the movement of its lot.
    draws: list[Drawn] = []
    taken: dict[int, Decimal] = defaultdict(Decimal)
    at, left_in = 0, balances[0][1]
    for distribution_id, line in zip(distribution_ids, lines, strict=True):
        left = line.quantity
        while left:
            while not left_in:
                at += 1
                left_in = balances[at][1]
            take = min(left, left_in)
            lot_id = balances[at][0]
            draws.append(
                (
                    distribution_id,
                    lot_id,
                    line.beneficiary_id,
                    take,
                    ZERO if per_day is None else days(take),
                )
            )
            taken[lot_id] += take
            left -= take
            left_in -= take
    if source_list is not None:
        movement_reference = f"LIST-{source_list.pk}"
    else:
        movement_reference = f"BATCH-{cycle.pk}-{distributed_on:%Y%m%d}-{distribution_ids[0]}"
    movement_of = stock_distribute_many(
        actor=actor,
        site=site,
        taken=taken,
        reference=movement_reference,
        occurred_at=distributed_on,
        dated_by="distributed_on",
    )
    insert_rows(
        Draw,
        ("distribution_id", "lot_id", "beneficiary_id", "quantity", "person_days", "movement_id"),
        [(*draw, movement_of[draw[1]]) for draw in draws],
        ids=False,
    )
    _count(cycle, site, draws, people)
    last: dict[int, _Line] = {line.entitlement_id: line for line in lines}
    update_rows(
        Entitlement,
        ("distributed", "status"),
        [(pk, line.distributed, line.status) for pk, line in last.items()],
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
            "distributions": len(distribution_ids),
            "quantity": str(asked),
            "lots": sorted(taken),
        },
    )
    if cycle.reporting_period_id is not None and not cycle.reporting_period.is_locked:  # type: ignore[union-attr]
        _feed(actor, cycle)
    return distribution_ids


def _count(
    cycle: Cycle, site: Site, draws: Sequence[Drawn], people: dict[int, tuple[Any, ...]]
) -> None:
    """Keep the tallies and reach rows for a list's draws as `tallies.draw_count` and the
    reach rows would one draw at a time, in a handful of statements. `people` holds each
    beneficiary's (id, kind, displacement, *FIGURES)."""
    here = site.pk
    institutions = {pk for pk, row in people.items() if row[1] == Beneficiary.Kind.INSTITUTION}
    handed: dict[tuple[int, bool], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for _distribution, lot_id, beneficiary_id, quantity, days in draws:
        key = (lot_id, beneficiary_id in institutions)
        handed[key][0] += quantity
        handed[key][1] += days
    for (lot_id, institution), (quantity, days) in handed.items():
        add_amounts(
            DistributionTally,
            {
                "cycle_id": cycle.pk,
                "lot_id": lot_id,
                "site_id": site.pk,
                "is_institution": institution,
            },
            {"quantity": quantity, "person_days": days},
        )
    pledge_of = dict(
        Lot.objects.filter(pk__in={draw[1] for draw in draws}).values_list("pk", "pledge_id")
    )
    served: set[int] = set()
    served_lot: set[tuple[int, int]] = set()
    served_pledge: set[tuple[int, int]] = set()
    reaches: dict[tuple[int, int], int] = {}
    for pk, lot_id, site_id, beneficiary_id, lot_pledge in Reach.objects.filter(
        beneficiary__cycle=cycle
    ).values_list("pk", "lot_id", "site_id", "beneficiary_id", "lot__pledge_id"):
        served.add(beneficiary_id)
        served_lot.add((beneficiary_id, lot_id))
        if lot_pledge is not None:
            served_pledge.add((beneficiary_id, lot_pledge))
        if site_id == here:
            reaches[(lot_id, beneficiary_id)] = pk
    # Who is counted where: the beneficiaries reached first in each group, summed at the end.
    firsts: dict[tuple[str, int, str], list[tuple[int, ...]]] = defaultdict(list)
    more: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    cycle_key, lot_key, pledge_key = (
        str(CountedFor.CYCLE),
        str(CountedFor.LOT),
        str(CountedFor.PLEDGE),
    )
    for _distribution, lot_id, person, quantity, days in draws:
        figures = people[person]
        counted = (1, *figures[3:])
        displacement = str(figures[2])
        if person not in served:
            served.add(person)
            firsts[(cycle_key, lot_id, displacement)].append(counted)
        if (person, lot_id) not in served_lot:
            served_lot.add((person, lot_id))
            firsts[(lot_key, lot_id, displacement)].append(counted)
        pledge_id = pledge_of.get(lot_id)
        if pledge_id is not None and (person, pledge_id) not in served_pledge:
            served_pledge.add((person, pledge_id))
            firsts[(pledge_key, lot_id, displacement)].append(counted)
        added = more[(lot_id, person)]
        added[0] += quantity
        added[1] += days
    reached = {
        group: [sum(column) for column in zip(*rows, strict=True)] for group, rows in firsts.items()
    }
    for (counted_for, lot_id, displacement), totals in reached.items():
        add_amounts(
            ReachedTally,
            {
                "counted_for": counted_for,
                "cycle_id": cycle.pk,
                "lot_id": lot_id,
                "site_id": site.pk,
                "displacement": displacement,
            },
            dict(zip(("beneficiaries", *FIGURES), totals, strict=True)),
        )
    new = []
    grown = []
    for (lot_id, person), (quantity, days) in more.items():
        existing = reaches.get((lot_id, person))
        if existing is None:
            new.append((lot_id, here, person, person in institutions, quantity, days))
        else:
            grown.append((existing, quantity, days))
    add_to_rows(Reach, ("quantity", "person_days"), grown)
    insert_rows(
        Reach,
        ("lot_id", "site_id", "beneficiary_id", "is_institution", "quantity", "person_days"),
        new,
        ids=False,
    )
