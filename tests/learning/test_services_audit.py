"""A withdrawal is audited with before and after; a delegation stays within its quota.

That every service writes an audit entry is walked in tests/test_services_audit.py."""

from __future__ import annotations

import pytest

from sunbula.core.errors import NotPermitted
from sunbula.core.models import AuditEntry, Role, User
from sunbula.learning import services
from sunbula.learning.models import Registration
from tests.conftest import World, make_persona
from tests.learning.conftest import Workshop, approved

pytestmark = pytest.mark.django_db


def test_a_withdrawal_records_before_and_after(workshop: Workshop, world: World) -> None:
    amina = approved(workshop.event, world.afghanistan, "Amina One")
    services.registration_withdraw(actor=None, registration=amina)
    entry = AuditEntry.objects.get(action="learning.registration.withdrawn")
    assert entry.before["status"] == Registration.Status.APPROVED
    assert entry.after["status"] == Registration.Status.WITHDRAWN


def test_a_delegation_cannot_exceed_its_quota(
    workshop: Workshop, world: World, admin: User
) -> None:
    focal_point = make_persona(
        "focal.kaz@example.org",
        Role.COUNTRY_FOCAL_POINT,
        world.kazakhstan_government,
        [world.kazakhstan],
    )
    delegation = services.delegation_create(
        actor=admin,
        event=workshop.event,
        country=world.kazakhstan,
        focal_point=focal_point,
        quota=1,
    )
    nominee = services.delegate_nominate(
        actor=focal_point,
        delegation=delegation,
        full_name="Nurlan Six",
        email="nurlan@example.org",
        institution="Ministry of Agriculture",
        role="legislator",
    )
    # Nominees skip approval and belong to Kazakhstan's delegation.
    assert nominee.status == Registration.Status.APPROVED and nominee.country == world.kazakhstan
    with pytest.raises(services.RegistrationRefused, match="quota"):
        services.delegate_nominate(
            actor=focal_point,
            delegation=delegation,
            full_name="Aliya Seven",
            email="aliya@example.org",
            institution="Ministry of Agriculture",
            role="legislator",
        )
    with pytest.raises(NotPermitted, match="focal point"):
        services.delegate_nominate(
            actor=make_persona("someone@example.org", None, world.iofs, []),
            delegation=delegation,
            full_name="Aliya Seven",
            email="aliya@example.org",
            institution="Ministry of Agriculture",
            role="legislator",
        )
