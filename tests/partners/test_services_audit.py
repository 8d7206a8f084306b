"""Every service in partners.services writes an audit entry; a new service must join this walk."""

from __future__ import annotations

import datetime
import inspect
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from sunbula.core.models import AuditEntry, User
from sunbula.partners import services
from tests.conftest import World
from tests.partners.conftest import Partnerships, new_agreement, signed_agreement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _calls(world: World, admin: User, p: Partnerships) -> dict[str, Callable[[], Any]]:
    partner = services.partner_create(actor=admin, organisation=p.iom, roles=["technical"])
    focal_point = services.focal_point_add(
        actor=admin, partner=partner, title="Chief of Mission", organisation=p.iom
    )
    exploring = new_agreement(admin, world, title="Exploring")
    services.agreement_party_add(
        actor=admin, agreement=exploring, organisation=world.iofs, role="signatory"
    )
    party = services.agreement_party_add(
        actor=admin, agreement=exploring, organisation=p.unama, role="signatory"
    )
    negotiating = new_agreement(admin, world, title="Negotiating")
    for organisation in (world.iofs, p.unama):
        services.agreement_party_add(
            actor=admin, agreement=negotiating, organisation=organisation, role="signatory"
        )
    services.agreement_open_negotiation(actor=admin, agreement=negotiating)
    signed = signed_agreement(admin, world, p.iom)
    ended = signed_agreement(admin, world, p.iom)
    services.agreement_activate(
        actor=admin,
        agreement=ended,
        valid_from=TODAY - datetime.timedelta(days=30),
        valid_until=TODAY - datetime.timedelta(days=1),
    )
    obligation = services.obligation_add(
        actor=admin, agreement=p.agreement, description="Report", due_on=TODAY
    )
    follow_up = services.follow_up_add(actor=admin, engagement=p.engagement, description="Call")
    return {
        "partner_create": lambda: services.partner_create(
            actor=admin, organisation=p.unama, roles=["co_host"], countries=[world.afghanistan]
        ),
        "partner_update": lambda: services.partner_update(
            actor=admin, partner=partner, sectors=["migration"], countries=[world.kazakhstan]
        ),
        "focal_point_add": lambda: services.focal_point_add(
            actor=admin, partner=partner, title="Programme officer", organisation=p.iom
        ),
        "focal_point_remove": lambda: services.focal_point_remove(
            actor=admin, focal_point=focal_point
        ),
        "agreement_create": lambda: new_agreement(admin, world, title="New"),
        "agreement_update": lambda: services.agreement_update(
            actor=admin, agreement=exploring, purpose="Food security"
        ),
        "agreement_party_add": lambda: services.agreement_party_add(
            actor=admin, agreement=exploring, organisation=p.iom, role="witness"
        ),
        "agreement_party_remove": lambda: services.agreement_party_remove(actor=admin, party=party),
        "agreement_open_negotiation": lambda: services.agreement_open_negotiation(
            actor=admin, agreement=exploring
        ),
        "agreement_sign": lambda: services.agreement_sign(
            actor=admin, agreement=negotiating, signed_on=TODAY, signed_place="Astana"
        ),
        "agreement_activate": lambda: services.agreement_activate(
            actor=admin, agreement=signed, valid_from=TODAY
        ),
        "agreement_renew": lambda: services.agreement_renew(
            actor=admin, agreement=p.agreement, valid_until=TODAY + datetime.timedelta(days=700)
        ),
        "agreement_expire": lambda: services.agreement_expire(actor=admin, agreement=ended),
        "agreement_terminate": lambda: services.agreement_terminate(
            actor=admin, agreement=p.agreement, reason="Mandate ended"
        ),
        "document_upload": lambda: services.document_upload(
            actor=admin,
            agreement=p.agreement,
            title="Signed text",
            filename="text.pdf",
            content=io.BytesIO(b"%PDF-1.4 test"),
            size=13,
        ),
        "obligation_add": lambda: services.obligation_add(
            actor=admin, agreement=p.agreement, description="Annual report", due_on=TODAY
        ),
        "obligation_set_status": lambda: services.obligation_set_status(
            actor=admin, obligation=obligation, status="done"
        ),
        "engagement_create": lambda: services.engagement_create(
            actor=admin,
            kind="call",
            title="Call",
            held_on=TODAY,
            place="Online",
            country=world.afghanistan,
            organisations=[p.unama],
        ),
        "engagement_update": lambda: services.engagement_update(
            actor=admin, engagement=p.engagement, outcomes="Agreed next steps"
        ),
        "follow_up_add": lambda: services.follow_up_add(
            actor=admin, engagement=p.engagement, description="Write minutes", owner=admin
        ),
        "follow_up_set_status": lambda: services.follow_up_set_status(
            actor=admin, follow_up=follow_up, status="done"
        ),
    }


def public_services() -> set[str]:
    return {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__.startswith(services.__name__) and not name.startswith("_")
    }


def test_every_service_is_walked(world: World, admin: User, partnerships: Partnerships) -> None:
    assert public_services() == set(_calls(world, admin, partnerships))


@pytest.mark.parametrize("name", sorted(public_services()))
def test_service_writes_an_audit_entry(
    name: str, world: World, admin: User, partnerships: Partnerships
) -> None:
    call = _calls(world, admin, partnerships)[name]
    before = AuditEntry.objects.count()
    call()
    new = AuditEntry.objects.order_by("-id")[: AuditEntry.objects.count() - before]
    assert len(new) >= 1, f"{name} wrote no audit entry"
    for entry in new:
        assert entry.action.startswith("partners."), entry.action
        assert entry.actor == admin
        assert entry.object_repr


def test_an_unchanged_update_writes_nothing(
    world: World, admin: User, partnerships: Partnerships
) -> None:
    before = AuditEntry.objects.count()
    services.engagement_update(
        actor=admin, engagement=partnerships.engagement, place="IOFS Headquarters, Astana"
    )
    assert AuditEntry.objects.count() == before
