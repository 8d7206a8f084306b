"""The summary tables of assistance: kept draw by draw, and rebuilt from the draws.

`draw_count` is called by the distribution services inside their transaction, for each draw,
before the draw's reach row is written; `tallies_recompute` derives the same rows from the
draws alone (a beneficiary's first draw is the one with the lowest id), so a rebuild and the
incrementally kept state agree row for row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Min, QuerySet, Sum

from sunbula.assistance.models import (
    Beneficiary,
    CountedFor,
    DistributionTally,
    Draw,
    Reach,
    ReachedTally,
)
from sunbula.core.bulk import add_amounts

FIGURES = ("people", "females", "males", "children", "adults", "elderly")


def draw_count(draw: Draw, *, site_id: int, beneficiary: Beneficiary) -> None:
    """Count one draw: its kilograms, and its beneficiary wherever this is its first draw."""
    add_amounts(
        DistributionTally,
        {
            "cycle_id": beneficiary.cycle_id,
            "lot_id": draw.lot_id,
            "site_id": site_id,
            "is_institution": beneficiary.kind == Beneficiary.Kind.INSTITUTION,
        },
        {"quantity": draw.quantity, "person_days": draw.person_days},
    )
    served = Reach.objects.filter(beneficiary=beneficiary)
    pledge_id = draw.lot.pledge_id
    first_in = [
        (CountedFor.CYCLE, not served.exists()),
        (CountedFor.LOT, not served.filter(lot_id=draw.lot_id).exists()),
        (
            CountedFor.PLEDGE,
            pledge_id is not None and not served.filter(lot__pledge_id=pledge_id).exists(),
        ),
    ]
    figures = {"beneficiaries": 1, **{name: getattr(beneficiary, name) for name in FIGURES}}
    for counted_for, first in first_in:
        if first:
            add_amounts(
                ReachedTally,
                {
                    "counted_for": counted_for,
                    "cycle_id": beneficiary.cycle_id,
                    "lot_id": draw.lot_id,
                    "site_id": site_id,
                    "displacement": beneficiary.displacement,
                },
                figures,
            )


def _first_draws(*group_by: str) -> QuerySet[Draw]:
    """The first draw of each beneficiary within each `group_by` group."""
    firsts = (
        Draw.objects.values("beneficiary_id", *group_by).annotate(first=Min("pk")).values("first")
    )
    return Draw.objects.filter(pk__in=firsts)


def tallies_recompute() -> tuple[int, int]:
    """Empty both tables and derive them from the draws; return the rows written."""
    DistributionTally.objects.all().delete()
    ReachedTally.objects.all().delete()
    handed = [
        DistributionTally(
            cycle_id=row["cycle"],
            lot_id=row["lot_id"],
            site_id=row["site"],
            is_institution=row["kind"] == Beneficiary.Kind.INSTITUTION,
            quantity=row["quantity"],
            person_days=row["person_days"] or Decimal(0),
        )
        for row in Draw.objects.values(
            "lot_id",
            cycle=F("beneficiary__cycle_id"),
            site=F("distribution__site_id"),
            kind=F("beneficiary__kind"),
        )
        .annotate(quantity=Sum("quantity"), person_days=Sum("person_days"))
        .order_by()
    ]
    DistributionTally.objects.bulk_create(handed, batch_size=1000)
    reached: list[ReachedTally] = []
    groups = {
        CountedFor.CYCLE: _first_draws(),
        CountedFor.LOT: _first_draws("lot_id"),
        CountedFor.PLEDGE: _first_draws("lot__pledge_id").filter(lot__pledge__isnull=False),
    }
    sums = {name: Sum(f"beneficiary__{name}") for name in FIGURES}
    for counted_for, draws in groups.items():
        rows: Iterable[Mapping[str, Any]] = (
            draws.values(
                "lot_id",
                cycle=F("beneficiary__cycle_id"),
                site=F("distribution__site_id"),
                displacement=F("beneficiary__displacement"),
            )
            .annotate(beneficiaries=Count("pk"), **sums)
            .order_by()
        )
        reached.extend(
            ReachedTally(
                counted_for=counted_for,
                cycle_id=row["cycle"],
                lot_id=row["lot_id"],
                site_id=row["site"],
                displacement=row["displacement"],
                beneficiaries=row["beneficiaries"],
                **{name: row[name] for name in FIGURES},
            )
            for row in rows
        )
    ReachedTally.objects.bulk_create(reached, batch_size=1000)
    return len(handed), len(reached)
