"""A phone number is 7 to 15 digits, checked by one rule (core.validation.phone_number, which
the farmer courses use too) wherever a phone enters the registry: the registration and edit
pages, the API and imports (CSV and XLSX, each bad line named). An accepted number is kept as
typed and looked up by the same keyed hash as before."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from sunbula.core.models import User
from sunbula.core.validation import phone_number
from sunbula.registry import importing, protection, services
from sunbula.registry.models import ImportJob, Person
from tests.conftest import World, client_for
from tests.registry.conftest import People

pytestmark = pytest.mark.django_db

NOT_PHONES = ("abc", "12", "+93 700 12 x", "123456", "1234567890123456", "93+700123456")
PHONES = ("+93 700 123 456", "0700-123-456", "0093 (700) 123456", "۰۷۰۰ ۱۲۳ ۴۵۶", "1234567")
REFUSAL = "Enter a phone number of 7 to 15 digits."
JSON = "application/json"


@pytest.mark.parametrize("phone", NOT_PHONES)
def test_the_shared_rule_refuses_what_is_not_a_phone_number(phone: str) -> None:
    with pytest.raises(ValidationError) as refused:
        phone_number(phone)
    assert refused.value.messages == [REFUSAL]


@pytest.mark.parametrize("phone", PHONES)
def test_the_shared_rule_reads_a_number_in_any_digits_and_separators(phone: str) -> None:
    assert phone_number(phone).lstrip("+").isdigit()


@pytest.mark.parametrize("phone", ["abc", "12", "+93 700 12 x"])
def test_the_registration_page_refuses_it_on_the_phone(
    world: World, protection_officer: User, phone: str
) -> None:
    response = client_for(protection_officer).post(
        "/en/registry/people/new/",
        {
            "country": world.afghanistan.pk,
            "given_name": "Nobody-like-this",
            "displacement_status": "resident",
            "phone": phone,
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["phone"] == [REFUSAL]
    assert not Person.objects.exists()


def test_the_edit_page_refuses_it_and_keeps_the_number(
    protection_officer: User, people: People
) -> None:
    person = people.afghan
    response = client_for(protection_officer).post(
        f"/en/registry/people/{person.pk}/edit/",
        {"given_name": "Mohammad", "displacement_status": "resident", "phone": "abc"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["phone"] == [REFUSAL]
    person.refresh_from_db()
    assert person.phone == "+93 700 123 456"


def test_the_service_refuses_it_whatever_calls_it(
    world: World, officer_afg: User, people: People
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.person_register(
            actor=None, country=world.afghanistan, given_name="Ali", phone="12"
        )
    assert refused.value.message_dict == {"phone": [REFUSAL]}
    with pytest.raises(ValidationError):
        services.person_update(actor=officer_afg, person=people.afghan, phone="+93 700 12 x")
    people.afghan.refresh_from_db()
    assert people.afghan.phone == "+93 700 123 456"


def test_the_api_refuses_it_on_the_phone(world: World, officer_afg: User, people: People) -> None:
    client = client_for(officer_afg)
    for phone in ("abc", "12", "+93 700 12 x"):
        created = client.post(
            "/api/v1/registry/people/",
            {"country": "AFG", "given_name": "Nasrin", "phone": phone},
            content_type=JSON,
        )
        assert created.status_code == 400, created.content
        assert created.json() == {"phone": [REFUSAL]}
    patched = client.patch(
        f"/api/v1/registry/people/{people.afghan.pk}/", {"phone": "abc"}, content_type=JSON
    )
    assert patched.status_code == 400 and patched.json() == {"phone": [REFUSAL]}
    assert Person.objects.count() == 2  # the fixture's two people, nobody else


def test_an_accepted_number_is_kept_as_typed_and_hashed_as_before(world: World) -> None:
    person = services.person_register(
        actor=None, country=world.afghanistan, given_name="Gul", phone="۰۷۰۰ ۱۲۳ ۴۵۶"
    )
    person.refresh_from_db()
    assert person.phone == "۰۷۰۰ ۱۲۳ ۴۵۶"
    assert person.phone_hash == protection.phone_hash("+93 700 123 456")
    assert person.phone_hash == protection.lookup_hash("phone:700123456")


def _import(officer: User, world: World, name: str, content: bytes) -> ImportJob:
    return importing.import_file(
        actor=officer,
        country=world.afghanistan,
        stream=io.BytesIO(content),
        file_name=name,
        size=len(content),
    )


ROWS = [
    ("external_id", "given_name", "phone"),
    ("A", "Ali", "+93 700 111 222"),
    ("B", "Omar", "12"),
    ("C", "Gul", "123456"),
    ("D", "Zahra", "+93 700 12 x"),
    ("E", "Nasrin", ""),
]


def _problems(job: ImportJob) -> list[tuple[int, str]]:
    return [(problem["line"], problem["column"]) for problem in job.problems]


def test_a_csv_import_names_each_line_with_a_bad_phone(officer_afg: User, world: World) -> None:
    content = "".join(",".join(row) + "\n" for row in ROWS).encode()
    job = _import(officer_afg, world, "p.csv", content)
    assert job.status == "failed"
    assert _problems(job) == [(3, "phone"), (4, "phone"), (5, "phone")]
    assert {"line": 4, "column": "phone", "message": REFUSAL} in job.problems
    assert not Person.objects.exists()


def test_an_xlsx_import_names_each_line_with_a_bad_phone(officer_afg: User, world: World) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in ROWS:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    job = _import(officer_afg, world, "p.xlsx", buffer.getvalue())
    assert job.status == "failed"
    assert _problems(job) == [(3, "phone"), (4, "phone"), (5, "phone")]
    assert not Person.objects.exists()
