"""An identity document is its type and its number: a type without a number is refused, on
the number, by the pages, the API and imports alike."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError

from sunbula.core.models import User
from sunbula.registry import importing, services
from sunbula.registry.models import Person
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

REFUSAL = "Give the number of the identity document."


def test_the_service_refuses_a_document_type_without_its_number(
    world: World, officer_afg: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.person_register(
            actor=None, country=world.afghanistan, given_name="Ali", id_document_type="tazkira"
        )
    assert refused.value.message_dict == {"id_number": [REFUSAL]}
    assert not Person.objects.exists()
    person = services.person_register(
        actor=None,
        country=world.afghanistan,
        given_name="Ali",
        id_document_type="tazkira",
        id_number="1400-0101-1",
    )
    with pytest.raises(ValidationError) as emptied:
        services.person_update(actor=officer_afg, person=person, id_number="")
    assert set(emptied.value.message_dict) == {"id_number"}
    services.person_update(actor=officer_afg, person=person, id_document_type="", id_number="")
    person.refresh_from_db()
    assert (person.id_document_type, person.id_number) == ("", "")


def test_the_registration_page_shows_the_refusal_on_the_number(
    world: World, officer_afg: User
) -> None:
    response = client_for(officer_afg).post(
        "/en/registry/people/new/",
        {
            "country": world.afghanistan.pk,
            "given_name": "Nobody-like-this",
            "displacement_status": "resident",
            "id_document_type": "tazkira",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["id_number"] == [REFUSAL]
    assert not Person.objects.exists()


def test_the_edit_page_refuses_a_document_type_without_its_number(
    world: World, protection_officer: User
) -> None:
    person = services.person_register(actor=None, country=world.afghanistan, given_name="Gul")
    response = client_for(protection_officer).post(
        f"/en/registry/people/{person.pk}/edit/",
        {"given_name": "Gul", "displacement_status": "resident", "id_document_type": "passport"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["id_number"] == [REFUSAL]
    person.refresh_from_db()
    assert person.id_document_type == ""


def test_the_api_refuses_a_document_type_without_its_number(
    world: World, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    created = client.post(
        "/api/v1/registry/people/",
        {"country": "AFG", "given_name": "Nasrin", "id_document_type": "tazkira"},
        content_type="application/json",
    )
    assert created.status_code == 400, created.content
    assert "id_number" in created.json()
    assert not Person.objects.exists()
    person = services.person_register(actor=None, country=world.afghanistan, given_name="Nasrin")
    patched = client.patch(
        f"/api/v1/registry/people/{person.pk}/",
        {"id_document_type": "tazkira"},
        content_type="application/json",
    )
    assert patched.status_code == 400 and "id_number" in patched.json()
    person.refresh_from_db()
    assert person.id_document_type == ""


def test_an_import_reports_a_document_type_without_its_number(
    world: World, officer_afg: User
) -> None:
    content = (
        b"external_id,given_name,id_document_type,id_number\n"
        b"A,Ali,tazkira,1400-1\n"
        b"B,Omar,tazkira,\n"
        b"C,Gul,,\n"
    )
    job = importing.import_file(
        actor=officer_afg,
        country=world.afghanistan,
        stream=io.BytesIO(content),
        file_name="p.csv",
        size=len(content),
    )
    assert job.status == "failed"
    assert [(problem["line"], problem["column"]) for problem in job.problems] == [(3, "id_number")]
    assert not Person.objects.exists()
