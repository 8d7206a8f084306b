"""Who gets what: docs/access-matrix.md, checked cell by cell on the demo.

The table states, for each persona, the answer to one request to each page (by URL pattern
name) and each API operation (by operationId): a page or read is asked with GET, a write with
an empty body (inside a savepoint, rolled back), a path's id filled with the demo's first
record (the one the scope matrix learns for that door). Every URL pattern and every operation
of the schema must have a row: a new one fails here until the table says who may use it.

After a deliberate change in who may do what, write the table again from what the product
answers and read the difference before committing it:
    SUNBULA_WRITE_ACCESS_MATRIX=1 PYTHONPATH=src .venv/bin/pytest tests/test_access_matrix.py
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Model
from django.template.backends.django import Template as DjangoTemplate
from django.test import override_settings
from django.urls import get_resolver
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from sunbula.assistance.models import Distribution
from sunbula.core import access
from sunbula.core.models import Country, Organisation, Role, User
from sunbula.funding.models import DonorConference
from sunbula.learning.models import Course, Event, Lesson
from sunbula.programmes.models import Project
from sunbula.programmes.role_limits import role_programmes_set
from tests.conftest import REGISTRY_TEST_KEY, client_for, make_persona
from tests.doors import PLACEHOLDER, learn_models, walk
from tests.openapi import schema
from tests.operations import WRITES, concrete, query_for

TABLE = Path(__file__).resolve().parents[1] / "docs" / "access-matrix.md"
WRITE = "SUNBULA_WRITE_ACCESS_MATRIX"

# The personas, in the table's column order: (column heading, demo e-mail or None).
PERSONAS = {
    "anonymous": "Anonymous",
    "administrator": "Administrator",
    "officer_afg": "Programme officer, Afghanistan",
    "officer_kaz": "Programme officer, Kazakhstan",
    "programme": "Programme officer, one programme",
    "donor": "Donor viewer (Kazakhstan)",
    "protection": "Protection officer",
    "outsider": "Outsider (no role)",
}
DEMO_USERS = {
    "administrator": "admin@sunbula.example",
    "officer_afg": "officer.afg@sunbula.example",
    "officer_kaz": "officer.kaz@sunbula.example",
    "donor": "donor.kaz@sunbula.example",
    "protection": "protection.afg@sunbula.example",
}
# Values for keys in a page's path other than a record's id.
SAMPLE = {
    "iso3": "AFG",
    "p_code": "AF32",
    "farmer_lang": "en",
    "step": "signed",
    "kind": "strategy",
}
# Pages for the public, which no scope guards: the record each one shows.
PUBLIC_RECORDS: dict[str, type[Model]] = {
    "learning:event_register": Event,
    "learning:farm_course": Course,
    "learning:farm_lesson": Lesson,
    "funding:conference_announcements": DonorConference,
}
# Django's back office: one row for the whole site, checked on its index.
BACK_OFFICE = "admin:*"


@dataclass(frozen=True)
class Cell:
    key: str  # URL pattern name or operationId
    label: str  # what the row shows beside the key
    section: str  # "Pages", "Other addresses" or "API"
    method: str
    url: str
    query: tuple[tuple[str, Any], ...] = ()


@pytest.fixture(scope="module")
def people(_demo_once: None, django_db_blocker: Any) -> Iterator[dict[str, User | None]]:
    with (
        django_db_blocker.unblock(),
        override_settings(REGISTRY_KEYS=[REGISTRY_TEST_KEY]),
        transaction.atomic(),
    ):
        iofs = Organisation.objects.get(acronym="IOFS")
        afghanistan = Country.objects.get(iso3="AFG")
        limited = make_persona(
            "access.programme@example.org", Role.PROGRAMME_OFFICER, iofs, [afghanistan]
        )
        project = Project.objects.filter(recipient_country=afghanistan).order_by("pk").first()
        assert project is not None
        role_programmes_set(
            actor=None,
            assignment=limited.role_assignments.get(),
            programmes=[project.programme],
        )
        found: dict[str, User | None] = {
            name: User.objects.get(email=email) for name, email in DEMO_USERS.items()
        }
        found["anonymous"] = None
        found["programme"] = limited
        found["outsider"] = make_persona("access.outsider@example.org", None, iofs, [])
        yield found
        transaction.set_rollback(True)


@pytest.fixture
def demo(people: dict[str, User | None], db: None) -> dict[str, User | None]:
    for user in people.values():
        if user is not None:
            access.forget_roles(user)
    return people


@pytest.fixture(scope="module")
def _rows_learnt() -> list[Cell]:
    return []


@pytest.fixture
def rows(demo: dict[str, User | None], _rows_learnt: list[Cell]) -> list[Cell]:
    """The rows, learnt once a run from the administrator's pages and the schema (within a
    test, under the test settings)."""
    administrator = demo["administrator"]
    assert administrator is not None
    if not _rows_learnt:
        _rows_learnt.extend(cells(administrator))
    return _rows_learnt


# --- the rows ------------------------------------------------------------------------------


def _shape(path: str) -> str:
    """A URL pattern's route or a schema's path with its keys blanked, to compare them."""
    path = re.sub(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)|\{\w+\}", "{}", path)
    return "/" + path.replace("^", "").replace("$", "").lstrip("/")


def _fill(route: str, records: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(2) or match.group(3)
        if name in records:
            return str(records[name])
        return SAMPLE.get(name, "x")

    return "/" + PLACEHOLDER.sub(value, route).replace("^", "").replace("$", "")


def _point() -> dict[str, Any]:
    distribution = Distribution.objects.select_related("entitlement").order_by("pk").first()
    assert distribution is not None
    return {"cycle": distribution.entitlement.cycle_id, "site": distribution.site_id}


def cells(admin: User) -> list[Cell]:
    """One row for each page, each other address, and each API operation."""
    documented = schema()["paths"]
    shapes = {_shape(path) for path in documented}
    learnt = {door.name: model for door, model in learn_models(client_for(admin)).items()}
    point = _point()
    rows: dict[str, Cell] = {}
    for route, name, _pattern in walk(get_resolver().url_patterns):
        if route.startswith(("ar/", "fr/", "ru/")) or "format>" in route:
            continue
        if route.startswith("en/admin/"):
            if name == "admin:index":
                rows[BACK_OFFICE] = Cell(BACK_OFFICE, "", "Pages", "get", "/" + route)
            continue
        if route.startswith("api/v1/") and _shape(route) in shapes:
            continue  # an operation of the schema: its rows come below
        records: dict[str, Any] = dict(point)
        model = learnt.get(name) or PUBLIC_RECORDS.get(name)
        if model is not None:
            record = model._default_manager.order_by("pk").first()
            records["pk"] = record.pk if record is not None else 0
        section = "Pages" if route.startswith("en/") else "Other addresses"
        assert name not in rows, name
        rows[name] = Cell(name, "", section, "get", _fill(route, records))
    operations = sorted(
        (path, method, operation)
        for path, item in documented.items()
        for method, operation in item.items()
        if method in ("get", *WRITES)
    )
    for path, method, operation in operations:
        key = operation["operationId"]
        rows[key] = Cell(
            key,
            f"{method.upper()} {path}",
            "API",
            method,
            concrete(path, admin),
            tuple(query_for(path).items()) if method == "get" else (),
        )
    return list(rows.values())


def answer(client: APIClient, cell: Cell) -> int:
    """The status of the cell's request; a page that takes only POST is sent an empty one."""
    if cell.method == "get":
        status: int = client.get(cell.url, dict(cell.query)).status_code
        if status != 405 or cell.section == "API":
            return status
        method = "post"
    else:
        method = cell.method
    # What the write does is rolled back; so is what it does to the session (signing out).
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        status = getattr(client, method)(cell.url, {}, format="json").status_code
        transaction.set_rollback(True)
    client.cookies = cookies
    return status


# --- the table -----------------------------------------------------------------------------

ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|(.*)\|\s*$")
SECTIONS = ("Pages", "Other addresses", "API")


def read_table() -> dict[str, dict[str, str]]:
    """{row key: {persona: answer}} as docs/access-matrix.md states it."""
    table: dict[str, dict[str, str]] = {}
    if not TABLE.exists():
        return table
    for line in TABLE.read_text().splitlines():
        match = ROW.match(line)
        if match is None:
            continue
        answers = [part.strip() for part in match.group(2).split("|")][-len(PERSONAS) :]
        table[match.group(1)] = dict(zip(PERSONAS, answers, strict=True))
    return table


INTRODUCTION = """\
# Access matrix

Who gets what from each page and each API operation, on the demo (`sunbula demo`), for
eight people: someone not signed in, the administrator, a programme officer for Afghanistan,
one for Kazakhstan, a programme officer for Afghanistan limited to one programme, the
Kazakh government's donor viewer, a protection officer for Afghanistan (with clearance), and
someone signed in without any role.

Each cell is the status of one request: a page or a read is asked with `GET` (a page that
takes only `POST` is sent an empty `POST`); a write is sent an empty body. Where the path names a record, it is the demo's first record of that
kind (in Afghanistan, mostly), so a persona whose scope does not reach it gets `404`, the
same answer as for a record that does not exist.

- `200` answered; `201`/`204` done; `302` sent elsewhere (to sign in, when not signed in);
- `400` the request (an empty body here) was refused field by field;
- `401`/`403` refused: not signed in / not allowed;
- `404` not found, or outside the person's scope; `405` the address takes another method.

`tests/test_access_matrix.py` asks every cell of this table on the demo, and fails when a
URL pattern or an API operation has no row. After a deliberate change in who may do what,
write the table again with `SUNBULA_WRITE_ACCESS_MATRIX=1` (see the test) and read the
difference before committing it.
"""


def write_table(table: dict[str, dict[str, str]], rows: list[Cell]) -> None:
    heading = "| | " + " | ".join(PERSONAS.values()) + " |"
    rule = "|---|" + "---|" * len(PERSONAS)
    lines = [INTRODUCTION]
    for section in SECTIONS:
        lines += ["", f"## {section}", ""]
        api = section == "API"
        lines.append(
            heading.replace("| |", "| Operation | Method and path |", 1) if api else heading
        )
        lines.append(rule + ("---|" if api else ""))
        for cell in sorted((cell for cell in rows if cell.section == section), key=_order):
            answers = table.get(cell.key, {})
            shown = " | ".join(answers.get(persona, "?") for persona in PERSONAS)
            label = f" {cell.label} |" if api else ""
            lines.append(f"| `{cell.key}` |{label} {shown} |")
    TABLE.write_text("\n".join(lines) + "\n")


def _order(cell: Cell) -> tuple[str, ...]:
    return (cell.label, cell.key) if cell.section == "API" else (cell.key,)


# --- the tests -----------------------------------------------------------------------------


def test_every_page_and_operation_has_a_row(demo: dict[str, User | None], rows: list[Cell]) -> None:
    keys = {cell.key for cell in rows}
    table = read_table()
    if os.environ.get(WRITE):
        return
    assert sorted(keys - table.keys()) == [], "no row in docs/access-matrix.md"
    assert sorted(table.keys() - keys) == [], "rows for what no longer exists"


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_the_table_says(
    demo: dict[str, User | None], rows: list[Cell], persona: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Who is let in is decided before a page is drawn; drawing every page is the page
    # budget's test (tests/core/test_scope_matrix.py), so here a page is answered unrendered.
    monkeypatch.setattr(DjangoTemplate, "render", lambda *_args, **_kwargs: "")
    # The schema is drawn once a run (tests/openapi.py), not once a persona.
    monkeypatch.setattr(SchemaGenerator, "get_schema", lambda *_args, **_kwargs: schema())
    client = APIClient()
    user = demo[persona]
    if user is not None:  # signed in, past the second factor where one is owed
        client.cookies = client_for(user).cookies
    given = {cell.key: str(answer(client, cell)) for cell in rows}
    table = read_table()
    if os.environ.get(WRITE):
        for cell in rows:
            table.setdefault(cell.key, {})[persona] = given[cell.key]
        write_table(table, rows)
        return
    wrong = [
        f"{cell.key} ({cell.method.upper()} {cell.url}): "
        f"table says {table.get(cell.key, {}).get(persona)}, answered {given[cell.key]}"
        for cell in rows
        if table.get(cell.key, {}).get(persona) != given[cell.key]
    ]
    assert wrong == [], "\n".join(wrong)
