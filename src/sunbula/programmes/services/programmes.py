"""Writes to programmes and their governing bodies' decisions."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from sunbula.core.audit import create_audited, update_audited
from sunbula.core.models import User
from sunbula.programmes.models import (
    GoverningBodyDecision,
    Programme,
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


def _check_fields(function: str, values: dict[str, Any], allowed: Sequence[str]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"{function}() got unexpected fields {sorted(unknown)}")


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
