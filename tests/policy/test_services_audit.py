"""A profile validation records who signed it off.

That every service writes an audit entry is walked in tests/test_services_audit.py."""

from __future__ import annotations

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.policy import services
from tests.conftest import World
from tests.policy.conftest import draft_profile

pytestmark = pytest.mark.django_db

SDG_CSV = b"SeriesCode,GeoAreaCode,TimePeriod,Value,Source\nSH_STA_WAST,4,2022,3.6,UNICEF\n"


def test_validation_records_who_signed_off(world: World, analyst: User, focal_afg: User) -> None:
    profile = draft_profile(world, analyst)
    services.profile_submit(actor=analyst, profile=profile)
    services.profile_validate(actor=focal_afg, profile=profile)
    entry = AuditEntry.objects.get(action="policy.policyprofile.validated")
    assert entry.actor == focal_afg
    assert entry.before["status"] == "submitted"
    assert entry.after["status"] == "validated"
    assert entry.after["validated_by"] == focal_afg.pk
