"""What the assistance tests share."""

from __future__ import annotations

from typing import Any

from sunbula.assistance.models import DistributionTally, ReachedTally


def tally_state() -> dict[str, list[tuple[Any, ...]]]:
    """The summary tables' rows, to compare before and after an operation."""
    handed = DistributionTally.objects.values_list(
        "cycle_id", "lot_id", "site_id", "is_institution", "quantity", "person_days"
    )
    reached = ReachedTally.objects.values_list(
        "counted_for",
        "cycle_id",
        "lot_id",
        "site_id",
        "displacement",
        "beneficiaries",
        "people",
        "females",
        "males",
        "children",
        "adults",
        "elderly",
    )
    return {
        "handed": sorted(row for row in handed if row[4]),
        "reached": sorted(reached),
    }
