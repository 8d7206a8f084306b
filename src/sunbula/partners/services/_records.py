"""Saving a partner or engagement with its many-to-many links, audited once."""

from __future__ import annotations

from typing import Any

from sunbula.core.audit import audit_record, snapshot
from sunbula.core.models import User
from sunbula.core.multilingual import clean_translations
from sunbula.partners.models import (
    Engagement,
    Partner,
)


def _save_with_m2m(
    *, actor: User, obj: Partner | Engagement, values: dict[str, Any], m2m: str, verb: str
) -> None:
    """Validate and save `obj` with `values`, then its many-to-many field; one audit entry."""
    fields = [*values, m2m]
    before = snapshot(obj, fields) if obj.pk else None
    related = values.pop(m2m, None)
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if name.endswith("_translations"):
            value = clean_translations(value or {})
        if field.is_relation:
            setattr(obj, f"{name}_id", value.pk if value else None)
        else:
            setattr(obj, name, value)
    obj.full_clean(exclude=[m2m])
    obj.save()
    if related is not None:
        getattr(obj, m2m).set(list(related))
    after = snapshot(obj, fields)
    if before != after:
        audit_record(
            actor=actor,
            action=f"partners.{obj._meta.model_name}.{verb}",
            obj=obj,
            before=before,
            after=after,
        )
