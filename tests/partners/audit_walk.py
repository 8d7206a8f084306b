"""The partners services, each called once for the audit walk (tests/test_services_audit.py)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from sunbula.core.models import User
from sunbula.partners import services
from tests.audit import Walked
from tests.conftest import World
from tests.partners.conftest import Partnerships, make_partnerships, new_agreement, signed_agreement

TODAY = timezone.localdate()


def calls(world: World, admin: User, p: Partnerships) -> dict[str, Callable[[], Any]]:
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
    services.obligation_add(
        actor=admin,
        agreement=p.agreement,
        description="Overdue report",
        due_on=TODAY - datetime.timedelta(days=2),
        owner=admin,
    )
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
        "focal_point_update": lambda: services.focal_point_update(
            actor=admin, focal_point=focal_point, email="chief@iom.example.org", language="fr"
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
        "agreements_expire_due": lambda: services.agreements_expire_due(actor=admin),
        "overdue_owners_notify": lambda: services.overdue_owners_notify(actor=admin),
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


def walk(request: pytest.FixtureRequest) -> Walked:
    """Every public partners service as a call, and who may be named as the actor (any if none)."""
    world = request.getfixturevalue("world")
    admin = request.getfixturevalue("admin")
    partnerships = make_partnerships(world, admin)
    return calls(world, admin, partnerships), (admin,)
