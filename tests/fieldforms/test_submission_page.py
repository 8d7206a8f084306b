"""A submission's page for its readers: files sent with it opened with protection clearance
(and the opening recorded), household members as rows, and the review forms only for those
who may review, with the field's own error when a rejection is refused."""

from __future__ import annotations

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms.models import FieldForm, Submission
from tests.conftest import client_for
from tests.fieldforms.conftest import HOUSEHOLD, collect_for

pytestmark = pytest.mark.django_db

PHOTO = b"\xff\xd8\xff\xe0door"


def _received(officer: User, form: FieldForm, **values: str) -> Submission:
    _response, instance_id = collect_for(officer).submit(
        form, {**HOUSEHOLD, **values}, files=[("door.jpg", PHOTO, "image/jpeg")]
    )
    return Submission.objects.get(instance_id=instance_id)


def test_a_file_opens_with_protection_clearance_and_the_opening_is_recorded(
    officer_afg: User, protection_officer: User, household_form: FieldForm
) -> None:
    submission = _received(officer_afg, household_form)
    attachment = submission.attachments.get()
    address = f"/en/field-forms/submissions/files/{attachment.pk}/"
    page = client_for(protection_officer).get(submission.get_absolute_url())
    assert address in page.content.decode()
    opened = client_for(protection_officer).get(address)
    assert opened.status_code == 200
    assert opened.content == PHOTO
    assert opened["Content-Type"] == "image/jpeg"
    assert AuditEntry.objects.filter(
        action="fieldforms.attachment.viewed_unmasked", actor=protection_officer
    ).exists()


def test_reading_the_values_unmasked_is_recorded_like_a_person_page(
    officer_afg: User, protection_officer: User, household_form: FieldForm
) -> None:
    submission = _received(officer_afg, household_form, admin_area="AF99")
    masked = client_for(officer_afg).get(submission.get_absolute_url())
    assert "Maryam" not in masked.content.decode()
    readings = AuditEntry.objects.filter(action="fieldforms.submission.viewed_unmasked")
    assert not readings.exists()
    page = client_for(protection_officer).get(submission.get_absolute_url())
    assert "Maryam" in page.content.decode()
    reading = readings.get()
    assert reading.actor == protection_officer
    assert reading.object_id == str(submission.pk)


def test_without_clearance_a_file_is_named_not_opened(
    officer_afg: User, household_form: FieldForm
) -> None:
    submission = _received(officer_afg, household_form)
    attachment = submission.attachments.get()
    address = f"/en/field-forms/submissions/files/{attachment.pk}/"
    page = client_for(officer_afg).get(submission.get_absolute_url()).content.decode()
    assert "door.jpg" in page and address not in page
    assert client_for(officer_afg).get(address).status_code == 403


def test_another_countrys_reader_finds_no_file(
    officer_afg: User, officer_kaz: User, protection_officer: User, household_form: FieldForm
) -> None:
    attachment = _received(officer_afg, household_form).attachments.get()
    address = f"/en/field-forms/submissions/files/{attachment.pk}/"
    assert client_for(officer_kaz).get(address).status_code == 404
    missing = f"/en/field-forms/submissions/files/{attachment.pk + 1}/"
    assert client_for(protection_officer).get(missing).status_code == 404


def test_a_file_that_a_browser_could_run_is_downloaded(
    officer_afg: User, protection_officer: User, household_form: FieldForm
) -> None:
    _response, instance_id = collect_for(officer_afg).submit(
        household_form, HOUSEHOLD, files=[("note.html", b"<script>x</script>", "text/html")]
    )
    submission = Submission.objects.get(instance_id=instance_id)
    attachment = submission.attachments.get()
    opened = client_for(protection_officer).get(
        f"/en/field-forms/submissions/files/{attachment.pk}/"
    )
    assert opened["Content-Type"] == "application/octet-stream"
    assert opened["Content-Disposition"].startswith("attachment")


def test_household_members_are_rows_not_program_text(
    officer_afg: User, household_form: FieldForm
) -> None:
    submission = _received(officer_afg, household_form, admin_area="AF99")
    page = client_for(officer_afg).get(submission.get_absolute_url()).content.decode()
    assert "[{" not in page and "&#x27;sex&#x27;" not in page
    assert "sex: F" in page


def test_the_review_forms_are_for_reviewers_only(
    officer_afg: User, protection_officer: User, household_form: FieldForm
) -> None:
    waiting = _received(officer_afg, household_form, admin_area="AF99")
    reviewer_page = client_for(officer_afg).get(waiting.get_absolute_url()).content.decode()
    assert "Correct and accept" in reviewer_page
    assert "cannot be corrected here" in reviewer_page
    reader_page = client_for(protection_officer).get(waiting.get_absolute_url())
    assert "Correct and accept" not in reader_page.content.decode()
    assert "/field-forms/devices/" not in reader_page.content.decode()


def test_a_reason_too_long_is_refused_on_its_field(
    officer_afg: User, household_form: FieldForm
) -> None:
    waiting = _received(officer_afg, household_form, admin_area="AF99")
    response = client_for(officer_afg).post(
        f"{waiting.get_absolute_url()}reject/", {"reason": "r" * 600}
    )
    assert response.status_code == 422
    assert "at most 500 characters" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Submission.Status.REVIEW
