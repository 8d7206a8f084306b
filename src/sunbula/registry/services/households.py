"""Writes to households."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypedDict, Unpack

from django.db import transaction

from sunbula.core.audit import (
    create_audited,
    given_fields,
    update_audited,
)
from sunbula.core.models import AdminArea, Country, User
from sunbula.registry.models import (
    Household,
)


class HouseholdFields(TypedDict, total=False):
    """What `household_update` takes."""

    reference: str
    external_id: str
    country: Country
    admin_area: AdminArea | None
    displacement_status: str
    vulnerabilities: Iterable[str]
    is_synthetic: bool


HOUSEHOLD_FIELDS = tuple(HouseholdFields.__annotations__)


@transaction.atomic
def household_create(
    *,
    actor: User | None,
    country: Country,
    reference: str,
    admin_area: AdminArea | None = None,
    external_id: str = "",
    displacement_status: str = "resident",
    vulnerabilities: Sequence[str] = (),
    is_synthetic: bool = False,
) -> Household:
    """Register a household under a reference unique in its country."""
    return create_audited(
        actor=actor,
        model=Household,
        values={
            "country": country,
            "reference": reference,
            "admin_area": admin_area,
            "external_id": external_id,
            "displacement_status": displacement_status,
            "vulnerabilities": list(vulnerabilities),
            "is_synthetic": is_synthetic,
        },
    )


@transaction.atomic
def household_update(
    *, actor: User, household: Household, **fields: Unpack[HouseholdFields]
) -> Household:
    """Change the fields given; the others keep their values."""
    values = given_fields("household_update", fields, HOUSEHOLD_FIELDS)
    if "vulnerabilities" in values:
        values["vulnerabilities"] = list(values["vulnerabilities"])
    return update_audited(actor=actor, obj=household, values=values)
