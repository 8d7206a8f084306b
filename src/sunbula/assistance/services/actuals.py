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
from sunbula.programmes.models import Displacement, Indicator
from sunbula.programmes.services import Disaggregation, indicator_actual_record
from sunbula.supply.models import BaseUnit

ACTUALS_SOURCE = "assistance"


SEX_KEYS = {"female": "females", "male": "males"}


AGE_GROUPS = ("children", "adults", "elderly")


def _record(
    actor: User | None, cycle: Cycle, indicator: Indicator, value: Decimal, **by: str
) -> None:
    indicator_actual_record(
        actor=actor,
        indicator=indicator,
        period=cycle.reporting_period,  # type: ignore[arg-type]
        value=value,
        disaggregation=Disaggregation(**by),
        source=ACTUALS_SOURCE,
        is_illustrative=cycle.is_illustrative,
    )


def _people(actor: User | None, cycle: Cycle, indicator: Indicator) -> None:
    """People reached: the beneficiaries with something handed over (net of reversals),
    by sex, age group and displacement where the indicator asks for them."""
    served = Beneficiary.objects.filter(cycle=cycle, entitlements__distributed__gt=0).distinct()
    figures = Beneficiary.objects.filter(pk__in=served.values("pk")).aggregate(
        people=Sum("people"),
        **{name: Sum(name) for name in ("females", "males", *AGE_GROUPS)},
    )
    _record(actor, cycle, indicator, Decimal(figures["people"] or 0))
    if indicator.by_sex:
        for sex, key in SEX_KEYS.items():
            _record(actor, cycle, indicator, Decimal(figures[key] or 0), sex=sex)
    if indicator.by_age_group:
        for group in AGE_GROUPS:
            _record(actor, cycle, indicator, Decimal(figures[group] or 0), age_group=group)
    if indicator.by_displacement:
        by_group = dict(
            Beneficiary.objects.filter(pk__in=served.values("pk"))
            .exclude(displacement="")
            .values_list("displacement")
            .annotate(total=Sum("people"))
            .order_by()
        )
        for group in Displacement.values:
            _record(actor, cycle, indicator, Decimal(by_group.get(group) or 0), displacement=group)


def handed_in(cycle: Cycle, unit: str) -> Decimal:
    """What the cycle handed over (net of reversals) of commodities counted in `unit`:
    kilograms, litres and pieces are never added together."""
    total: Any = Distribution.objects.filter(
        entitlement__cycle=cycle, entitlement__commodity__base_unit=unit
    ).aggregate(total=Sum("quantity"))["total"]
    return Decimal(total or ZERO)


def _feed(actor: User | None, cycle: Cycle) -> None:
    if cycle.reporting_period is None:
        return
    if cycle.people_indicator is not None:
        _people(actor, cycle, cycle.people_indicator)
    if cycle.kg_indicator is not None:
        value = handed_in(cycle, BaseUnit.KG)
        if cycle.kg_indicator.unit.strip().lower() == "t":
            value = value / Decimal(1000)
        _record(
            actor,
            cycle,
            cycle.kg_indicator,
            value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        )
    if cycle.inputs_indicator is not None:
        _record(actor, cycle, cycle.inputs_indicator, handed_in(cycle, BaseUnit.PIECE))


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
