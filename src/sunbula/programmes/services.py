"""Every write to programmes, projects, results and 4W rows: keyword-only, atomic, audited."""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.audit import audit_record, create_audited, snapshot, update_audited
from sunbula.core.errors import DomainError
from sunbula.core.models import AdminArea, Country, Currency, Organisation, User
from sunbula.programmes.imports import THREE_W, ThreeWFile
from sunbula.programmes.imports import ThreeWImportError as ThreeWImportError
from sunbula.programmes.models import (
    Budget,
    GoverningBodyDecision,
    Indicator,
    IndicatorActual,
    IndicatorTarget,
    ParticipatingOrganisation,
    Programme,
    Project,
    ProjectDocument,
    ProjectLocation,
    ProjectSector,
    ReportingPeriod,
    Result,
    TargetGroup,
    ThreeWActivity,
    ThreeWImport,
)

PROGRAMME_FIELDS = (
    "code",
    "name",
    "name_translations",
    "description",
    "description_translations",
    "reporting_organisation",
    "iati_reporting_ref",
    "is_illustrative",
)
PROJECT_FIELDS = (
    "code",
    "title",
    "title_translations",
    "description",
    "description_translations",
    "programme",
    "recipient_country",
    "recipient_region",
    "status",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "currency",
    "humanitarian",
    "humanitarian_scope_type",
    "humanitarian_scope_code",
    "is_illustrative",
)


class PeriodLocked(DomainError):
    """An approved reporting period refuses changes until it is unlocked."""

    status_code = 409


def _check_fields(function: str, values: dict[str, Any], allowed: Sequence[str]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"{function}() got unexpected fields {sorted(unknown)}")


# Programmes


@transaction.atomic
def programme_create(*, actor: User | None, **values: Any) -> Programme:
    """A new programme; `values` are the fields in PROGRAMME_FIELDS."""
    _check_fields("programme_create", values, PROGRAMME_FIELDS)
    return create_audited(actor=actor, model=Programme, values=values)


@transaction.atomic
def programme_update(*, actor: User | None, programme: Programme, **values: Any) -> Programme:
    _check_fields("programme_update", values, PROGRAMME_FIELDS)
    return update_audited(actor=actor, obj=programme, values=values)


@transaction.atomic
def governing_decision_record(
    *,
    actor: User | None,
    programme: Programme,
    body: str,
    kind: str,
    place: str,
    held_from: datetime.date,
    held_until: datetime.date,
    body_translations: dict[str, str] | None = None,
) -> GoverningBodyDecision:
    """Record a governing body's decision; the same session recorded again is corrected."""
    existing = GoverningBodyDecision.objects.filter(programme=programme, body=body).first()
    values: dict[str, Any] = {
        "kind": kind,
        "place": place,
        "held_from": held_from,
        "held_until": held_until,
        "body_translations": body_translations or {},
    }
    if existing is not None:
        return update_audited(actor=actor, obj=existing, values=values)
    return create_audited(
        actor=actor,
        model=GoverningBodyDecision,
        values={"programme": programme, "body": body, **values},
    )


# Projects


@transaction.atomic
def project_create(*, actor: User | None, **values: Any) -> Project:
    """A new project; `values` are the fields in PROJECT_FIELDS."""
    _check_fields("project_create", values, PROJECT_FIELDS)
    return create_audited(actor=actor, model=Project, values=values)


@transaction.atomic
def project_update(*, actor: User | None, project: Project, **values: Any) -> Project:
    _check_fields("project_update", values, PROJECT_FIELDS)
    return update_audited(actor=actor, obj=project, values=values)


def _shares(rows: Sequence[tuple[Any, Decimal]]) -> list[tuple[Any, Decimal]]:
    return sorted(((key, Decimal(share)) for key, share in rows), key=lambda row: str(row[0]))


@transaction.atomic
def project_locations_set(
    *, actor: User | None, project: Project, locations: Sequence[tuple[AdminArea, Decimal]]
) -> list[ProjectLocation]:
    """Replace where a project works; the areas are in its country and share 100 %."""
    if locations:
        total = sum((Decimal(share) for _area, share in locations), Decimal(0))
        if total != 100:
            raise ValidationError(
                {
                    "locations": _("Location percentages add up to %(total)s, not 100.")
                    % {"total": total}
                }
            )
    for area, _share in locations:
        if area.country_id != project.recipient_country_id:
            raise ValidationError(
                {"locations": _("%(area)s is not in the project's country.") % {"area": area}}
            )
    before = [(row.admin_area.p_code, str(row.percentage)) for row in project.locations.all()]
    after = [
        (area.p_code, str(Decimal(share).quantize(Decimal("0.01")))) for area, share in locations
    ]
    if sorted(before) == sorted(after):
        return list(project.locations.all())
    project.locations.all().delete()
    rows = []
    for area, share in locations:
        row = ProjectLocation(project=project, admin_area=area, percentage=Decimal(share))
        row.full_clean()
        row.save()
        rows.append(row)
    audit_record(
        actor=actor,
        action="programmes.project.locations_set",
        obj=project,
        before={"locations": sorted(before)},
        after={"locations": sorted(after)},
    )
    return rows


@transaction.atomic
def project_sectors_set(
    *, actor: User | None, project: Project, sectors: Sequence[tuple[str, Decimal]]
) -> list[ProjectSector]:
    """Replace a project's DAC sectors; their percentages must add up to 100."""
    total = sum((Decimal(share) for _code, share in sectors), Decimal(0))
    if not sectors or total != 100:
        raise ValidationError(
            {"sectors": _("Sector percentages add up to %(total)s, not 100.") % {"total": total}}
        )
    before = [(row.code, str(row.percentage)) for row in project.sectors.all()]
    after = [(code, str(Decimal(share).quantize(Decimal("0.01")))) for code, share in sectors]
    if sorted(before) == sorted(after):
        return list(project.sectors.all())
    project.sectors.all().delete()
    rows = []
    for code, share in sectors:
        row = ProjectSector(project=project, code=code, percentage=Decimal(share))
        row.full_clean()
        row.save()
        rows.append(row)
    audit_record(
        actor=actor,
        action="programmes.project.sectors_set",
        obj=project,
        before={"sectors": sorted(before)},
        after={"sectors": sorted(after)},
    )
    return rows


@transaction.atomic
def participant_add(
    *,
    actor: User | None,
    project: Project,
    organisation: Organisation,
    role: str,
    funding_share: Decimal | None = None,
) -> ParticipatingOrganisation:
    """Add an organisation in an IATI role; funders' co-funding shares stay within 100 %."""
    existing = ParticipatingOrganisation.objects.filter(
        project=project, organisation=organisation, role=role
    ).first()
    if funding_share is not None:
        others = sum(
            (
                row.funding_share or Decimal(0)
                for row in project.participants.filter(
                    role=ParticipatingOrganisation.IatiRole.FUNDING
                )
                if existing is None or row.pk != existing.pk
            ),
            Decimal(0),
        )
        if others + Decimal(funding_share) > 100:
            raise ValidationError(
                {"funding_share": _("Co-funding shares would add up to more than 100 %.")}
            )
    if existing is not None:
        return update_audited(actor=actor, obj=existing, values={"funding_share": funding_share})
    return create_audited(
        actor=actor,
        model=ParticipatingOrganisation,
        values={
            "project": project,
            "organisation": organisation,
            "role": role,
            "funding_share": funding_share,
        },
    )


@transaction.atomic
def participant_remove(*, actor: User, participant: ParticipatingOrganisation) -> None:
    audit_record(
        actor=actor,
        action="programmes.participatingorganisation.removed",
        obj=participant,
        before=snapshot(participant, ("project", "organisation", "role", "funding_share")),
    )
    participant.delete()


@transaction.atomic
def budget_record(
    *,
    actor: User | None,
    project: Project,
    period_start: datetime.date,
    period_end: datetime.date,
    amount: Decimal,
    currency: Currency,
    status: str = Budget.Status.INDICATIVE,
    is_illustrative: bool = False,
) -> Budget:
    """The budget for a period; recording the same period again corrects it."""
    values: dict[str, Any] = {
        "period_end": period_end,
        "amount": Decimal(amount),
        "currency": currency,
        "status": status,
        "is_illustrative": is_illustrative,
    }
    existing = Budget.objects.filter(project=project, period_start=period_start).first()
    if existing is not None:
        return update_audited(actor=actor, obj=existing, values=values)
    return create_audited(
        actor=actor,
        model=Budget,
        values={"project": project, "period_start": period_start, **values},
    )


@transaction.atomic
def budget_remove(*, actor: User, budget: Budget) -> None:
    """Remove a period's budget, keeping what it was in the audit entry."""
    audit_record(
        actor=actor,
        action="programmes.budget.removed",
        obj=budget,
        before=snapshot(budget, ("project", "period_start", "period_end", "amount", "currency")),
    )
    budget.delete()


@transaction.atomic
def target_group_set(
    *,
    actor: User | None,
    project: Project,
    group: str,
    targeted: int | None = None,
    targeted_female: int | None = None,
    targeted_male: int | None = None,
    reached: int | None = None,
    is_illustrative: bool = False,
) -> TargetGroup:
    """Who the project serves and how many; setting a group again corrects its figures."""
    values: dict[str, Any] = {
        "targeted": targeted,
        "targeted_female": targeted_female,
        "targeted_male": targeted_male,
        "reached": reached,
        "is_illustrative": is_illustrative,
    }
    existing = TargetGroup.objects.filter(project=project, group=group).first()
    if existing is not None:
        return update_audited(actor=actor, obj=existing, values=values)
    return create_audited(
        actor=actor, model=TargetGroup, values={"project": project, "group": group, **values}
    )


@transaction.atomic
def document_add(
    *,
    actor: User | None,
    project: Project,
    title: str,
    url: str,
    file_format: str,
    category: str,
    language: str = "en",
    document_date: datetime.date | None = None,
    title_translations: dict[str, str] | None = None,
) -> ProjectDocument:
    """Describe a document about the project; the same address again corrects it."""
    values: dict[str, Any] = {
        "title": title,
        "title_translations": title_translations or {},
        "file_format": file_format,
        "category": category,
        "language": language,
        "document_date": document_date,
    }
    existing = ProjectDocument.objects.filter(project=project, url=url).first()
    if existing is not None:
        return update_audited(actor=actor, obj=existing, values=values)
    return create_audited(
        actor=actor, model=ProjectDocument, values={"project": project, "url": url, **values}
    )


# Results framework


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
    existing = ReportingPeriod.objects.filter(project=project, period_start=period_start).first()
    if existing is not None:
        _refuse_if_locked(existing)
        return update_audited(actor=actor, obj=existing, values={"period_end": period_end})
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
    existing = IndicatorActual.objects.filter(**lookup).first()
    if existing is not None:
        return update_audited(actor=actor, obj=existing, values=values)
    return create_audited(actor=actor, model=IndicatorActual, values={**lookup, **values})


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


# 4W: partners' 3W tables


@transaction.atomic
def three_w_import(
    *,
    actor: User,
    country: Country,
    file_name: str,
    content: bytes,
    organisation: Organisation | None = None,
) -> ThreeWImport:
    """Import a partner's HXL-tagged 3W CSV: every row or none, bad rows named by line.

    Sectors are DAC 5-digit codes, places admin-1 p-codes of `country`. Importing the same
    file again changes nothing.
    """
    digest = hashlib.sha256(content).hexdigest()
    already = ThreeWImport.objects.filter(sha256=digest).first()
    if already is not None:
        return already
    areas = {area.p_code: area for area in AdminArea.objects.filter(country=country, level=1)}
    activities = THREE_W.read(
        content, context=ThreeWFile(country=country, areas=areas), file_name=file_name
    )
    source = ThreeWImport(
        organisation=organisation, country=country, file_name=file_name[:255], sha256=digest
    )
    source.full_clean()
    source.save()
    for activity in activities:
        activity.source = source
    ThreeWActivity.objects.bulk_create(activities)
    by_organisation: dict[str, int] = defaultdict(int)
    for activity in activities:
        by_organisation[activity.organisation_name] += 1
    audit_record(
        actor=actor,
        action="programmes.threewimport.imported",
        obj=source,
        after={
            "file_name": source.file_name,
            "country": country.pk,
            "rows": len(activities),
            "organisations": dict(sorted(by_organisation.items())),
        },
    )
    return source
