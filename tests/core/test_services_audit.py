"""What core audit entries carry: before and after, nothing for an unchanged upsert, the request id.

That every service writes an audit entry is walked in tests/test_services_audit.py."""

from __future__ import annotations

import pytest

from sunbula.core import services
from sunbula.core.models import AuditEntry, User
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_an_update_records_before_and_after(world: World, admin: User) -> None:
    services.organisation_update(actor=admin, organisation=world.iofs, acronym="OISA")
    entry = AuditEntry.objects.get(action="core.organisation.updated")
    assert entry.actor == admin
    assert entry.before == {"acronym": "IOFS"}
    assert entry.after == {"acronym": "OISA"}


def test_an_unchanged_upsert_writes_nothing(world: World, admin: User) -> None:
    before = AuditEntry.objects.count()
    services.country_upsert(
        actor=admin,
        iso2="AF",
        iso3="AFG",
        name="Afghanistan",
        name_translations=world.afghanistan.name_translations,
    )
    assert AuditEntry.objects.count() == before


def test_entries_carry_the_request_id(admin: User, world: World) -> None:
    client = client_for(admin, HTTP_X_REQUEST_ID="req-12345")
    response = client.post(
        f"/en/organisations/{world.iofs.pk}/edit/",
        {
            "name": world.iofs.name,
            "acronym": "OISA",
            "kind": "igo",
            "iati_type": "40",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="core.organisation.updated")
    assert entry.request_id == "req-12345"
    assert response["X-Request-ID"] == "req-12345"
