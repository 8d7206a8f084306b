"""The core services, each called once for the audit walk (tests/test_services_audit.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from sunbula.core import services
from sunbula.core.models import Role, User
from sunbula.core.notifications import notify
from tests.audit import Walked
from tests.conftest import World
from tests.second_factor import code_for

ADDRESS = "203.0.113.7"


def calls(world: World, admin: User) -> dict[str, Callable[[], Any]]:
    someone = services.user_create(actor=admin, email="walk@example.org", password=None)
    currency = services.currency_upsert(actor=admin, code="KZT", name="Tenge")
    assignment = services.role_grant(
        actor=admin, user=someone, role=Role.ME_OFFICER, organisation=world.iofs
    )
    services.protection_clearance_grant(actor=admin, user=someone, reason="setup")
    away = services.user_create(actor=admin, email="away@example.org", password=None)
    services.user_deactivate(actor=admin, user=away)
    notify(recipient=admin, kind="core.general", subject="Welcome")
    soon = timezone.localdate() + datetime.timedelta(days=30)
    token, _key = services.api_token_create(
        actor=admin, user=admin, name="Nightly export", expires_on=soon
    )
    pending = services.second_factor_start(actor=admin)
    enrolled = services.user_create(actor=admin, email="otp@example.org", password=None)
    enrolling = services.second_factor_start(actor=enrolled)
    recovery = services.second_factor_confirm(
        actor=enrolled, device=enrolling, code=code_for(enrolling)
    )
    return {
        "user_invite": lambda: services.user_invite(
            actor=admin, email="invited@example.org", full_name="Invited", preferred_language="fr"
        ),
        "user_update": lambda: services.user_update(
            actor=admin, user=someone, full_name="Someone Else"
        ),
        "user_password_set": lambda: services.user_password_set(
            actor=admin, user=someone, password="a-new-long-password", reason="changed"
        ),
        "user_deactivate": lambda: services.user_deactivate(actor=admin, user=someone),
        "user_reactivate": lambda: services.user_reactivate(actor=admin, user=away),
        "user_create": lambda: services.user_create(
            actor=admin, email="new@example.org", password="x-long-password"
        ),
        "user_set_language": lambda: services.user_set_language(
            actor=admin, user=someone, language="ar"
        ),
        "sign_in_record": lambda: services.sign_in_record(user=someone, address=ADDRESS),
        # A failure alone is counted, not audited: the one that locks writes the entry.
        "sign_in_failure_record": lambda: [
            services.sign_in_failure_record(email="a@example.org", address=ADDRESS)
            for _attempt in range(settings.LOGIN_FAILURE_LIMIT)
        ],
        "second_factor_start": lambda: services.second_factor_start(actor=someone),
        "second_factor_confirm": lambda: services.second_factor_confirm(
            actor=admin, device=pending, code=code_for(pending)
        ),
        "second_factor_verify": lambda: services.second_factor_verify(
            user=enrolled, code=recovery[0]
        ),
        "recovery_codes_regenerate": lambda: services.recovery_codes_regenerate(actor=enrolled),
        "second_factor_disable": lambda: services.second_factor_disable(actor=admin, user=enrolled),
        "role_grant": lambda: services.role_grant(
            actor=admin, user=someone, role=Role.POLICY_ANALYST, organisation=world.iofs
        ),
        "role_revoke": lambda: services.role_revoke(actor=admin, assignment=assignment),
        "protection_clearance_grant": lambda: services.protection_clearance_grant(
            actor=admin, user=someone, reason="changed reason"
        ),
        "protection_clearance_revoke": lambda: services.protection_clearance_revoke(
            actor=admin, user=someone, reason="left the protection team"
        ),
        "api_token_create": lambda: services.api_token_create(
            actor=someone, user=someone, name="Reports script", expires_on=soon
        ),
        "api_token_revoke": lambda: services.api_token_revoke(actor=admin, token=token),
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
        "notifications_mark_read": lambda: services.notifications_mark_read(actor=admin),
        "notification_preferences_set": lambda: services.notification_preferences_set(
            actor=admin, user=admin, email_kinds={"core.general": False}
        ),
        "site_update": lambda: services.site_update(
            actor=admin, site=world.kabul_warehouse, kind="distribution_point"
        ),
    }


def walk(request: pytest.FixtureRequest) -> Walked:
    """Every public core service as a call, and who may be named as the actor (any if none)."""
    world = request.getfixturevalue("world")
    admin = request.getfixturevalue("admin")
    return calls(world, admin), ()
