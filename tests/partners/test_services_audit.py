"""An unchanged partners update writes no audit entry.

That every service writes an audit entry is walked in tests/test_services_audit.py."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sunbula.core.models import AuditEntry, User
from sunbula.partners import services
from tests.conftest import World
from tests.partners.conftest import Partnerships

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_an_unchanged_update_writes_nothing(
    world: World, admin: User, partnerships: Partnerships
) -> None:
    before = AuditEntry.objects.count()
    services.engagement_update(
        actor=admin, engagement=partnerships.engagement, place="IOFS Headquarters, Astana"
    )
    assert AuditEntry.objects.count() == before
