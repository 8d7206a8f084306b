"""What distributions feed onwards: the cycle's indicator actuals and the tallies."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from sunbula.assistance.models import (
    Beneficiary,
    Cycle,
    Distribution,
)
from sunbula.assistance.services.cycles import ZERO
from sunbula.assistance.tallies import tallies_recompute
from sunbula.core.audit import audit_record
from sunbula.core.models import User
from sunbula.programmes.services import Disaggregation, indicator_actual_record

ACTUALS_SOURCE = "assistance"


SEX_KEYS = {"female": "females", "male": "males"}


def _feed(actor: User | None, cycle: Cycle) -> None:
    period = cycle.reporting_period
    if period is None:
        return
    served = Beneficiary.objects.filter(cycle=cycle, entitlements__distributed__gt=0).distinct()
    people = Beneficiary.objects.filter(pk__in=served.values("pk")).aggregate(
        people=Sum("people"), females=Sum("females"), males=Sum("males")
    )
    if cycle.people_indicator is not None:
        indicator = cycle.people_indicator
        indicator_actual_record(
            actor=actor,
            indicator=indicator,
            period=period,
            value=Decimal(people["people"] or 0),
            source=ACTUALS_SOURCE,
            is_illustrative=cycle.is_illustrative,
        )
        if indicator.by_sex:
            for sex, key in SEX_KEYS.items():
                indicator_actual_record(
                    actor=actor,
                    indicator=indicator,
                    period=period,
                    value=Decimal(people[key] or 0),
                    disaggregation=Disaggregation(sex=sex),
                    source=ACTUALS_SOURCE,
                    is_illustrative=cycle.is_illustrative,
                )
    if cycle.kg_indicator is not None:
        kilograms: Any = Distribution.objects.filter(entitlement__cycle=cycle).aggregate(
            total=Sum("quantity")
        )["total"]
        value = kilograms or ZERO
        if cycle.kg_indicator.unit.strip().lower() == "t":
            value = value / Decimal(1000)
        indicator_actual_record(
            actor=actor,
            indicator=cycle.kg_indicator,
            period=period,
            value=value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            source=ACTUALS_SOURCE,
            is_illustrative=cycle.is_illustrative,
        )


@transaction.atomic
def cycle_actuals_feed(*, actor: User | None, cycle: Cycle) -> Cycle:
    """Send people reached and kilograms distributed to the project's indicator actuals;
    a locked (approved) period refuses them."""
    if cycle.reporting_period is None:
        raise ValidationError({"reporting_period": _("This cycle feeds no reporting period.")})
    _feed(actor, cycle)
    return cycle


@transaction.atomic
def tallies_rebuild(*, actor: User | None) -> tuple[int, int]:
    """Derive the summary tables from the draws alone, replacing what was kept."""
    handed, reached = tallies_recompute()
    audit_record(
        actor=actor,
        action="assistance.tallies.rebuilt",
        obj=None,
        after={"distribution_rows": handed, "reached_rows": reached},
    )
    return handed, reached
