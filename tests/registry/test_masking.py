"""Without protection clearance personal data is masked everywhere; with it, access is audited."""

from __future__ import annotations

import pytest

from sunbula.core.models import AuditEntry, User
from tests.conftest import client_for
from tests.registry.conftest import SECRETS, People

pytestmark = pytest.mark.django_db


def _urls(people: People) -> list[str]:
    person = people.afghan.pk
    return [
        "/en/registry/people/",
        f"/en/registry/people/{person}/",
        "/api/v1/registry/people/",
        f"/api/v1/registry/people/{person}/",
    ]


def test_officer_without_clearance_sees_masks_on_pages_and_api(
    officer_afg: User, people: People
) -> None:
    client = client_for(officer_afg)
    for url in _urls(people):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in SECRETS:
            assert secret not in body, f"{secret} shown on {url}"
        assert "•••" in body
    assert not AuditEntry.objects.filter(action="registry.person.viewed_unmasked").exists()


def test_export_without_clearance_is_masked(officer_afg: User, people: People) -> None:
    response = client_for(officer_afg).post("/en/registry/people/export/", {"reason": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "KOBO-1" in body
    for secret in SECRETS:
        assert secret not in body
    assert AuditEntry.objects.filter(action="registry.person.exported").count() == 1


def test_protection_officer_sees_data_and_the_access_is_audited(
    protection_officer: User, people: People
) -> None:
    client = client_for(protection_officer)
    for url in _urls(people):
        body = client.get(url).content.decode()
        assert "Mohammad" in body and "1984-05-02" in body, url
    entries = AuditEntry.objects.filter(
        action="registry.person.viewed_unmasked", actor=protection_officer
    )
    assert entries.count() == 4
    assert all(people.afghan.pk in entry.after["people"] for entry in entries)


def test_unmasked_export_needs_a_reason_and_is_audited(
    protection_officer: User, people: People
) -> None:
    client = client_for(protection_officer)
    refused = client.post("/en/registry/people/export/", {"reason": ""})
    assert refused.status_code == 422
    response = client.post("/en/registry/people/export/", {"reason": "Distribution list"})
    assert "Mohammad" in response.content.decode()
    entry = AuditEntry.objects.get(action="registry.person.exported")
    assert entry.after["reason"] == "Distribution list" and entry.after["unmasked"] is True


def test_personal_data_is_encrypted_in_the_database(people: People) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed FROM registry_person")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    for secret in SECRETS:
        assert secret not in stored


def test_exact_lookup_by_phone_and_id_number(protection_officer: User, people: People) -> None:
    client = client_for(protection_officer)
    found = client.get("/api/v1/registry/people/?phone=0700123456").json()
    assert [row["id"] for row in found["results"]] == [people.afghan.pk]
    found = client.get("/api/v1/registry/people/?id_number=1400010198765").json()
    assert found["count"] == 1
    assert client.get("/api/v1/registry/people/?phone=0700999999").json()["count"] == 0


def test_audit_entries_hold_no_personal_data(people: People) -> None:
    text = " ".join(str(entry.after) for entry in AuditEntry.objects.all())
    for secret in SECRETS:
        assert secret not in text
