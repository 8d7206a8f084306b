"""Values that cannot be true together are refused by the person's and the consent's model, so
every channel refuses them alike, each on its field: a consent before the person was born or
still to come, a relation to the head of household without the household, an identity number
without its document's type (and a type without its number)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sunbula.core.models import User
from sunbula.registry import importing, services
from sunbula.registry.models import Consent, Household, ImportJob, Person
from sunbula.registry.validation import person_row_problems
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
JSON = "application/json"
BEFORE_BIRTH = "Consent cannot be given before the person was born."
NO_HOUSEHOLD = (
    "A relation to the head of household needs the household: choose it, or leave the "
    "relation empty."
)
NO_TYPE = "Choose the type of identity document this number is from."


@pytest.fixture
def born_1991(world: World) -> Person:
    return services.person_register(
        actor=None, country=world.afghanistan, given_name="Shakila", birth_date="1991-07-14"
    )


@pytest.fixture
def household(world: World) -> Household:
    return services.household_create(actor=None, country=world.afghanistan, reference="HH-9")


# Consent


def test_a_consent_before_the_birth_date_is_refused_by_the_page(
    officer_afg: User, born_1991: Person
) -> None:
    client = client_for(officer_afg)
    url = f"/en/registry/people/{born_1991.pk}/consents/"
    consent = {"purpose": "registration", "method": "written"}
    refused = client.post(url, {**consent, "given_on": "1950-01-01"})
    assert refused.status_code == 422
    assert refused.context["form"].errors["given_on"] == [BEFORE_BIRTH]
    assert "1991" not in str(refused.context["form"].errors)  # the birth date is not told
    assert not Consent.objects.exists()
    assert client.post(url, {**consent, "given_on": "1991-07-14"}).status_code == 302


def test_a_consent_before_the_birth_year_is_refused_by_the_api(
    world: World, officer_afg: User
) -> None:
    person = services.person_register(
        actor=None, country=world.afghanistan, given_name="Rahim", birth_date="1991"
    )
    url = f"/api/v1/registry/people/{person.pk}/consents/"
    consent = {"purpose": "registration", "method": "written"}
    client = client_for(officer_afg)
    refused = client.post(url, {**consent, "given_on": "1990-12-31"}, content_type=JSON)
    assert refused.status_code == 400 and refused.json() == {"given_on": [BEFORE_BIRTH]}
    later = timezone.localdate() + datetime.timedelta(days=3)
    future = client.post(url, {**consent, "given_on": later.isoformat()}, content_type=JSON)
    assert future.status_code == 400 and set(future.json()) == {"given_on"}
    assert not Consent.objects.exists()
    made = client.post(url, {**consent, "given_on": "1991-01-01"}, content_type=JSON)
    assert made.status_code == 201


def test_a_consent_kept_from_before_the_rule_can_still_be_withdrawn(
    officer_afg: User, born_1991: Person
) -> None:
    kept = Consent.objects.create(
        person=born_1991,
        purpose="registration",
        given_on=datetime.date(1950, 1, 1),
        method="written",
    )
    withdrawn = client_for(officer_afg).post(f"/en/registry/consents/{kept.pk}/withdraw/")
    assert withdrawn.status_code == 302
    kept.refresh_from_db()
    assert kept.withdrawn_on is not None


def test_the_registrations_consent_before_the_birth_is_refused_on_its_field(
    world: World, officer_afg: User
) -> None:
    response = client_for(officer_afg).post(
        "/en/registry/people/new/",
        {
            "country": world.afghanistan.pk,
            "given_name": "Farida",
            "birth_date": "1980",
            "displacement_status": "resident",
            "consent_method": "written",
            "consent_given_on": "1900-01-01",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["consent_given_on"] == [BEFORE_BIRTH]
    assert not Person.objects.exists() and not Consent.objects.exists()


# Relation to the head of household


def test_head_of_household_without_a_household_is_refused_by_the_page(
    world: World, officer_afg: User, household: Household
) -> None:
    client = client_for(officer_afg)
    person = {
        "country": world.afghanistan.pk,
        "given_name": "Hamid",
        "displacement_status": "resident",
        "relation_to_head": "head",
    }
    refused = client.post("/en/registry/people/new/", person)
    assert refused.status_code == 422
    assert refused.context["form"].errors["relation_to_head"] == [NO_HOUSEHOLD]
    assert not Person.objects.exists()
    made = client.post("/en/registry/people/new/", {**person, "household": household.pk})
    assert made.status_code == 302
    member = Person.objects.get()
    edited = client.post(
        f"/en/registry/people/{member.pk}/edit/",
        {"displacement_status": "resident", "relation_to_head": "head"},
    )
    assert edited.status_code == 422
    assert edited.context["form"].errors["relation_to_head"] == [NO_HOUSEHOLD]
    member.refresh_from_db()
    assert member.household == household


def test_head_of_household_without_a_household_is_refused_by_the_api(
    officer_afg: User, household: Household
) -> None:
    client = client_for(officer_afg)
    body = {"country": "AFG", "given_name": "Hamid", "relation_to_head": "head"}
    refused = client.post("/api/v1/registry/people/", body, content_type=JSON)
    assert refused.status_code == 400 and refused.json() == {"relation_to_head": [NO_HOUSEHOLD]}
    made = client.post(
        "/api/v1/registry/people/", {**body, "household": household.pk}, content_type=JSON
    )
    assert made.status_code == 201
    emptied = client.patch(
        f"/api/v1/registry/people/{made.json()['id']}/", {"household": None}, content_type=JSON
    )
    assert emptied.status_code == 400 and set(emptied.json()) == {"relation_to_head"}


# Identity documents


def test_an_identity_number_without_its_type_is_refused_by_the_page_and_the_api(
    world: World, protection_officer: User
) -> None:
    client = client_for(protection_officer)
    refused = client.post(
        "/en/registry/people/new/",
        {
            "country": world.afghanistan.pk,
            "given_name": "Nasrin",
            "displacement_status": "resident",
            "id_number": "1400-0101-5",
        },
    )
    assert refused.status_code == 422
    assert refused.context["form"].errors["id_document_type"] == [NO_TYPE]
    api = client.post(
        "/api/v1/registry/people/",
        {"country": "AFG", "given_name": "Nasrin", "id_number": "1400-0101-5"},
        content_type=JSON,
    )
    assert api.status_code == 400 and api.json() == {"id_document_type": [NO_TYPE]}
    assert not Person.objects.exists()


def test_the_service_refuses_a_number_without_its_type(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.person_register(
            actor=None, country=world.afghanistan, given_name="Ali", id_number="1400-1"
        )
    assert refused.value.message_dict == {"id_document_type": [NO_TYPE]}


# Imports


def _import(officer: User, world: World, content: str) -> ImportJob:
    data = content.encode()
    return importing.import_file(
        actor=officer,
        country=world.afghanistan,
        stream=io.BytesIO(data),
        file_name="p.csv",
        size=len(data),
    )


def test_an_import_names_the_line_of_a_relation_without_a_household(
    officer_afg: User, world: World, household: Household
) -> None:
    job = _import(
        officer_afg,
        world,
        "external_id,given_name,relation_to_head\nA,Ali,\nB,Omar,head\nC,Gul,spouse\n",
    )
    assert job.status == "failed"
    assert [(problem["line"], problem["column"]) for problem in job.problems] == [
        (3, "relation_to_head"),
        (4, "relation_to_head"),
    ]
    assert not Person.objects.exists()
    # A record a household counts already may be given its relation by a file.
    member = services.person_register(
        actor=None,
        country=world.afghanistan,
        given_name="Omar",
        external_id="B",
        household=household,
    )
    again = _import(officer_afg, world, "external_id,given_name,relation_to_head\nB,Omar,head\n")
    assert again.status == "succeeded" and again.updated_rows == 1
    member.refresh_from_db()
    assert member.relation_to_head == "head"


CASES: list[dict[str, Any]] = [
    {"given_name": "A", "relation_to_head": "head"},
    {"given_name": "A", "id_number": "1400-1"},
    {"given_name": "A", "id_document_type": "passport"},
    {"given_name": "A", "id_document_type": "passport", "id_number": "P1"},
    {"given_name": "A", "phone": "12"},
    {"given_name": "A", "phone": "+93 700 12 x"},
    {"given_name": "A", "phone": "0700 123 456"},
]


@pytest.mark.parametrize("values", CASES)
def test_the_imports_plain_check_agrees_with_the_model(
    values: dict[str, Any], world: World
) -> None:
    problems = person_row_problems(values, external_id="E-1", country=world.afghanistan)
    person = Person(country=world.afghanistan, external_id="E-1", **values)
    try:
        person.full_clean()
    except ValidationError as invalid:
        refused = set(invalid.message_dict)
    else:
        refused = set()
    assert set(problems) == refused


def test_an_impossible_birth_date_is_refused_on_its_field_with_the_other_mistakes(
    world: World, officer_afg: User
) -> None:
    """The registration names every mistake at once, before any possible duplicate is
    looked for: an impossible birth date beside a phone that is not one."""
    response = client_for(officer_afg).post(
        "/en/registry/people/new/",
        {
            "country": world.afghanistan.pk,
            "given_name": "Farida",
            "birth_date": "1995-02-30",
            "phone": "07x",
            "displacement_status": "resident",
        },
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors["birth_date"] == ["1995-02-30 is not a date (YYYY or YYYY-MM-DD)."]
    assert "phone" in errors
    assert not Person.objects.exists()
