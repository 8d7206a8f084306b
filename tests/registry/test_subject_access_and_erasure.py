"""A person's rights over their data: a cleared protection officer opens everything held
about them (their subject access request) and erases it; nobody else may, and erasure leaves
nothing personal behind while what the person received still adds up."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Sum

from sunbula.assistance.models import Distribution, DistributionTally, ReachedTally
from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms import services as fieldforms
from sunbula.fieldforms.models import FieldForm, Purpose, Submission
from sunbula.registry import selectors, services
from sunbula.registry.models import DuplicatePair, Person
from sunbula.supply.models import StockBalance, StockMovement
from tests.conftest import World, client_for
from tests.registry.conftest import SECRETS, People

pytestmark = pytest.mark.django_db

JSON = "application/json"
REASON = "The person asked for a copy of their data (request 2024-17)"


def _file_url(person: Person) -> str:
    return f"/api/v1/registry/people/{person.pk}/subject-access/"


def _erase_url(person: Person) -> str:
    return f"/api/v1/registry/people/{person.pk}/erase/"


def test_a_cleared_protection_officer_gets_the_file_and_the_reading_is_audited(
    protection_officer: User, people: People
) -> None:
    client = client_for(protection_officer)
    answer = client.post(_file_url(people.afghan), {"reason": REASON}, content_type=JSON)
    assert answer.status_code == 200, answer.content
    file = answer.json()
    assert file["record"] == f"P-{people.afghan.pk}"
    assert file["reason"] == REASON
    sections = {section["key"]: section for section in file["sections"]}
    assert {"personal_data", "consents", "entitlements", "distributions", "readings"} <= set(
        sections
    )
    shown = json.dumps(sections["personal_data"], ensure_ascii=False)
    for secret in SECRETS:
        assert secret in shown
    assert sections["consents"]["rows"][0]["method"] == "Thumbprint"
    reading = AuditEntry.objects.get(
        action="registry.person.viewed_unmasked", after__channel="subject_access"
    )
    assert reading.actor == protection_officer
    assert reading.after == {
        "people": [people.afghan.pk],
        "channel": "subject_access",
        "reason": REASON,
    }
    # The file lists who read the person's data unmasked: this very request among them.
    assert [row["reason"] for row in sections["readings"]["rows"]] == [REASON]


def test_the_file_on_the_page_and_as_a_download_in_the_readers_language(
    protection_officer: User, people: People
) -> None:
    client = client_for(protection_officer)
    page = f"/fr/registry/people/{people.afghan.pk}/subject-access/"
    assert client.get(f"/fr/registry/people/{people.afghan.pk}/").content.decode().count(page) == 1
    assert client.post(page, {"reason": "  "}).status_code == 422
    shown = client.post(page, {"reason": REASON})
    assert shown.status_code == 200
    assert "Mohammad" in shown.content.decode() and "Données personnelles" in shown.content.decode()
    download = client.post(page, {"reason": REASON, "format": "json"})
    assert download["Content-Disposition"].startswith("attachment")
    assert "no-store" in download["Cache-Control"]
    file = json.loads(download.content)
    assert file["language"] == "fr"
    assert file["sections"][0]["title"] == "Données personnelles"
    assert AuditEntry.objects.filter(after__channel="subject_access").count() == 2


def test_without_clearance_forbidden_and_from_another_country_missing(
    officer_afg: User, officer_kaz: User, protection_officer: User, people: People
) -> None:
    afghan = people.afghan
    for url in (_file_url(afghan), _erase_url(afghan)):
        refused = client_for(officer_afg).post(url, {"reason": REASON}, content_type=JSON)
        assert refused.status_code == 403, url
    for url in ("subject-access", "erase"):
        page = f"/en/registry/people/{afghan.pk}/{url}/"
        assert client_for(officer_afg).get(page).status_code == 403
    detail = client_for(officer_afg).get(f"/en/registry/people/{afghan.pk}/").content.decode()
    assert "subject-access" not in detail and "/erase/" not in detail
    elsewhere = client_for(officer_kaz)
    for path in ("subject-access", "erase"):
        hidden = elsewhere.post(
            f"/api/v1/registry/people/{afghan.pk}/{path}/", {"reason": REASON}, content_type=JSON
        )
        missing = elsewhere.post(
            f"/api/v1/registry/people/987654/{path}/", {"reason": REASON}, content_type=JSON
        )
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()
    assert not AuditEntry.objects.filter(action="registry.person.viewed_unmasked").exists()
    assert Person.objects.get(pk=afghan.pk).status == Person.Status.ACTIVE


def test_a_reason_is_stated(protection_officer: User, people: People) -> None:
    client = client_for(protection_officer)
    for url in (_file_url(people.afghan), _erase_url(people.afghan)):
        refused = client.post(url, {"reason": "   "}, content_type=JSON)
        assert refused.status_code == 400
        assert "reason" in refused.json()
    assert Person.objects.get(pk=people.afghan.pk).status == Person.Status.ACTIVE


# Erasure

NAME, FAMILY, PHONE = "Zarghuna", "Testzai", "0799 555 123"
TRACES = (NAME, FAMILY, PHONE, "0799555123", "799555123")


def _send(form: FieldForm, officer: User, world: World) -> fieldforms.Received:
    values: dict[str, Any] = {
        "reference": "HH-ERASE-1",
        "admin_area": world.hirat.p_code,
        "displacement_status": "returnee",
        "member": [{"given_name": NAME, "family_name": FAMILY, "sex": "F", "phone": PHONE}],
    }
    return fieldforms.submission_receive(
        actor=officer,
        form=form,
        instance_id="uuid:erase-1",
        payload=json.dumps(values).encode(),
        values=values,
        attachments=[fieldforms.Upload("photo.jpg", "image/jpeg", b"a face")],
    )


def _registered_in_the_field(world: World, officer: User) -> tuple[Person, Submission]:
    form = fieldforms.form_publish(
        actor=None,
        purpose=Purpose.HOUSEHOLD_REGISTRATION,
        country=world.afghanistan,
        title="Households",
    ).form
    submission = _send(form, officer, world).submission
    assert submission.status == Submission.Status.APPLIED
    person_pk = next(pk for label, pk in submission.records if label == "registry.person")
    return Person.objects.get(pk=person_pk), submission


def _stored_row(person: Person) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sealed, name_key, phone_hash, id_number_hash, external_id, given_key, "
            "family_key "
            "FROM registry_person WHERE id = %s",
            [person.pk],
        )
        row = cursor.fetchone()
    assert row is not None
    return tuple(row)


def _everything_kept() -> str:
    """The audit log, the duplicate pairs and the submissions' reasons, as one text."""
    entries = AuditEntry.objects.values_list("object_repr", "before", "after")
    pairs = DuplicatePair.objects.values_list("evidence", flat=True)
    submissions = Submission.objects.values_list("reason", "refusal")
    return json.dumps([list(entries), list(pairs), list(submissions)], ensure_ascii=False)


def test_erasure_leaves_nothing_personal_and_is_refused_a_second_time(
    world: World, protection_officer: User
) -> None:
    person, submission = _registered_in_the_field(world, protection_officer)
    old_hashes = _stored_row(person)[1:3]
    assert all(old_hashes)
    # Namesakes with the same phone: one pair waits for review, one was dismissed.
    waiting_twin = services.person_register(
        actor=protection_officer, country=world.afghanistan, given_name=NAME, phone=PHONE
    )
    dismissed_twin = services.person_register(
        actor=protection_officer, country=world.afghanistan, given_name="Other", phone=PHONE
    )
    pairs = DuplicatePair.objects.filter(person_1=person)
    assert pairs.count() == 2
    services.duplicate_pair_dismiss(
        actor=protection_officer, pair=pairs.get(person_2=dismissed_twin)
    )
    client = client_for(protection_officer)

    erased = client.post(_erase_url(person), {"reason": "Asked to be erased"}, content_type=JSON)

    assert erased.status_code == 200, erased.content
    assert erased.json()["given_name"] == "Erased person"
    stored = Person.objects.get(pk=person.pk)
    assert stored.status == Person.Status.ERASED
    assert stored.erased_by == protection_officer and stored.erased_at is not None
    assert _stored_row(person) == ("", "", "", "", "", "", "")
    assert stored.sex == "F" and stored.household is not None  # figures still count them
    kept = _everything_kept()
    for trace in (*TRACES, *old_hashes):
        assert trace not in kept, trace
    submission.refresh_from_db()
    assert submission.sealed == "" and submission.status == Submission.Status.APPLIED
    assert not submission.attachments.exists()
    assert not DuplicatePair.objects.filter(person_1=person, person_2=waiting_twin).exists()
    assert DuplicatePair.objects.get(person_1=person, person_2=dismissed_twin).evidence == []
    entry = AuditEntry.objects.get(action="registry.person.erased")
    assert entry.actor == protection_officer and entry.after["reason"] == "Asked to be erased"
    assert sorted(entry.after["personal_fields"]) == ["family_name", "given_name", "phone"]
    # Found no more, by name or phone, nor matched again.
    for query in (f"{NAME} {FAMILY}", PHONE):
        found_by = selectors.person_search(user=protection_officer, query=query)
        assert person.pk not in [one.pk for one in found_by], query
    found = client.get("/api/v1/registry/people/", {"phone": PHONE}).json()["results"]
    assert [row["id"] for row in found] == [waiting_twin.pk, dismissed_twin.pk]
    assert person.pk not in [
        row["id"] for row in client.get("/api/v1/registry/people/").json()["results"]
    ]
    # Once is enough: again, the answer says so, in the reader's language.
    again = client.post(
        _erase_url(person), {"reason": "Again"}, content_type=JSON, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert again.status_code == 409
    assert again.json()["detail"] == "Les données de cette personne ont déjà été effacées."
    assert AuditEntry.objects.filter(action="registry.person.erased").count() == 1
    # A device that sends the submission again applies nothing and brings no file back.
    resent = _send(submission.form, protection_officer, world)
    assert not resent.created and not resent.submission.attachments.exists()
    assert Person.objects.filter(household=stored.household).count() == 1
    # The record cannot be filled in again.
    changed = client.patch(
        f"/api/v1/registry/people/{person.pk}/", {"given_name": NAME}, content_type=JSON
    )
    assert changed.status_code == 409


def test_erasure_from_the_page_says_it_cannot_be_undone(
    protection_officer: User, people: People
) -> None:
    client = client_for(protection_officer)
    page = f"/en/registry/people/{people.afghan.pk}/erase/"
    detail = client.get(f"/en/registry/people/{people.afghan.pk}/").content.decode()
    assert page in detail
    confirm = client.get(page).content.decode()
    assert "Erasure cannot be undone." in confirm
    assert client.post(page, {"reason": ""}).status_code == 422
    done = client.post(page, {"reason": "No longer needed"})
    assert done.status_code == 302
    shown = client.get(f"/en/registry/people/{people.afghan.pk}/").content.decode()
    assert "Erased person" in shown and page not in shown
    for secret in SECRETS:
        assert secret not in shown
    again = client.post(page, {"reason": "Again"})
    assert again.status_code == 409
    assert "This person's data has been erased already." in again.content.decode()
    # Nor is a form offered that could only be refused: each answers with the record and why.
    pk = people.afghan.pk
    for form in ("edit/", "farm/", "consents/", "flag-duplicate/"):
        assert f"/en/registry/people/{pk}/{form}" not in shown
        refused = client.get(f"/en/registry/people/{pk}/{form}")
        assert refused.status_code == 409, form
        assert "the record cannot change." in refused.content.decode().replace("&#x27;", "'")


# What the person received stays, and every figure still adds up (on the demo).


def _figures() -> dict[str, Any]:
    return {
        "reached": sorted(
            ReachedTally.objects.values_list(
                "cycle", "site", "displacement", "beneficiaries", "people", "females", "males"
            )
        ),
        "distributed": sorted(
            DistributionTally.objects.values_list("cycle", "site", "quantity", "distributions")
        ),
        "balances": sorted(StockBalance.objects.values_list("site", "lot", "quantity")),
        "ledger": StockMovement.objects.aggregate(rows=Count("pk"), total=Sum("quantity")),
        "distributions": Distribution.objects.aggregate(rows=Count("pk"), kg=Sum("quantity")),
    }


def test_erasure_keeps_what_was_given_and_the_figures(demo: None) -> None:
    officer = User.objects.get(email="protection.afg@sunbula.example")
    given = Distribution.objects.filter(
        beneficiary__person__isnull=False, country__iso3="AFG"
    ).select_related("beneficiary")
    person = given.first().beneficiary.person  # type: ignore[union-attr]
    received = given.filter(beneficiary__person=person).count()
    client = client_for(officer)
    before = _figures()

    assert (
        client.post(
            _erase_url(person), {"reason": "No longer needed"}, content_type=JSON
        ).status_code
        == 200
    )

    assert _figures() == before
    file = client.post(_file_url(person), {"reason": "The person asked"}, content_type=JSON)
    sections = {section["key"]: section for section in file.json()["sections"]}
    assert len(sections["distributions"]["rows"]) == received > 0
    assert sections["entitlements"]["rows"]
    personal = {row["field"]: row["value"] for row in sections["personal_data"]["rows"]}
    assert personal["Given name"] == "Erased person"
    assert personal["Phone"] == personal["Birth date or year"] == ""
