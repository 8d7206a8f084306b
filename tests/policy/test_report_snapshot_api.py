"""A report snapshot is taken through the API as on its page, by the same service: of a day
from 2000-01-01 to today (another refused on its date, in the reader's language, and nothing
written), by those who build reports alone; it answers 201 with what it froze."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from sunbula.core import services as core_services
from sunbula.core.figures import date_text
from sunbula.core.models import AuditEntry, User
from sunbula.policy.models import FIRST_SNAPSHOT_DAY, PolicyProfile, ReportSnapshot
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/report-snapshots/"
SNAPSHOT_TAKEN = "policy.reportsnapshot.created"
TOO_EARLY = "A snapshot cannot be taken of a day before %(day)s."
TO_COME = "A snapshot cannot be taken of a future day."


def _take(client: Client, taken_on: str, language: str = "en", **body: object) -> tuple[int, Any]:
    response = client.post(
        URL,
        {"taken_on": taken_on, **body},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    return response.status_code, response.json()


def _nothing_written() -> None:
    assert not ReportSnapshot.objects.exists()
    assert not AuditEntry.objects.filter(action=SNAPSHOT_TAKEN).exists()


def test_an_analyst_takes_a_snapshot_of_the_profiles_published(
    analyst: User, afghan_published: PolicyProfile
) -> None:
    today = timezone.localdate()
    # What it froze is the service's work: a content sent along is not taken.
    status, body = _take(
        client_for(analyst), today.isoformat(), content={"countries": []}, content_sha256="0"
    )
    assert status == 201
    snapshot = ReportSnapshot.objects.get()
    assert body == {
        "id": snapshot.pk,
        "taken_on": today.isoformat(),
        "content_sha256": snapshot.content_sha256,
        "content": snapshot.content,
    }
    assert [country["iso3"] for country in body["content"]["countries"]] == ["AFG"]
    assert len(body["content_sha256"]) == 64
    entry = AuditEntry.objects.get(action=SNAPSHOT_TAKEN, object_id=str(snapshot.pk))
    assert entry.actor == analyst
    assert snapshot.created_by == analyst
    listed = client_for(analyst).get(URL).json()["results"]
    assert [row["id"] for row in listed] == [snapshot.pk]


@pytest.mark.parametrize("language", ["en", "ar", "fr", "ru"])
def test_a_snapshot_of_1900_is_refused_on_its_date_in_the_readers_language(
    analyst: User, afghan_published: PolicyProfile, language: str
) -> None:
    status, body = _take(client_for(analyst), "1900-01-01", language)
    assert status == 400
    with translation.override(language):
        refusal = translation.gettext(TOO_EARLY) % {"day": date_text(FIRST_SNAPSHOT_DAY)}
        assert language == "en" or translation.gettext(TOO_EARLY) != TOO_EARLY
    assert body == {"taken_on": [refusal]}
    _nothing_written()


@pytest.mark.parametrize("language", ["en", "ar", "fr", "ru"])
def test_a_snapshot_of_a_day_to_come_is_refused_on_its_date_in_the_readers_language(
    analyst: User, language: str
) -> None:
    to_come = timezone.localdate() + datetime.timedelta(days=2)
    status, body = _take(client_for(analyst), to_come.isoformat(), language)
    assert status == 400
    with translation.override(language):
        assert body == {"taken_on": [translation.gettext(TO_COME)]}
        assert language == "en" or translation.gettext(TO_COME) != TO_COME
    _nothing_written()


def test_a_snapshot_without_its_day_is_refused_on_it(analyst: User) -> None:
    response = client_for(analyst).post(URL, {}, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["taken_on"]
    _nothing_written()


def test_readers_of_reports_may_not_take_one(
    donor_viewer: User, focal_afg: User, officer_afg: User
) -> None:
    for reader in (donor_viewer, focal_afg, officer_afg):
        client = client_for(reader)
        assert client.get(URL).status_code == 200
        status, _body = _take(client, timezone.localdate().isoformat())
        assert status == 403, reader.email
    _nothing_written()


def test_a_read_only_token_may_not_take_one(analyst: User) -> None:
    _token, key = core_services.api_token_create(
        actor=analyst,
        user=analyst,
        name="Reports",
        expires_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(URL).status_code == 200
    status, _body = _take(client, timezone.localdate().isoformat())
    assert status == 403
    _nothing_written()


def test_a_token_that_may_write_takes_one(analyst: User) -> None:
    _token, key = core_services.api_token_create(
        actor=analyst,
        user=analyst,
        name="Reports",
        expires_on=timezone.localdate() + datetime.timedelta(days=7),
        read_only=False,
    )
    status, body = _take(Client(HTTP_AUTHORIZATION=f"Bearer {key}"), "2024-06-30")
    assert status == 201
    assert ReportSnapshot.objects.get().pk == body["id"]
