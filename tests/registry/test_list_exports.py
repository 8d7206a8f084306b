"""Downloads of the registry's lists: masked for every reader, recorded like any export.

Unmasked personal data leaves the registry only through the export with a stated reason
(tests/registry/test_masking.py); a list download never holds it, clearance or not.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from sunbula.core import services as core_services
from sunbula.core.models import AuditEntry, Role, User
from sunbula.registry import services
from sunbula.registry.protection import MASK
from tests.conftest import World, client_for, make_persona
from tests.registry.conftest import SECRETS, People

pytestmark = pytest.mark.django_db

FORMATS = ("csv", "xlsx")
PEOPLE = "/en/registry/people/"
DUPLICATES = "/en/registry/duplicates/"


def _rows(client: Client, url: str, file_format: str, **query: str) -> list[dict[str, Any]]:
    response = client.get(url, {**query, "format": file_format})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    if file_format == "csv":
        return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    lines = list(sheet.iter_rows(values_only=True))
    return [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]


def _text(rows: list[dict[str, Any]]) -> str:
    return " ".join(str(value) for row in rows for value in row.values())


@pytest.mark.parametrize("file_format", FORMATS)
def test_without_clearance_a_download_is_masked_as_the_page_is(
    officer_afg: User, people: People, file_format: str
) -> None:
    rows = _rows(client_for(officer_afg), PEOPLE, file_format)
    assert [row["Record"] for row in rows] == [f"P-{people.afghan.pk}"]
    (row,) = rows
    assert row["Name"] == f"M{MASK} A{MASK}"
    assert row["Father's name"] == f"G{MASK}"
    assert (row["Born"], row["Phone"], row["Identity number"]) == (MASK, MASK, MASK)
    assert row["Area"] == "AF32"
    for secret in SECRETS:
        assert secret not in _text(rows)


@pytest.mark.parametrize("file_format", FORMATS)
def test_with_clearance_a_download_is_masked_too_and_recorded_as_an_export(
    protection_officer: User, people: People, file_format: str
) -> None:
    rows = _rows(client_for(protection_officer), PEOPLE, file_format)
    assert [row["Record"] for row in rows] == [f"P-{people.afghan.pk}"]
    for secret in SECRETS:
        assert secret not in _text(rows)
    assert not AuditEntry.objects.filter(action="registry.person.viewed_unmasked").exists()
    entry = AuditEntry.objects.get(action="registry.person.exported")
    assert entry.actor == protection_officer
    assert entry.after == {
        "count": 1,
        "unmasked": False,
        "reason": "",
        "countries": [people.afghan.country_id],
    }


def test_the_page_says_its_downloads_are_masked_and_keeps_the_reasoned_export(
    protection_officer: User, people: People
) -> None:
    html = client_for(protection_officer).get(PEOPLE, {"status": "active"}).content.decode()
    assert "masked in downloads from this list" in html
    assert 'href="?status=active&amp;format=xlsx"' in html
    assert 'href="/en/registry/people/export/"' in html
    # The reasoned export still gives the data, with the reason, as before.
    response = client_for(protection_officer).post(
        "/en/registry/people/export/", {"reason": "Distribution list"}
    )
    assert "Mohammad" in response.content.decode()


def test_a_reader_who_may_not_export_gets_no_download(world: World, people: People) -> None:
    analyst = make_persona("me.afg@example.org", Role.ME_OFFICER, world.iofs, [world.afghanistan])
    client = client_for(analyst)
    assert "format=csv" not in client.get(PEOPLE).content.decode()
    assert client.get(PEOPLE, {"format": "csv"}).status_code == 403
    assert not AuditEntry.objects.filter(action="registry.person.exported").exists()


def test_a_download_holds_only_the_countries_where_the_reader_may_export(
    world: World, people: People
) -> None:
    # Sees people in both countries, but may export only Kazakh ones.
    reader = make_persona("me.afg@example.org", Role.ME_OFFICER, world.iofs, [world.afghanistan])
    core_services.role_grant(
        actor=None,
        user=reader,
        role=Role.PROGRAMME_OFFICER,
        organisation=world.iofs,
        countries=[world.kazakhstan],
    )
    client = client_for(reader)
    assert f"P-{people.afghan.pk}" in client.get(PEOPLE).content.decode()
    rows = _rows(client, PEOPLE, "csv")
    assert [row["Record"] for row in rows] == [f"P-{people.kazakh.pk}"]


@pytest.mark.parametrize("file_format", FORMATS)
def test_officer_kaz_downloads_no_afghan_person(
    officer_kaz: User, people: People, file_format: str
) -> None:
    rows = _rows(client_for(officer_kaz), PEOPLE, file_format)
    assert [row["Record"] for row in rows] == [f"P-{people.kazakh.pk}"]


def test_a_masked_name_that_looks_like_a_formula_stays_text(
    officer_afg: User, world: World
) -> None:
    person = services.person_register(
        actor=None, country=world.afghanistan, given_name="=cmd|' /C calc'!A0", sex="M"
    )
    client = client_for(officer_afg)
    (as_csv,) = _rows(client, PEOPLE, "csv")
    assert as_csv["Record"] == f"P-{person.pk}"
    assert as_csv["Name"] == f"'={MASK}"
    response = client.get(PEOPLE, {"format": "xlsx"})
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    name = sheet["B2"]
    assert (name.value, name.data_type) == (f"={MASK}", "s")


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_duplicate_queue_downloads_both_people_of_each_pair_masked(
    protection_officer: User, world: World, people: People, file_format: str
) -> None:
    twin = services.person_register(
        actor=None,
        country=world.afghanistan,
        given_name="Muhammad",
        family_name="Ahmadzai",
        sex="M",
        birth_date="1984",
    )
    services.duplicate_pair_flag(actor=None, person_1=people.afghan, person_2=twin, score=0.8125)
    client = client_for(protection_officer)
    assert "format=xlsx" in client.get(DUPLICATES).content.decode()
    rows = _rows(client, DUPLICATES, file_format)
    assert sorted(row["Record"] for row in rows) == sorted(
        [f"P-{people.afghan.pk}", f"P-{twin.pk}"]
    )
    scores = {row["Match probability"] for row in rows}
    assert scores == ({"0.8125"} if file_format == "csv" else {0.8125})
    for secret in (*SECRETS, "Muhammad"):
        assert secret not in _text(rows)
    entry = AuditEntry.objects.get(action="registry.person.exported")
    assert (entry.after["count"], entry.after["unmasked"]) == (2, False)


def test_households_and_institutions_download_without_an_export_record(
    officer_afg: User, world: World
) -> None:
    services.household_create(actor=None, country=world.afghanistan, reference="HH-HRT-1")
    services.institution_create(
        actor=None, name="Pul-e-Charkhi prison", kind="prison", site=world.kabul_warehouse
    )
    client = client_for(officer_afg)
    assert [row["Reference"] for row in _rows(client, "/en/registry/households/", "csv")] == [
        "HH-HRT-1"
    ]
    assert [row["Name"] for row in _rows(client, "/en/registry/institutions/", "xlsx")] == [
        "Pul-e-Charkhi prison"
    ]
    assert not AuditEntry.objects.filter(action="registry.person.exported").exists()
