"""The model's rules for an imported row, checked in plain Python (no instance per row)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Field
from django.utils.translation import gettext as _

from sunbula.core.models import Country
from sunbula.registry.models import Person, parse_birth_date

IMPORTED_FIELDS = (
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "birth_date",
    "phone",
    "id_document_type",
    "id_number",
    "relation_to_head",
    "displacement_status",
)


@lru_cache(maxsize=1)
def _import_rules() -> dict[str, tuple[Any, int | None, frozenset[str] | None, bool]]:
    """Per imported field: the field, its max length, its choices and whether it may be blank."""
    rules: dict[str, tuple[Any, int | None, frozenset[str] | None, bool]] = {}
    for name in ("external_id", *IMPORTED_FIELDS):
        model_field = Person._meta.get_field(name)
        assert isinstance(model_field, Field)  # noqa: S101 — plain fields, named above
        choices = (
            frozenset(str(value) for value, _label in model_field.flatchoices)
            if model_field.choices
            else None
        )
        rules[name] = (model_field, model_field.max_length, choices, model_field.blank)
    return rules


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Any]:
    """What a field missing from a row holds: the model's default."""
    defaults: dict[str, Any] = {}
    for name in IMPORTED_FIELDS:
        model_field = Person._meta.get_field(name)
        assert isinstance(model_field, Field)  # noqa: S101 — plain fields, named above
        defaults[name] = model_field.get_default()
    return defaults


def person_row_problems(
    values: Mapping[str, Any],
    *,
    external_id: str,
    country: Country,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """What `full_clean` would refuse in an imported row, checked in plain Python.

    The same rules as the model (blank, max length, choices, the birth date check of
    Person.clean, the admin area's country), with the model's own messages, without building
    a model instance per row; test_import_validation.py proves both agree.
    """
    problems: dict[str, str] = {}
    defaults = _defaults()
    for name, (model_field, max_length, choices, blank) in _import_rules().items():
        value = external_id if name == "external_id" else values.get(name, defaults[name])
        text = "" if value is None else str(value)
        if not text:
            if not blank:
                problems[name] = str(model_field.error_messages["blank"])
            continue
        if max_length is not None and len(text) > max_length:
            try:
                model_field.run_validators(text)  # the model's own message, only on failure
            except ValidationError as invalid:
                problems[name] = " ".join(invalid.messages)
        elif choices is not None and text not in choices:
            problems[name] = str(model_field.error_messages["invalid_choice"]) % {"value": text}
    birth_date = values.get("birth_date") or ""
    if birth_date and "birth_date" not in problems:
        try:
            parse_birth_date(birth_date, today)
        except ValidationError as invalid:
            problems["birth_date"] = " ".join(invalid.messages)
    area = values.get("admin_area")
    if area is not None and area.country_id != country.pk:
        problems["admin_area"] = _("The admin area is in another country.")
    return problems
