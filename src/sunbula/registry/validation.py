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
from sunbula.core.validation import phone_number, today_somewhere
from sunbula.registry.import_report import reason_of
from sunbula.registry.models import (
    PERSON_DETAILS,
    Person,
    parse_birth_date,
    person_problems,
    validate_vulnerabilities,
)

IMPORTED_FIELDS = (
    *PERSON_DETAILS,
    "relation_to_head",
    "displacement_status",
    "vulnerabilities",
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
            continue  # checked below, or a field the model puts no rule on (the names)
        default = model_field.get_default()
        rules.append(
            Rule(name, model_field, default, model_field.max_length, choices, model_field.blank)
        )
    return tuple(rules)


LONGER_THAN = gettext_noop("Longer than %(count)s characters.")
EXTERNAL_ID_REQUIRED = Reason(gettext_noop("An external id is required."))
SAME_ID_TWICE = Reason(gettext_noop("The same id appears twice."))
NOT_ALLOWED = Reason(gettext_noop("Not one of the allowed values."))


def person_row_problems(
    values: Mapping[str, Any],
    *,
    external_id: str,
    country: Country,
    today: datetime.date | None = None,
    in_household: bool = False,
) -> dict[str, Reason]:
    """What `full_clean` would refuse in an imported row, checked in plain Python.

    The same rules as the model (blank, max length, choices, the phone number, the codes of
    the vulnerabilities, the birth date check and the rules across fields of Person.clean,
    the admin area's country),
    without building a model instance per row; test_import_fast_path.py proves both agree.
    `in_household`: the row's record is a member of a household already (a file names
    none). A field missing from the row holds the model's default. Each reason is kept
    untranslated, to be shown in the report's reader's language.
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
    phone = str(values.get("phone") or "")
    if phone:
        try:
            phone_number(phone)
        except ValidationError as invalid:
            problems["phone"] = reason_of(invalid)
    vulnerabilities = values.get("vulnerabilities")
    if vulnerabilities:
        try:
            validate_vulnerabilities(vulnerabilities)
        except ValidationError as invalid:
            problems["vulnerabilities"] = reason_of(invalid)
    birth_date = values.get("birth_date") or ""
    if birth_date and "birth_date" not in problems:
        try:
            parse_birth_date(birth_date, today)
        except ValidationError as invalid:
            problems["birth_date"] = reason_of(invalid)
    across = person_problems(
        in_household=in_household,
        relation_to_head=str(values.get("relation_to_head") or ""),
        id_document_type=str(values.get("id_document_type") or ""),
        id_number=str(values.get("id_number") or ""),
    )
    for name, reason in across.items():
        problems.setdefault(name, reason)
    area = values.get("admin_area")
    if area is not None and area.country_id != country.pk:
        problems["admin_area"] = Reason(gettext_noop("The admin area is in another country."))
    return problems


LOOKUP_CHUNK = 900  # below SQLite's limit of bound parameters


def _in_households(rows: Sequence[PersonRow], country: Country) -> set[str]:
    """The external ids of rows that give a relation to the head of household and whose
    record is a member of a household already: a file names no household, so only such a
    record may hold the relation. Read only for rows that give one (most files give none)."""
    asked = [
        row.external_id for row in rows if row.external_id and row.values.get("relation_to_head")
    ]
    members: set[str] = set()
    for start in range(0, len(asked), LOOKUP_CHUNK):
        members.update(
            Person.objects.filter(
                country=country,
                external_id__in=asked[start : start + LOOKUP_CHUNK],
                household__isnull=False,
            ).values_list("external_id", flat=True)
        )
    return members


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
    households = _in_households(rows, country)
    for row in rows:
        if not ROW_FIELDS.issuperset(row.values):
            unknown = sorted(set(row.values) - ROW_FIELDS)
            raise TypeError(f"unknown person fields: {unknown}")
        refused = person_row_problems(
            row.values,
            external_id=row.external_id,
            country=country,
            today=today,
            in_household=row.external_id in households,
        )
        if not row.external_id:
            refused["external_id"] = EXTERNAL_ID_REQUIRED
        elif not refused and row.external_id in seen:
            refused = {"external_id": SAME_ID_TWICE}
        seen.add(row.external_id)
        if refused:
            problems.extend((row.line, name, message) for name, message in refused.items())
    return problems
