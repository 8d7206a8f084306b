"""What a device is told when the server does not record its submission as it stands: an
OpenRosa answer that says why (never a server error or another format), with the largest
submission accepted; 202 for a submission stored but kept for review."""

from __future__ import annotations

from typing import Any

import pytest
from defusedxml import ElementTree
from django.test import override_settings

from sunbula.core.models import User
from sunbula.fieldforms.models import FieldForm, Submission
from sunbula.registry import protection
from sunbula.registry.models import Household
from tests.fieldforms.conftest import HOUSEHOLD, collect_for

pytestmark = pytest.mark.django_db

RESPONSE = "{http://openrosa.org/http/response}"


def _said(response: Any) -> str:
    """The message of an OpenRosa answer, which Collect shows to the person."""
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response["X-OpenRosa-Version"] == "1.0"
    assert response["X-OpenRosa-Accept-Content-Length"]
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{RESPONSE}OpenRosaResponse"
    return root.findtext(f"{RESPONSE}message") or ""


def test_elements_nested_past_any_form_are_refused_with_a_reason(
    officer_afg: User, household_form: FieldForm
) -> None:
    nested = b"<a>" * 5000 + b"</a>" * 5000
    xml = (
        b'<data id="' + household_form.form_id.encode() + b'">' + nested + b"<meta>"
        b"<instanceID>uuid:3c1f7f52-1111-4a2b-8c3d-000000000001</instanceID></meta></data>"
    )
    response = collect_for(officer_afg).post(xml)
    assert response.status_code == 400
    assert "64 levels" in _said(response)
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("xml", "said"),
    [
        (b"<data id='household_registration_afg'><meta><instanceID>uuid:1", "well-formed"),
        (b"<data id='household_registration_afg'><reference/></data>", "meta/instanceID"),
        (b"<data><meta><instanceID>uuid:1</instanceID></meta></data>", "does not name its form"),
        (
            b"<!DOCTYPE data [<!ENTITY x 'y'>]><data id='household_registration_afg'/>",
            "document type",
        ),
    ],
)
def test_an_instance_that_cannot_be_read_is_refused_saying_why(
    officer_afg: User, household_form: FieldForm, xml: bytes, said: str
) -> None:
    response = collect_for(officer_afg).post(xml)
    assert response.status_code == 400
    assert said in _said(response)
    assert not Submission.objects.exists()


@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=3)
def test_too_many_files_are_refused_as_openrosa_with_the_limit(
    officer_afg: User, household_form: FieldForm
) -> None:
    photos = [(f"photo{number}.jpg", b"\xff\xd8", "image/jpeg") for number in range(5)]
    response, _instance_id = collect_for(officer_afg).submit(
        household_form, HOUSEHOLD, files=photos
    )
    assert response.status_code == 413
    assert "3 files" in _said(response)
    assert not Submission.objects.exists()


@override_settings(OPENROSA_MAX_BYTES=4096)
def test_a_submission_past_the_limit_is_told_the_limit(
    officer_afg: User, household_form: FieldForm
) -> None:
    photo = ("photo.jpg", b"\xff\xd8" + b"p" * 8192, "image/jpeg")
    response, _instance_id = collect_for(officer_afg).submit(
        household_form, HOUSEHOLD, files=[photo]
    )
    assert response.status_code == 413
    assert "4.0\xa0KB" in _said(response)
    assert response["X-OpenRosa-Accept-Content-Length"] == "4096"


def test_recorded_is_201_kept_for_review_is_202_and_a_replay_answers_the_same(
    officer_afg: User, household_form: FieldForm
) -> None:
    collect = collect_for(officer_afg)
    recorded, _first = collect.submit(household_form, HOUSEHOLD)
    assert recorded.status_code == 201
    assert _said(recorded) == "Received and recorded."
    kept, instance_id = collect.submit(
        household_form, {**HOUSEHOLD, "reference": "HH-ODK-2", "admin_area": "AF99"}
    )
    assert kept.status_code == 202
    assert "AF99" in _said(kept)
    xml = Submission.objects.get(instance_id=instance_id)
    again = collect.post(_payload(xml))
    assert again.status_code == 202
    assert _said(again) == "Received before; nothing was added."
    assert Household.objects.count() == 1


def _payload(submission: Submission) -> bytes:
    return str(protection.unseal(submission.sealed)["payload"]).encode()
