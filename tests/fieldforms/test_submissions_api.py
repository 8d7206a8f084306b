"""Submissions through the API as on their page: within the reader's countries (another
country's id is as missing as one that never was), personal values masked without protection
clearance and read unmasked on the record, and the review done through the same services."""

from __future__ import annotations

from typing import Any

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms.models import FieldForm, Submission
from sunbula.registry.models import Household
from tests.conftest import client_for
from tests.fieldforms.conftest import HOUSEHOLD, collect_for

pytestmark = pytest.mark.django_db

API = "/api/v1/fieldforms/submissions/"
MISSING = 987654321


def _sent(officer: User, form: FieldForm, **values: str) -> Submission:
    _response, instance_id = collect_for(officer).submit(form, {**HOUSEHOLD, **values})
    return Submission.objects.get(instance_id=instance_id)


def _waiting(officer: User, form: FieldForm) -> Submission:
    """A household whose area has no p-code of the country: it awaits review."""
    submission = _sent(officer, form, admin_area="AF99")
    assert submission.status == Submission.Status.REVIEW
    return submission


def _ids(answer: Any) -> list[int]:
    assert answer.status_code == 200, answer.content
    return [row["id"] for row in answer.json()["results"]]


def test_another_countrys_officer_finds_no_submission_as_if_it_did_not_exist(
    officer_afg: User, officer_kaz: User, household_form: FieldForm
) -> None:
    waiting = _waiting(officer_afg, household_form)
    api = client_for(officer_kaz)
    assert _ids(api.get(API)) == []
    for action in ("", "accept/", "reject/"):
        call = api.get if not action else api.post
        theirs = call(f"{API}{waiting.pk}/{action}")
        missing = call(f"{API}{MISSING}/{action}")
        assert theirs.status_code == missing.status_code == 404, action
        assert theirs.json() == missing.json()
    waiting.refresh_from_db()
    assert waiting.status == Submission.Status.REVIEW


def test_the_list_is_filtered_by_form_and_status(
    officer_afg: User, household_form: FieldForm
) -> None:
    applied = _sent(officer_afg, household_form)
    waiting = _waiting(officer_afg, household_form)
    api = client_for(officer_afg)
    assert _ids(api.get(API)) == [waiting.pk, applied.pk]
    assert _ids(api.get(API, {"status": "review"})) == [waiting.pk]
    assert _ids(api.get(API, {"form": household_form.pk, "status": "applied"})) == [applied.pk]
    refused = api.get(API, {"status": "pending"})
    assert refused.status_code == 400 and "status" in refused.json()
    assert api.get(API, {"form": MISSING}).status_code == 400


def test_without_clearance_personal_values_are_masked_and_no_reading_is_recorded(
    officer_afg: User, household_form: FieldForm
) -> None:
    waiting = _waiting(officer_afg, household_form)
    answer = client_for(officer_afg).get(f"{API}{waiting.pk}/")
    assert answer.status_code == 200
    body = answer.json()
    assert body["masked"] is True
    member = body["values"]["member"][0]
    assert member["given_name"] != "Maryam" and "Maryam" not in answer.content.decode()
    assert member["sex"] == "F"
    assert body["values"]["reference"] == "HH-ODK-1"
    assert not AuditEntry.objects.filter(action="fieldforms.submission.viewed_unmasked").exists()


def test_reading_the_values_unmasked_is_recorded_as_on_the_page(
    officer_afg: User, protection_officer: User, household_form: FieldForm
) -> None:
    waiting = _waiting(officer_afg, household_form)
    answer = client_for(protection_officer).get(f"{API}{waiting.pk}/")
    body = answer.json()
    assert body["masked"] is False
    assert body["values"]["member"][0]["given_name"] == "Maryam"
    reading = AuditEntry.objects.get(action="fieldforms.submission.viewed_unmasked")
    assert (reading.actor, reading.object_id) == (protection_officer, str(waiting.pk))
    client_for(protection_officer).get(API)
    assert AuditEntry.objects.filter(action="fieldforms.submission.viewed_unmasked").count() == 1


def test_the_reason_is_in_the_readers_language(
    officer_afg: User, household_form: FieldForm
) -> None:
    waiting = _waiting(officer_afg, household_form)
    answer = client_for(officer_afg).get(f"{API}{waiting.pk}/", HTTP_ACCEPT_LANGUAGE="ar")
    assert answer.json()["reason"] == "لا توجد منطقة في أفغانستان برمز p-code AF99."


def test_a_reviewer_corrects_and_accepts_as_the_page_would(
    officer_afg: User, household_form: FieldForm
) -> None:
    waiting = _waiting(officer_afg, household_form)
    answer = client_for(officer_afg).post(
        f"{API}{waiting.pk}/accept/",
        {"corrections": {"admin_area": "AF32", "member": [{}, {"sex": "M"}]}},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "applied" and answer.json()["reason"] == ""
    household = Household.objects.get(reference="HH-ODK-1")
    assert household.admin_area is not None and household.admin_area.p_code == "AF32"
    accepted = AuditEntry.objects.get(action="fieldforms.submission.accepted")
    assert accepted.actor == officer_afg
    assert accepted.after["corrected"] == ["admin_area"]


def test_a_rule_that_still_refuses_answers_409_in_the_readers_language(
    officer_afg: User, household_form: FieldForm
) -> None:
    waiting = _waiting(officer_afg, household_form)
    api = client_for(officer_afg)
    kept = api.post(f"{API}{waiting.pk}/accept/", {}, content_type="application/json")
    assert kept.status_code == 409
    assert kept.json() == {"detail": "No area of Afghanistan has the p-code AF99."}
    rejected = api.post(
        f"{API}{waiting.pk}/reject/", {"reason": "Duplicate visit"}, content_type="application/json"
    )
    assert rejected.status_code == 200
    assert (rejected.json()["status"], rejected.json()["reason"]) == ("rejected", "Duplicate visit")
    again = api.post(
        f"{API}{waiting.pk}/reject/",
        {"reason": "Again"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert again.status_code == 409
    assert again.json() == {"detail": "Cette soumission n'est pas en attente d'examen."}
    waiting.refresh_from_db()
    assert (waiting.status, waiting.reason) == (Submission.Status.REJECTED, "Duplicate visit")
    assert AuditEntry.objects.filter(action="fieldforms.submission.rejected").count() == 1


def test_bad_review_input_is_refused_on_its_field(
    officer_afg: User, household_form: FieldForm
) -> None:
    waiting = _waiting(officer_afg, household_form)
    api = client_for(officer_afg)
    blank = api.post(f"{API}{waiting.pk}/reject/", {}, content_type="application/json")
    assert blank.status_code == 400 and "reason" in blank.json()
    personal = api.post(
        f"{API}{waiting.pk}/accept/",
        {"corrections": {"admin_area": "AF32", "member": [{"given_name": "Mariam"}]}},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert personal.status_code == 400
    assert personal.json() == {
        "corrections": [
            "member 1 : given_name n'est pas une valeur de cette soumission que vous pouvez "
            "corriger."
        ]
    }
    unknown = api.post(
        f"{API}{waiting.pk}/accept/",
        {"corrections": {"colour": "blue"}},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    assert unknown.json() == {
        "corrections": ["colour is not a value of this submission that you may correct."]
    }
    waiting.refresh_from_db()
    assert waiting.status == Submission.Status.REVIEW
    assert not Household.objects.exists()


def test_a_reader_who_does_not_review_may_not_decide(
    officer_afg: User, protection_officer: User, household_form: FieldForm
) -> None:
    waiting = _waiting(officer_afg, household_form)
    answer = client_for(protection_officer).post(
        f"{API}{waiting.pk}/reject/", {"reason": "No"}, content_type="application/json"
    )
    assert answer.status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == Submission.Status.REVIEW
