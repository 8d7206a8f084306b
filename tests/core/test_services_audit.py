"""Every service in core.services writes an audit entry; a new service must join this walk."""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from sunbula.core import services
from sunbula.core.models import AuditEntry, Role, User
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _calls(world: World, admin: User) -> dict[str, Callable[[], Any]]:
    someone = services.user_create(actor=admin, email="walk@example.org", password=None)
    currency = services.currency_upsert(actor=admin, code="KZT", name="Tenge")
    assignment = services.role_grant(
        actor=admin, user=someone, role=Role.ME_OFFICER, organisation=world.iofs
    )
    services.protection_clearance_grant(actor=admin, user=someone, reason="setup")
    return {
        "user_create": lambda: services.user_create(
            actor=admin, email="new@example.org", password="x-long-password"
        ),
        "user_set_language": lambda: services.user_set_language(
            actor=admin, user=someone, language="ar"
        ),
        "login_attempt_record": lambda: services.login_attempt_record(
            email="a@example.org", succeeded=False
        ),
        "role_grant": lambda: services.role_grant(
            actor=admin, user=someone, role=Role.POLICY_ANALYST, organisation=world.iofs
        ),
        "role_revoke": lambda: services.role_revoke(actor=admin, assignment=assignment),
        "protection_clearance_grant": lambda: services.protection_clearance_grant(
            actor=admin, user=someone, reason="changed reason"
        ),
        "protection_clearance_revoke": lambda: services.protection_clearance_revoke(
            actor=admin, user=someone
        ),
        "api_token_issue": lambda: services.api_token_issue(actor=admin, user=someone),
        "country_upsert": lambda: services.country_upsert(
            actor=admin, iso2="TJ", iso3="TJK", name="Tajikistan", name_translations={}
        ),
        "member_state_upsert": lambda: services.member_state_upsert(
            actor=admin, country=world.afghanistan, oic_status="suspended"
        ),
        "admin_area_upsert": lambda: services.admin_area_upsert(
            actor=admin,
            country=world.afghanistan,
            p_code="AF05",
            pcode_set_version="v",
            level=1,
            name="Logar",
        ),
        "currency_upsert": lambda: services.currency_upsert(
            actor=admin, code="AFN", name="Afghani"
        ),
        "exchange_rate_record": lambda: services.exchange_rate_record(
            actor=admin,
            currency=currency,
            valid_from=datetime.date(2023, 1, 1),
            units_per_usd=Decimal("460"),
            source="test",
        ),
        "organisation_create": lambda: services.organisation_create(
            actor=admin,
            name="International Organization for Migration",
            kind="un_agency",
            iati_type="40",
            iati_identifier="XM-DAC-47066",
        ),
        "organisation_update": lambda: services.organisation_update(
            actor=admin, organisation=world.iofs, acronym="OISA"
        ),
        "site_create": lambda: services.site_create(
            actor=admin,
            name="Herat warehouse",
            kind="warehouse",
            country=world.afghanistan,
            admin_area=world.hirat,
        ),
        "site_update": lambda: services.site_update(
            actor=admin, site=world.kabul_warehouse, kind="distribution_point"
        ),
    }


def public_services() -> set[str]:
    return {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }


def test_every_service_is_walked(world: World, admin: User) -> None:
    assert public_services() == set(_calls(world, admin))


@pytest.mark.parametrize("name", sorted(public_services()))
def test_service_writes_an_audit_entry(name: str, world: World, admin: User) -> None:
    call = _calls(world, admin)[name]
    before = AuditEntry.objects.count()
    call()
    new = AuditEntry.objects.order_by("-id")[: AuditEntry.objects.count() - before]
    assert len(new) >= 1, f"{name} wrote no audit entry"
    for entry in new:
        assert entry.action.startswith("core."), entry.action
        assert entry.object_repr


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
    from django.test import Client

    client = Client(HTTP_X_REQUEST_ID="req-12345")
    client.force_login(admin)
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
