"""Look-ups by phone, identity number or name answer with records only to protection
clearance; import reports keep the line, field and reason, never the refused value."""

from __future__ import annotations

import io
import re

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.registry import importing
from sunbula.registry.models import Person
from tests.conftest import World, client_for
from tests.registry.conftest import People

pytestmark = pytest.mark.django_db

NOTICE = "A possible duplicate exists; ask a protection officer."
LOOKUPS = ("?phone=0700123456", "?id_number=1400010198765")


def _identifiers(people: People) -> tuple[str, ...]:
    """What would tell an uncleared user which record, household or area matched."""
    return (f"P-{people.afghan.pk}", f"/people/{people.afghan.pk}/", "AF32", "KOBO-1")


@pytest.mark.parametrize("query", LOOKUPS)
def test_without_clearance_a_lookup_says_only_that_a_duplicate_may_exist(
    officer_afg: User, people: People, query: str
) -> None:
    client = client_for(officer_afg)
    answer = client.get(f"/api/v1/registry/people/{query}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 0 and body["results"] == []
    assert body["detail"] == NOTICE
    assert str(people.afghan.pk) not in re.sub(r'"count":\s*\d+', "", answer.content.decode())
    page = client.get(f"/en/registry/people/{query}").content.decode()
    assert NOTICE in page
    for identifier in _identifiers(people):
        assert identifier not in page, identifier
    unknown = client.get("/api/v1/registry/people/?phone=0700999999").json()
    assert unknown["count"] == 0 and "detail" not in unknown
    assert NOTICE not in client.get("/en/registry/people/?phone=0700999999").content.decode()


def test_with_clearance_a_lookup_finds_the_record(protection_officer: User, people: People) -> None:
    client = client_for(protection_officer)
    for query in LOOKUPS:
        body = client.get(f"/api/v1/registry/people/{query}").json()
        assert [row["id"] for row in body["results"]] == [people.afghan.pk]
        assert "detail" not in body
        assert (
            f"P-{people.afghan.pk}" in client.get(f"/en/registry/people/{query}").content.decode()
        )


def _register(user: User, world: World, **values: str) -> str:
    """The page's answer apart from its form's choices (which list every area by p-code)."""
    response = client_for(user).post(
        "/en/registry/people/new/",
        {"country": world.afghanistan.pk, "displacement_status": "resident", **values},
    )
    assert response.status_code == 422
    return re.sub(r"<select.*?</select>", "", response.content.decode(), flags=re.DOTALL)


def test_the_duplicate_check_at_registration_names_no_record_without_clearance(
    world: World, officer_afg: User, protection_officer: User, people: People
) -> None:
    for values in (
        {"given_name": "Mohammad", "family_name": "Ahmadzai"},
        {"given_name": "Someone", "phone": "0700 123 456"},
        {"given_name": "Someone", "id_number": "1400-0101-98765"},
    ):
        page = _register(officer_afg, world, **values)
        assert NOTICE in page
        for identifier in _identifiers(people):
            assert identifier not in page, (values, identifier)
        cleared = _register(protection_officer, world, **values)
        assert f"P-{people.afghan.pk}" in cleared and NOTICE not in cleared
    assert Person.objects.count() == 2
    anyway = client_for(officer_afg).post(
        "/en/registry/people/new/",
        {
            "country": world.afghanistan.pk,
            "displacement_status": "resident",
            "given_name": "Mohammad",
            "family_name": "Ahmadzai",
            "register_anyway": "on",
        },
    )
    assert anyway.status_code == 302 and Person.objects.count() == 3


BAD_ROWS = (
    b"external_id,given_name,birth_date,displacement_status,admin_area\n"
    b"A,Ali,1990-02-30,resident,AF32\n"
    b"B,Omar,2999,resident,AF32\n"
    b"C,Gul,1980,Zarghuna Karimi,AF32\n"
    b"D,Wali,1981,resident,Qala-e-Naw 12\n"
)
RAW_VALUES = ("1990-02-30", "2999", "Zarghuna", "Qala-e-Naw")


def test_an_import_report_keeps_line_field_and_reason_but_no_value(
    officer_afg: User, world: World
) -> None:
    job = importing.import_file(
        actor=officer_afg,
        country=world.afghanistan,
        stream=io.BytesIO(BAD_ROWS),
        file_name="p.csv",
        size=len(BAD_ROWS),
    )
    assert job.status == "failed"
    assert [(problem["line"], problem["column"]) for problem in job.problems] == [
        (2, "birth_date"),
        (3, "birth_date"),
        (4, "displacement_status"),
        (5, "admin_area"),
    ]
    assert all(problem["message"] for problem in job.problems)
    stored = str(job.problems) + " ".join(str(entry.after) for entry in AuditEntry.objects.all())
    page = client_for(officer_afg).get(f"/en/registry/imports/{job.pk}/").content.decode()
    for value in RAW_VALUES:
        assert value not in stored and value not in page, value
