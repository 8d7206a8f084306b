"""Writes to results, indicators and reporting periods; an approved period is locked."""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.audit import (
    audit_record,
    create_audited,
    given_fields,
    remove_audited,
    snapshot,
    update_audited,
    upsert_audited,
)
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


class FiguresRecorded(DomainError):
    """Reported figures depend on the record: it cannot be removed, nor its meaning changed."""

    status_code = 422


class IndicatorChanges(TypedDict, total=False):
    """What correcting an indicator may change; its result stays."""

    title: str
    title_translations: dict[str, str]
    measure: str
    unit: str
    baseline_year: int | None
    baseline_value: Decimal | None
    by_sex: bool
    by_age_group: bool
    by_displacement: bool


INDICATOR_CHANGES = tuple(IndicatorChanges.__annotations__)
# What the actuals of an indicator are counted in and split by: fixed once one is recorded.
INDICATOR_MEANING = ("measure", "unit", "by_sex", "by_age_group", "by_displacement")


class PeriodChanges(TypedDict, total=False):
    period_start: datetime.date
    period_end: datetime.date


PERIOD_CHANGES = tuple(PeriodChanges.__annotations__)


MANUAL = "manual"  # the source of an actual typed on a page or sent through the API


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
        raise FiguresRecorded(_("Actuals were reported against this result; it cannot be removed."))
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
def indicator_update(
    *, actor: User | None, indicator: Indicator, **changes: Unpack[IndicatorChanges]
) -> Indicator:
    """Correct an indicator. Its wording and baseline may always be corrected; once actuals
    are recorded, what they are counted in and split by (measure, unit, disaggregation) stays,
    and before that a new measure must hold the baseline and targets already set."""
    values = given_fields("indicator_update", changes, INDICATOR_CHANGES)
    indicator = (
        Indicator.objects.select_for_update(of=("self",))
        .select_related("result")
        .get(pk=indicator.pk)
    )
    changed = [name for name in INDICATOR_MEANING if name in values]
    changed = [name for name in changed if values[name] != getattr(indicator, name)]
    if changed and indicator.actuals.exists():
        raise ValidationError(
            {
                name: _(
                    "Actuals are recorded against this indicator: what they are counted in "
                    "and split by cannot change."
                )
                for name in changed
            }
        )
    if "measure" in changed:
        _refuse_figures_beyond(indicator, values)
    return update_audited(actor=actor, obj=indicator, values=values)


def _refuse_figures_beyond(indicator: Indicator, values: dict[str, Any]) -> None:
    """The bounds of the new measure (a percentage at most 100) hold for what is already
    recorded against the indicator: its baseline, unless corrected with the measure (then
    the new one is checked on its own field), and its targets. Actuals fix the measure."""
    measured = copy.copy(indicator)
    measured.measure = values["measure"]
    problems: list[str] = []
    baseline = indicator.baseline_value
    problem = measured.value_problem(baseline)
    if problem and values.get("baseline_value", baseline) == baseline:
        problems.append(
            _("The baseline is %(value)s. %(problem)s")
            % {"value": number_text(baseline), "problem": problem}
        )
    for target in indicator.targets.select_related("period").order_by("period__period_start"):
        problem = measured.value_problem(target.value)
        if problem:
            problems.append(
                _("The target for %(period)s is %(value)s. %(problem)s")
                % {"period": target.period, "value": number_text(target.value), "problem": problem}
            )
    if problems:
        raise ValidationError({"measure": problems})


@transaction.atomic
def indicator_remove(*, actor: User, indicator: Indicator) -> None:
    """Remove an indicator and its targets, unless actuals are recorded against it."""
    indicator = (
        Indicator.objects.select_for_update(of=("self",))
        .select_related("result")
        .get(pk=indicator.pk)
    )
    problem = indicator.removal_problem()
    if problem:
        raise FiguresRecorded(problem)
    _remove_with_targets(actor, indicator, ("result", "title", "measure", "unit"), "period")


def _refuse_overlap(
    project: Project,
    period_start: datetime.date,
    period_end: datetime.date,
    *,
    other_than: ReportingPeriod | None = None,
) -> None:
    """The periods of a project do not overlap, so that no actual counts twice."""
    others = ReportingPeriod.objects.filter(
        project=project, period_start__lte=period_end, period_end__gte=period_start
    )
    if other_than is not None:
        others = others.exclude(pk=other_than.pk)
    overlapping = others.order_by("period_start").first()
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
    _refuse_overlap(project, period_start, period_end)
    return create_audited(
        actor=actor,
        model=ReportingPeriod,
        values={"project": project, "period_start": period_start, "period_end": period_end},
    )


@transaction.atomic
def reporting_period_update(
    *, actor: User | None, period: ReportingPeriod, **changes: Unpack[PeriodChanges]
) -> ReportingPeriod:
    """Correct a period's dates while it is open and holds no actual; it still falls within
    the project's dates and overlaps no other period."""
    values = given_fields("reporting_period_update", changes, PERIOD_CHANGES)
    period = _locked_for_update(period)
    _refuse_change(period)
    _refuse_overlap(
        period.project,
        values.get("period_start", period.period_start),
        values.get("period_end", period.period_end),
        other_than=period,
    )
    return update_audited(actor=actor, obj=period, values=values)


@transaction.atomic
def reporting_period_remove(*, actor: User, period: ReportingPeriod) -> None:
    """Remove an open period that holds no actual, with the targets set for it."""
    period = _locked_for_update(period)
    _refuse_change(period)
    _remove_with_targets(actor, period, ("project", "period_start", "period_end"), "indicator")


def _remove_with_targets(
    actor: User, record: Indicator | ReportingPeriod, fields: tuple[str, ...], other: str
) -> None:
    """Delete an indicator or a period, keeping in the audit entry what it was and the
    targets that go with it (each by the `other` end, indicator or period, and its value)."""
    targets = sorted(
        (str(getattr(target, f"{other}_id")), str(target.value)) for target in record.targets.all()
    )
    remove_audited(actor=actor, obj=record, fields=fields, also={"targets": targets})


def _refuse_change(period: ReportingPeriod) -> None:
    problem = period.change_problem()
    if period.is_locked:
        raise PeriodLocked(problem)
    if problem:
        raise FiguresRecorded(problem)


def _refuse_if_locked(period: ReportingPeriod) -> None:
    if period.is_locked:
        raise PeriodLocked(
            _("The period %(period)s is approved and locked; unlock it first.") % {"period": period}
        )


def _locked_for_update(period: ReportingPeriod) -> ReportingPeriod:
    """Re-read the period under a row lock, so approval and entry cannot interleave."""
    return (
        ReportingPeriod.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=period.pk)
    )


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
    return upsert_audited(
        actor=actor,
        model=IndicatorTarget,
        lookup={"indicator": indicator, "period": period},
        values={"value": Decimal(value), "is_illustrative": is_illustrative},
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
    source: str = MANUAL,
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
    if source == MANUAL:
        # Figures typed by a person; a domain that feeds actuals writes its whole set of
        # groups and total from its own records, one at a time, and a hand-over never waits
        # on the order of those writes.
        _refuse_groups_above_total(indicator, period, disaggregation, Decimal(value))
    return upsert_audited(actor=actor, model=IndicatorActual, lookup=lookup, values=values)


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
