"""The model's rules for imported rows, checked in plain Python (no instance per row)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import Field
from django.utils.translation import gettext_noop

from sunbula.core.models import Country
from sunbula.core.reasons import Reason, untranslated
from sunbula.core.validation import today_somewhere
from sunbula.registry.import_report import reason_of
from sunbula.registry.models import PERSON_DETAILS, Person, parse_birth_date

IMPORTED_FIELDS = (
    *PERSON_DETAILS,
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


LONGER_THAN = gettext_noop("Longer than %(count)s characters.")
EXTERNAL_ID_REQUIRED = Reason(gettext_noop("An external id is required."))
SAME_ID_TWICE = Reason(gettext_noop("The same id appears twice."))
NOT_ALLOWED = Reason(gettext_noop("Not one of the allowed values."))
ID_NUMBER_REQUIRED = Reason(gettext_noop("Give the number of the identity document."))


def id_number_problem(id_document_type: str, id_number: str) -> Reason | None:
    """An identity document is named by its type and its number: a type without a number
    is refused (on the number). The one check of it, for registration, changes and imports."""
    if id_document_type and not (id_number or "").strip():
        return ID_NUMBER_REQUIRED
    return None


def person_row_problems(
    values: Mapping[str, Any],
    *,
    external_id: str,
    country: Country,
    today: datetime.date | None = None,
) -> dict[str, Reason]:
    """What `full_clean` would refuse in an imported row, checked in plain Python.

    The same rules as the model (blank, max length, choices, the birth date check of
    Person.clean, the admin area's country), without building a model instance per row;
    test_import_fast_path.py proves both agree. The person services' check of the identity
    document is made too. A field missing from the row holds the model's default. Each
    reason is kept untranslated, to be shown in the report's reader's language.
    """
    problems: dict[str, Reason] = {}
    for name, model_field, default, max_length, choices, blank in _import_rules():
        value = external_id if name == "external_id" else values.get(name, default)
        text = "" if value is None else str(value)
        if not text:
            if not blank:
                problems[name] = Reason(untranslated(model_field.error_messages["blank"]))
            continue
        if max_length is not None and len(text) > max_length:
            problems[name] = Reason(LONGER_THAN, {"count": max_length})
        elif choices is not None and text not in choices:
            problems[name] = NOT_ALLOWED
    birth_date = values.get("birth_date") or ""
    if birth_date and "birth_date" not in problems:
        try:
            parse_birth_date(birth_date, today)
        except ValidationError as invalid:
            problems["birth_date"] = reason_of(invalid)
    id_number = id_number_problem(
        str(values.get("id_document_type") or ""), str(values.get("id_number") or "")
    )
    if id_number is not None and "id_document_type" not in problems:
        problems["id_number"] = id_number
    area = values.get("admin_area")
    if area is not None and area.country_id != country.pk:
        problems["admin_area"] = Reason(gettext_noop("The admin area is in another country."))
    return problems


def import_row_problems(
    rows: Sequence[PersonRow], *, country: Country
) -> list[tuple[int, str, Reason]]:
    """The model's rules for every row of an import: (line, field, reason) per problem.

    A row that breaks none of them can be stored as it is; a field it leaves out holds the
    model's default.
    """
    problems: list[tuple[int, str, Reason]] = []
    today = today_somewhere()
    seen: set[str] = set()
    for row in rows:
        if not ROW_FIELDS.issuperset(row.values):
            unknown = sorted(set(row.values) - ROW_FIELDS)
            raise TypeError(f"unknown person fields: {unknown}")
        refused = person_row_problems(
            row.values, external_id=row.external_id, country=country, today=today
        )
        if not row.external_id:
            refused["external_id"] = EXTERNAL_ID_REQUIRED
        elif not refused and row.external_id in seen:
            refused = {"external_id": SAME_ID_TWICE}
        seen.add(row.external_id)
        if refused:
            problems.extend((row.line, name, message) for name, message in refused.items())
    return problems
