"""The model's rules for imported rows, checked in plain Python (no instance per row)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import Field
from django.utils import timezone
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
ROW_FIELDS = frozenset([*IMPORTED_FIELDS, "admin_area"])  # what a PersonRow's values may hold


@dataclass
class PersonRow:
    """One row of an import file, ready to store once it is checked."""

    line: int
    external_id: str
    values: dict[str, Any] = field(default_factory=dict)


class Rule(NamedTuple):
    """What the model asks of one imported field."""

    name: str
    model_field: Field[Any, Any]
    default: Any
    max_length: int | None
    choices: frozenset[str] | None
    blank: bool


@lru_cache(maxsize=1)
def _import_rules() -> tuple[Rule, ...]:
    """Per imported field the model puts a rule on: default, max length, choices, blank."""
    rules = []
    for name in ("external_id", *IMPORTED_FIELDS):
        model_field = Person._meta.get_field(name)
        assert isinstance(model_field, Field)  # noqa: S101 — plain fields, named above
        choices = (
            frozenset(str(value) for value, _label in model_field.flatchoices)
            if model_field.choices
            else None
        )
        if model_field.blank and model_field.max_length is None and choices is None:
            continue  # a field the model puts no rule on (the names, phone, numbers, dates)
        default = model_field.get_default()
        rules.append(
            Rule(name, model_field, default, model_field.max_length, choices, model_field.blank)
        )
    return tuple(rules)


def without_values(error: ValidationError) -> str:
    """The error's messages with the refused value itself left out: an import report names
    the line, the field and the reason, never a person's data (it is kept, and shown to
    importers without protection clearance)."""
    messages = []
    for each in error.error_list:
        params = dict(each.params or {})
        if "value" in params:
            params["value"] = _("This value")
        messages.append(str(each.message) % params if params else str(each.message))
    return " ".join(messages)


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
    a model instance per row; test_import_fast_path.py proves both agree. A field missing
    from the row holds the model's default.
    """
    problems: dict[str, str] = {}
    for name, model_field, default, max_length, choices, blank in _import_rules():
        value = external_id if name == "external_id" else values.get(name, default)
        text = "" if value is None else str(value)
        if not text:
            if not blank:
                problems[name] = str(model_field.error_messages["blank"])
            continue
        if max_length is not None and len(text) > max_length:
            try:
                model_field.run_validators(text)  # the model's own message, only on failure
            except ValidationError as invalid:
                problems[name] = without_values(invalid)
        elif choices is not None and text not in choices:
            problems[name] = _("Not one of the allowed values.")
    birth_date = values.get("birth_date") or ""
    if birth_date and "birth_date" not in problems:
        try:
            parse_birth_date(birth_date, today)
        except ValidationError as invalid:
            problems["birth_date"] = without_values(invalid)
    area = values.get("admin_area")
    if area is not None and area.country_id != country.pk:
        problems["admin_area"] = _("The admin area is in another country.")
    return problems


def import_row_problems(
    rows: Sequence[PersonRow], *, country: Country
) -> list[tuple[int, str, str]]:
    """The model's rules for every row of an import: (line, field, message) per problem.

    A row that breaks none of them can be stored as it is; a field it leaves out holds the
    model's default.
    """
    problems: list[tuple[int, str, str]] = []
    today = timezone.localdate()
    seen: set[str] = set()
    for row in rows:
        if not ROW_FIELDS.issuperset(row.values):
            unknown = sorted(set(row.values) - ROW_FIELDS)
            raise TypeError(f"unknown person fields: {unknown}")
        refused = person_row_problems(
            row.values, external_id=row.external_id, country=country, today=today
        )
        if not row.external_id:
            refused["external_id"] = _("An external id is required.")
        elif not refused and row.external_id in seen:
            refused = {"external_id": _("The same id appears twice.")}
        seen.add(row.external_id)
        if refused:
            problems.extend((row.line, name, message) for name, message in refused.items())
    return problems
