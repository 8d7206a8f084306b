"""A consent cannot be dated before the person's birth, and so a birth date cannot be moved
to a day after a consent recorded for them: the page, the API and an import refuse it on the
birth date, in the reader's language, and write nothing. A birth date that keeps the consent
after it, or an edit that leaves the birth date alone, is saved."""

from __future__ import annotations

import io

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.registry import importing, services
from sunbula.registry.models import ImportJob, Person
from tests.conftest import World, client_for
from tests.registry.conftest import People

pytestmark = pytest.mark.django_db
JSON = "application/json"
BEFORE_BIRTH = "Consent cannot be given before the person was born."
# The afghan of `people` was born on 1984-05-02 and consented on 2024-01-01.
EDIT = {
    "given_name": "Mohammad",
    "family_name": "Ahmadzai",
    "father_name": "Gulbuddin",
    "phone": "+93 700 123 456",
    "id_number": "1400-0101-98765",
    "id_document_type": "tazkira",
    "sex": "M",
    "displacement_status": "resident",
}


def _birth_date(person: Person) -> str:
    return Person.objects.get(pk=person.pk).birth_date


def _updates(person: Person) -> int:
    return AuditEntry.objects.filter(
        action="registry.person.updated", object_id=str(person.pk)
    ).count()


def test_the_page_refuses_a_birth_after_the_consent_on_the_birth_date(
    protection_officer: User, people: People
) -> None:
    client = client_for(protection_officer)
    url = f"/en/registry/people/{people.afghan.pk}/edit/"

    refused = client.post(url, {**EDIT, "birth_date": "2024-06-01"})

    assert refused.status_code == 422
    assert refused.context["form"].errors["birth_date"] == [BEFORE_BIRTH]
    assert _birth_date(people.afghan) == "1984-05-02" and _updates(people.afghan) == 0


def test_the_refusal_reads_in_arabic(protection_officer: User, people: People) -> None:
    client = client_for(protection_officer)

    refused = client.post(
        f"/ar/registry/people/{people.afghan.pk}/edit/", {**EDIT, "birth_date": "2025"}
    )

    assert refused.status_code == 422
    [said] = refused.context["form"].errors["birth_date"]
    assert said != BEFORE_BIRTH and any("\u0600" <= letter <= "\u06ff" for letter in said)


def test_the_api_refuses_a_birth_after_the_consent(
    protection_officer: User, people: People
) -> None:
    client = client_for(protection_officer)
    url = f"/api/v1/registry/people/{people.afghan.pk}/"

    refused = client.patch(url, {"birth_date": "2024-01-02"}, content_type=JSON)

    assert refused.status_code == 400
    assert refused.json() == {"birth_date": [BEFORE_BIRTH]}
    assert _birth_date(people.afghan) == "1984-05-02" and _updates(people.afghan) == 0


def test_a_withdrawn_consent_was_still_given_on_its_day(
    protection_officer: User, people: People
) -> None:
    consent = people.afghan.consents.get()
    services.consent_withdraw(actor=protection_officer, consent=consent)

    refused = client_for(protection_officer).patch(
        f"/api/v1/registry/people/{people.afghan.pk}/",
        {"birth_date": "2024-02-01"},
        content_type=JSON,
    )

    assert refused.status_code == 400 and refused.json() == {"birth_date": [BEFORE_BIRTH]}


def test_a_birth_on_or_before_the_consent_is_saved(
    protection_officer: User, people: People
) -> None:
    client = client_for(protection_officer)
    url = f"/api/v1/registry/people/{people.afghan.pk}/"

    # A year given alone counts from its first day: the consent of 1 January 2024 holds.
    assert client.patch(url, {"birth_date": "2024"}, content_type=JSON).status_code == 200
    assert _birth_date(people.afghan) == "2024"
    assert client.patch(url, {"birth_date": "1985"}, content_type=JSON).status_code == 200
    assert _birth_date(people.afghan) == "1985"


def test_other_changes_are_not_held_up_by_the_birth_date(officer_afg: User, people: People) -> None:
    saved = client_for(officer_afg).patch(
        f"/api/v1/registry/people/{people.afghan.pk}/",
        {"displacement_status": "idp"},
        content_type=JSON,
    )
    assert saved.status_code == 200


def _import(officer: User, world: World, content: str) -> ImportJob:
    data = content.encode()
    return importing.import_file(
        actor=officer,
        country=world.afghanistan,
        stream=io.BytesIO(data),
        file_name="p.csv",
        size=len(data),
    )


def test_an_import_names_the_line_of_a_birth_after_the_consent(
    officer_afg: User, world: World, people: People
) -> None:
    job = _import(
        officer_afg,
        world,
        "external_id,given_name,birth_date\nNEW-1,Ali,1990\nKOBO-1,Mohammad,2024-03-01\n",
    )

    assert job.status == ImportJob.Status.FAILED
    assert [(problem["line"], problem["column"]) for problem in job.problems] == [(3, "birth_date")]
    assert job.problems[0]["message"] == BEFORE_BIRTH
    assert _birth_date(people.afghan) == "1984-05-02"
    assert not Person.objects.filter(external_id="NEW-1").exists()
    again = _import(officer_afg, world, "external_id,given_name,birth_date\nKOBO-1,Mohammad,1984\n")
    assert again.status == ImportJob.Status.SUCCEEDED and _birth_date(people.afghan) == "1984"
