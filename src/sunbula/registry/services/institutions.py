"""Writes to institutions and their headcounts."""

from __future__ import annotations

import datetime
from typing import TypedDict, Unpack

from django.db import transaction

from sunbula.core.audit import (
    create_audited,
    given_fields,
    update_audited,
    upsert_audited,
)
from sunbula.core.models import Country, Organisation, Site, User
from sunbula.registry.models import (
    Headcount,
    Institution,
)


class InstitutionFields(TypedDict, total=False):
    """What `institution_update` takes; a new site brings its country."""

    name: str
    name_translations: dict[str, str]
    kind: str
    status: str
    site: Site
    country: Country
    operating_organisation: Organisation | None
    is_illustrative: bool


INSTITUTION_FIELDS = tuple(InstitutionFields.__annotations__)


@transaction.atomic
def institution_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    site: Site,
    name_translations: dict[str, str] | None = None,
    status: str = "active",
    operating_organisation: Organisation | None = None,
    is_illustrative: bool = False,
) -> Institution:
    """An institution at a core site, in the site's country."""
    return create_audited(
        actor=actor,
        model=Institution,
        values={
            "name": name,
            "name_translations": name_translations or {},
            "kind": kind,
            "status": status,
            "site": site,
            "country": site.country,
            "operating_organisation": operating_organisation,
            "is_illustrative": is_illustrative,
        },
    )


@transaction.atomic
def institution_update(
    *, actor: User | None, institution: Institution, **fields: Unpack[InstitutionFields]
) -> Institution:
    """Change the fields given; the others keep their values."""
    values = given_fields("institution_update", fields, INSTITUTION_FIELDS)
    if "site" in values:
        values["country"] = values["site"].country
    return update_audited(actor=actor, obj=institution, values=values)


@transaction.atomic
def headcount_record(
    *,
    actor: User | None,
    institution: Institution,
    counted_on: datetime.date,
    headcount: int,
    verified_by: str,
    method: str,
    special_diets: dict[str, int] | None = None,
    is_illustrative: bool = False,
) -> Headcount:
    """Record, or correct, the verified headcount of an institution on a day."""
    return upsert_audited(
        actor=actor,
        model=Headcount,
        lookup={"institution": institution, "counted_on": counted_on},
        values={
            "headcount": headcount,
            "verified_by": verified_by,
            "method": method,
            "special_diets": dict(special_diets or {}),
            "is_illustrative": is_illustrative,
        },
    )
