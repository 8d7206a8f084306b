"""A submission sent in chunks (no Content-Length) is held to the same size limit as one that
declares its length: its bytes are counted as they are read, and past the limit the answer is
413 with a message in the caller's language, nothing stored."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from sunbula.core.models import User
from sunbula.fieldforms.models import FieldForm, KoboSource, Submission
from sunbula.registry.models import Household
from tests.fieldforms.conftest import HOUSEHOLD, PUSH_PATH, PUSH_SECRET, basic, collect_for, fill

pytestmark = pytest.mark.django_db

LIMIT = 20_000


def _chunked(path: str, body: bytes, content_type: str, **headers: Any) -> Any:
    """The request a WSGI server passes on for a chunked body: no CONTENT_LENGTH, an input
    that ends where the body ends."""
    return Client().generic(
        "POST",
        path,
        b"",
        CONTENT_TYPE=content_type,
        **{"wsgi.input": io.BytesIO(body), "wsgi.input_terminated": True},
        **headers,
    )


def _submission(officer: User, form: FieldForm, photo: bytes = b"") -> bytes:
    xml, _instance = fill(collect_for(officer).xform(form), HOUSEHOLD)
    files: dict[str, Any] = {"xml_submission_file": _named("submission.xml", xml)}
    if photo:
        files["door.jpg"] = _named("door.jpg", photo)
    return encode_multipart(BOUNDARY, files)


def _named(name: str, content: bytes) -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


@override_settings(OPENROSA_MAX_BYTES=LIMIT)
def test_a_chunked_submission_within_the_limit_is_read_and_recorded(
    officer_afg: User, household_form: FieldForm
) -> None:
    body = _submission(officer_afg, household_form, photo=b"\xff\xd8" + b"p" * 1000)
    assert len(body) < LIMIT
    response = _chunked("/openrosa/submission", body, MULTIPART_CONTENT, **basic(officer_afg.email))
    assert response.status_code == 201, response.content
    assert Household.objects.filter(reference="HH-ODK-1").exists()
    assert Submission.objects.get().attachments.count() == 1


@override_settings(OPENROSA_MAX_BYTES=LIMIT)
def test_a_chunked_submission_past_the_limit_is_refused_and_nothing_stored(
    officer_afg: User, household_form: FieldForm
) -> None:
    body = _submission(officer_afg, household_form, photo=b"\xff\xd8" + b"p" * (2 * LIMIT))
    response = _chunked(
        "/openrosa/submission",
        body,
        MULTIPART_CONTENT,
        HTTP_ACCEPT_LANGUAGE="fr",
        **basic(officer_afg.email),
    )
    assert response.status_code == 413
    assert "trop volumineuse" in response.content.decode()
    assert not Submission.objects.exists()
    assert not Household.objects.exists()


@override_settings(OPENROSA_MAX_BYTES=LIMIT)
def test_a_declared_length_past_the_limit_is_refused_before_it_is_read(
    officer_afg: User, household_form: FieldForm
) -> None:
    body = _submission(officer_afg, household_form, photo=b"p" * (2 * LIMIT))
    response = Client().generic(
        "POST",
        "/openrosa/submission",
        body,
        content_type=MULTIPART_CONTENT,
        **basic(officer_afg.email),
    )
    assert response.status_code == 413
    assert not Submission.objects.exists()


@override_settings(OPENROSA_MAX_BYTES=LIMIT)
def test_a_chunked_kobo_push_is_counted_too(push_source: KoboSource) -> None:
    path = PUSH_PATH
    record = {"_uuid": "chunked-1", "reference": "HH-K", "displacement_status": "idp"}
    small = json.dumps(record).encode()
    kept = _chunked(path, small, "application/json", HTTP_X_SUNBULA_SECRET=PUSH_SECRET)
    assert kept.status_code == 201, kept.content
    large = json.dumps({**record, "_uuid": "chunked-2", "note": "x" * (2 * LIMIT)}).encode()
    refused = _chunked(path, large, "application/json", HTTP_X_SUNBULA_SECRET=PUSH_SECRET)
    assert refused.status_code == 413
    assert refused.json() == {"detail": "The submission is too large."}
    assert list(Submission.objects.values_list("instance_id", flat=True)) == ["uuid:chunked-1"]
