"""Writes to results, indicators and reporting periods; an approved period is locked."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.audit import audit_record, create_audited, snapshot, update_audited
from sunbula.core.errors import DomainError
from sunbula.core.figures import number_text
from sunbula.core.models import User
from sunbula.programmes.models import (
    Indicator,
    IndicatorActual,
    IndicatorTarget,
    Project,
    ReportingPeriod,
    Result,
)


class PeriodLocked(DomainError):
    """An approved reporting period refuses changes until it is unlocked."""

    status_code = 409


@transaction.atomic
def result_create(
    *,
    actor: User | None,
    project: Project,
    level: str,
    title: str,
    title_translations: dict[str, str] | None = None,
) -> Result:
    return create_audited(
        actor=actor,
        model=Result,
        values={
            "project": project,
            "level": level,
            "title": title,
            "title_translations": title_translations or {},
        },
    )


@transaction.atomic
def result_remove(*, actor: User, result: Result) -> None:
    """Remove a result and its indicators, unless figures were already reported against it."""
    if IndicatorActual.objects.filter(indicator__result=result).exists():
        raise ValidationError(
            {"result": _("Actuals were reported against this result; it cannot be removed.")}
        )
    audit_record(
        actor=actor,
        action="programmes.result.removed",
        obj=result,
        before={
            **snapshot(result, ("project", "level", "title")),
            "indicators": sorted(result.indicators.values_list("title", flat=True)),
        },
    )
    result.delete()


@transaction.atomic
def indicator_create(
    *,
    actor: User | None,
    result: Result,
    title: str,
    measure: str,
    unit: str = "",
    baseline_year: int | None = None,
    baseline_value: Decimal | None = None,
    by_sex: bool = False,
    by_age_group: bool = False,
    by_displacement: bool = False,
    title_translations: dict[str, str] | None = None,
) -> Indicator:
    if (baseline_year is None) != (baseline_value is None):
        raise ValidationError({"baseline_value": _("Give the baseline year and value together.")})
    return create_audited(
        actor=actor,
        model=Indicator,
        values={
            "result": result,
            "title": title,
            "title_translations": title_translations or {},
            "measure": measure,
            "unit": unit,
            "baseline_year": baseline_year,
            "baseline_value": baseline_value,
            "by_sex": by_sex,
            "by_age_group": by_age_group,
            "by_displacement": by_displacement,
        },
    )


@transaction.atomic
def reporting_period_create(
    *,
    actor: User | None,
    project: Project,
    period_start: datetime.date,
    period_end: datetime.date,
) -> ReportingPeriod:
    """Open a reporting period; the periods of a project do not overlap, so that no actual
    counts twice. The same period again is the one there is."""
    existing = ReportingPeriod.objects.filter(project=project, period_start=period_start).first()
    if existing is not None and existing.period_end == period_end:
        return existing
    overlapping = (
        ReportingPeriod.objects.filter(
            project=project, period_start__lte=period_end, period_end__gte=period_start
        )
        .order_by("period_start")
        .first()
    )
    if overlapping is not None and period_start <= period_end:
        raise ValidationError(
            {
                "period_start": _(
                    "This period overlaps the period %(period)s; the periods of a project "
                    "do not overlap."
                )
                % {"period": overlapping}
            }
        )
    return create_audited(
        actor=actor,
        model=ReportingPeriod,
        values={"project": project, "period_start": period_start, "period_end": period_end},
    )


def _refuse_if_locked(period: ReportingPeriod) -> None:
    if period.is_locked:
        raise PeriodLocked(
            _("The period %(period)s is approved and locked; unlock it first.") % {"period": period}
        )


def _locked_for_update(period: ReportingPeriod) -> ReportingPeriod:
    """Re-read the period under a row lock, so approval and entry cannot interleave."""
    return ReportingPeriod.objects.select_for_update().get(pk=period.pk)


@transaction.atomic
def indicator_target_set(
    *,
    actor: User | None,
    indicator: Indicator,
    period: ReportingPeriod,
    value: Decimal,
    is_illustrative: bool = False,
) -> IndicatorTarget:
    period = _locked_for_update(period)
    _refuse_if_locked(period)
    _same_project(indicator, period)
    existing = IndicatorTarget.objects.filter(indicator=indicator, period=period).first()
    values: dict[str, Any] = {"value": Decimal(value), "is_illustrative": is_illustrative}
    if existing is not None:
        return update_audited(actor=actor, obj=existing, values=values)
    return create_audited(
        actor=actor,
        model=IndicatorTarget,
        values={"indicator": indicator, "period": period, **values},
    )


def _same_project(indicator: Indicator, period: ReportingPeriod) -> None:
    if indicator.result.project_id != period.project_id:
        raise ValidationError({"period": _("This period belongs to another project.")})


@dataclass(frozen=True)
class Disaggregation:
    """Which group an actual counts: blank everywhere means the total."""

    sex: str = ""
    age_group: str = ""
    displacement: str = ""


TOTAL = Disaggregation()


@transaction.atomic
def indicator_actual_record(
    *,
    actor: User | None,
    indicator: Indicator,
    period: ReportingPeriod,
    value: Decimal,
    disaggregation: Disaggregation = TOTAL,
    source: str = "manual",
    comment: str = "",
    is_illustrative: bool = False,
) -> IndicatorActual:
    """Record what an indicator reached in a period, by hand or fed by another domain.

    Assistance and learning call this with their own `source`. A locked (approved) period
    refuses the change; recording the same group again replaces its value, audited.
    """
    if Decimal(value) < 0:
        raise ValidationError({"value": _("An actual cannot be below zero.")})
    period = _locked_for_update(period)
    _refuse_if_locked(period)
    _same_project(indicator, period)
    for dimension, allowed in (
        ("sex", indicator.by_sex),
        ("age_group", indicator.by_age_group),
        ("displacement", indicator.by_displacement),
    ):
        if getattr(disaggregation, dimension) and not allowed:
            raise ValidationError({dimension: _("This indicator is not disaggregated that way.")})
    lookup: dict[str, Any] = {
        "indicator": indicator,
        "period": period,
        "sex": disaggregation.sex,
        "age_group": disaggregation.age_group,
        "displacement": disaggregation.displacement,
    }
    values: dict[str, Any] = {
        "value": Decimal(value),
        "source": source,
        "comment": comment,
        "is_illustrative": is_illustrative,
    }
    _refuse_groups_above_total(indicator, period, disaggregation, Decimal(value))
    existing = IndicatorActual.objects.filter(**lookup).first()
    if existing is not None:
        return update_audited(actor=actor, obj=existing, values=values)
    return create_audited(actor=actor, model=IndicatorActual, values={**lookup, **values})


def _refuse_groups_above_total(
    indicator: Indicator, period: ReportingPeriod, key: Disaggregation, value: Decimal
) -> None:
    """Groups that split the total the same way (women and men; women under 18, women 18 to
    59…) add up to no more than the total, whichever of them is recorded first."""
    values = {
        (row.sex, row.age_group, row.displacement): row.value
        for row in IndicatorActual.objects.filter(indicator=indicator, period=period)
    }
    values[(key.sex, key.age_group, key.displacement)] = value
    total = values.get(("", "", ""))
    if total is None:
        return
    splits: dict[tuple[bool, ...], Decimal] = {}
    for groups, amount in values.items():
        split = tuple(bool(group) for group in groups)
        if any(split):
            splits[split] = splits.get(split, Decimal(0)) + amount
    largest = max(splits.values(), default=Decimal(0))
    if largest > total:
        raise ValidationError(
            {
                "value": _(
                    "The groups add up to %(groups)s, more than the total of %(total)s; "
                    "correct the total or the groups."
                )
                % {"groups": number_text(largest), "total": number_text(total)}
            }
        )


@transaction.atomic
def reporting_period_approve(*, actor: User | None, period: ReportingPeriod) -> ReportingPeriod:
    """Approve a period's figures; from now on its targets and actuals are locked."""
    period = _locked_for_update(period)
    _refuse_if_locked(period)
    period.approved_at = timezone.now()
    period.approved_by = actor
    period.save(update_fields=["approved_at", "approved_by"])
    audit_record(
        actor=actor,
        action="programmes.reportingperiod.approved",
        obj=period,
        before={"approved_at": None},
        after=snapshot(period, ("approved_at", "approved_by")),
    )
    return period


@transaction.atomic
def reporting_period_unlock(
    *, actor: User, period: ReportingPeriod, reason: str
) -> ReportingPeriod:
    """Reopen an approved period; the reason is kept in the audit entry."""
    period = _locked_for_update(period)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the period is unlocked.")})
    if not period.is_locked:
        raise PeriodLocked(_("The period %(period)s is not locked.") % {"period": period})
    before = snapshot(period, ("approved_at", "approved_by"))
    period.approved_at = None
    period.approved_by = None
    period.save(update_fields=["approved_at", "approved_by"])
    audit_record(
        actor=actor,
        action="programmes.reportingperiod.unlocked",
        obj=period,
        before=before,
        after={"approved_at": None, "approved_by": None, "reason": reason},
    )
    return period
