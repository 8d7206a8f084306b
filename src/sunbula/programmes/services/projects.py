"""Writes to projects: their places, sectors, participants, budgets, target groups and documents."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, TypedDict, TypeVar, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sunbula.core.audit import (
    audit_record,
    create_audited,
    given_fields,
    refuse_taken,
    remove_audited,
    stated_reason,
    update_audited,
    upsert_audited,
)
from sunbula.core.models import AdminArea, Country, Currency, Organisation, User
from sunbula.programmes.models import (
    Budget,
    ParticipatingOrganisation,
    Programme,
    Project,
    ProjectDocument,
    ProjectLocation,
    ProjectSector,
    TargetGroup,
)

# A row of a project's split by percentage: where it works, or in which sector.
Share = TypeVar("Share", ProjectLocation, ProjectSector)


class ProjectInputs(TypedDict, total=False):
    """A project as people write it, on a page or through the API."""

    code: str
    title: str
    title_translations: dict[str, str]
    description: str
    description_translations: dict[str, str]
    programme: Programme
    recipient_country: Country | None
    recipient_region: str
    status: str
    planned_start: datetime.date
    planned_end: datetime.date
    actual_start: datetime.date | None
    actual_end: datetime.date | None
    currency: Currency
    humanitarian: bool
    humanitarian_scope_type: str
    humanitarian_scope_code: str


class ProjectFields(ProjectInputs, total=False):
    """What `project_create` and `project_update` take: the inputs and the demo's mark."""

    is_illustrative: bool


PROJECT_INPUTS = tuple(ProjectInputs.__annotations__)
PROJECT_FIELDS = tuple(ProjectFields.__annotations__)


class DocumentChanges(TypedDict, total=False):
    """What correcting a project's document may change; its project stays."""

    title: str
    title_translations: dict[str, str]
    url: str
    file_format: str
    category: str
    language: str
    document_date: datetime.date | None


DOCUMENT_CHANGES = tuple(DocumentChanges.__annotations__)

# What a removed budget's audit entry keeps of it.
BUDGET_KEPT = ("project", "period_start", "period_end", "amount", "currency", "status")

# What a removed document's audit entry keeps of it.
DOCUMENT_KEPT = ("project", "title", "url", "file_format", "category", "language", "document_date")


@transaction.atomic
def project_create(*, actor: User | None, **fields: Unpack[ProjectFields]) -> Project:
    values = given_fields("project_create", fields, PROJECT_FIELDS)
    return create_audited(actor=actor, model=Project, values=values)


@transaction.atomic
def project_update(
    *, actor: User | None, project: Project, **fields: Unpack[ProjectFields]
) -> Project:
    """Change the fields given; the others keep their values."""
    values = given_fields("project_update", fields, PROJECT_FIELDS)
    return update_audited(actor=actor, obj=project, values=values)


def _replace_shares(
    *,
    actor: User | None,
    project: Project,
    name: str,
    current: QuerySet[Share],
    rows: list[Share],
    key: Callable[[Share], str],
) -> list[Share]:
    """Put `rows` in place of `current` unless they give the same percentages to the same
    `key`s; audit `<name>_set` with each row as its key and percentage."""
    before = [(key(row), str(row.percentage)) for row in current.all()]
    after = [(key(row), str(row.percentage.quantize(Decimal("0.01")))) for row in rows]
    if sorted(before) == sorted(after):
        return list(current)
    current.delete()
    for row in rows:
        row.full_clean()
        row.save()
    audit_record(
        actor=actor,
        action=f"programmes.project.{name}_set",
        obj=project,
        before={name: sorted(before)},
        after={name: sorted(after)},
    )
    return rows


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
    return _replace_shares(
        actor=actor,
        project=project,
        name="locations",
        current=project.locations.all(),
        rows=[
            ProjectLocation(project=project, admin_area=area, percentage=Decimal(share))
            for area, share in locations
        ],
        key=lambda location: location.admin_area.p_code,
    )


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
    return _replace_shares(
        actor=actor,
        project=project,
        name="sectors",
        current=project.sectors.all(),
        rows=[
            ProjectSector(project=project, code=code, percentage=Decimal(share))
            for code, share in sectors
        ],
        key=lambda sector: sector.code,
    )


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
    remove_audited(
        actor=actor, obj=participant, fields=("project", "organisation", "role", "funding_share")
    )


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
    return upsert_audited(
        actor=actor,
        model=Budget,
        lookup={"project": project, "period_start": period_start},
        values=values,
    )


@transaction.atomic
def budget_remove(*, actor: User | None, budget: Budget, reason: str) -> None:
    """Remove a period's budget recorded by mistake; the audit entry keeps what it was, and
    why."""
    reason = stated_reason(reason, _("Say why the budget is removed."))
    stored = Budget.objects.select_for_update().get(pk=budget.pk)
    remove_audited(actor=actor, obj=stored, fields=BUDGET_KEPT, also={"reason": reason})


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
    return upsert_audited(
        actor=actor, model=TargetGroup, lookup={"project": project, "group": group}, values=values
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
    return upsert_audited(
        actor=actor, model=ProjectDocument, lookup={"project": project, "url": url}, values=values
    )


@transaction.atomic
def document_update(
    *, actor: User | None, document: ProjectDocument, **fields: Unpack[DocumentChanges]
) -> ProjectDocument:
    """Correct a document's description or address; two documents of a project never share
    an address."""
    values = given_fields("document_update", fields, DOCUMENT_CHANGES)
    refuse_taken(
        document,
        among="project",
        field="url",
        value=values.get("url"),
        message=_("The project has a document at this address already."),
    )
    return update_audited(actor=actor, obj=document, values=values)


@transaction.atomic
def document_remove(*, actor: User | None, document: ProjectDocument, reason: str) -> None:
    """Remove a document attached by mistake; the audit entry keeps what it was, and why."""
    reason = stated_reason(reason, _("Say why the document is removed."))
    stored = ProjectDocument.objects.select_for_update().get(pk=document.pk)
    remove_audited(actor=actor, obj=stored, fields=DOCUMENT_KEPT, also={"reason": reason})
