"""Appeals and the funding requirements of countries and projects."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sunbula.core.audit import (
    create_audited,
    given_fields,
    update_audited,
)
from sunbula.core.models import Country, User
from sunbula.funding.models import (
    REQUIREMENT_TWICE,
    Appeal,
    FundingRequirement,
)
from sunbula.programmes.models import Programme, Project


@transaction.atomic
def appeal_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    country: Country,
    name_translations: dict[str, str] | None = None,
    is_illustrative: bool = False,
) -> Appeal:
    return create_audited(
        actor=actor,
        model=Appeal,
        values={
            "code": code,
            "name": name,
            "name_translations": name_translations,
            "country": country,
            "is_illustrative": is_illustrative,
        },
    )


class AppealFields(TypedDict, total=False):
    """What `appeal_update` takes."""

    code: str
    name: str
    name_translations: dict[str, str]
    country: Country
    is_illustrative: bool


APPEAL_FIELDS = tuple(AppealFields.__annotations__)


@transaction.atomic
def appeal_update(*, actor: User | None, appeal: Appeal, **fields: Unpack[AppealFields]) -> Appeal:
    """Change the fields given; the others keep their values."""
    values = given_fields("appeal_update", fields, APPEAL_FIELDS)
    moved = "country" in values and values["country"].pk != appeal.country_id
    if moved and appeal.requirements.exclude(country=values["country"]).exists():
        raise ValidationError(
            {"country": _("Requirements in another country belong to this appeal.")}
        )
    return update_audited(actor=actor, obj=appeal, values=values)


@transaction.atomic
def requirement_create(
    *,
    actor: User | None,
    country: Country,
    year: int,
    amount_usd: Decimal,
    appeal: Appeal | None = None,
    programme: Programme | None = None,
    project: Project | None = None,
    is_illustrative: bool = False,
) -> FundingRequirement:
    """What a country (or one of its projects) needs in a year; a project brings its programme."""
    values: dict[str, object] = {
        "appeal": appeal,
        "country": country,
        "programme": programme,
        "project": project,
        "year": year,
        "amount_usd": amount_usd,
        "is_illustrative": is_illustrative,
    }
    return create_audited(actor=actor, model=FundingRequirement, values=_check_requirement(values))


class RequirementFields(TypedDict, total=False):
    """What `requirement_update` takes."""

    appeal: Appeal | None
    country: Country
    programme: Programme | None
    project: Project | None
    year: int
    amount_usd: Decimal
    is_illustrative: bool


REQUIREMENT_FIELDS = tuple(RequirementFields.__annotations__)


def _check_requirement(
    values: dict[str, object], requirement: FundingRequirement | None = None
) -> dict[str, object]:
    """A project in the requirement's country brings its programme; an appeal is the country's."""
    country = values.get("country", requirement.country if requirement else None)
    project = values.get("project", requirement.project if requirement else None)
    appeal = values.get("appeal", requirement.appeal if requirement else None)
    assert isinstance(country, Country)  # noqa: S101 — a requirement always has a country
    if isinstance(project, Project):
        if project.recipient_country_id != country.pk:
            raise ValidationError({"project": _("This project is not in the country.")})
        programme = values.get("programme", requirement.programme if requirement else None)
        if isinstance(programme, Programme) and programme.pk != project.programme_id:
            raise ValidationError({"programme": _("The project belongs to another programme.")})
        values["programme"] = project.programme
    if isinstance(appeal, Appeal) and appeal.country_id != country.pk:
        raise ValidationError({"appeal": _("This appeal is for another country.")})
    _refuse_recorded_twice(values, requirement)
    return values


# What a requirement is for: one requirement each, or coverage counts the money twice.
REQUIREMENT_KEY = ("country", "appeal", "programme", "project", "year")


def _refuse_recorded_twice(
    values: dict[str, object], requirement: FundingRequirement | None
) -> None:
    """Refuse a requirement for what another already covers, on its year."""
    key = {
        name: values.get(name, getattr(requirement, name) if requirement else None)
        for name in REQUIREMENT_KEY
    }
    others = FundingRequirement.objects.filter(**key)
    if requirement is not None:
        others = others.exclude(pk=requirement.pk)
    if others.exists():
        raise ValidationError({"year": str(REQUIREMENT_TWICE)})


@transaction.atomic
def requirement_update(
    *,
    actor: User | None,
    requirement: FundingRequirement,
    **fields: Unpack[RequirementFields],
) -> FundingRequirement:
    """Change the fields given; the others keep their values."""
    values = given_fields("requirement_update", fields, REQUIREMENT_FIELDS)
    return update_audited(
        actor=actor, obj=requirement, values=_check_requirement(values, requirement)
    )
