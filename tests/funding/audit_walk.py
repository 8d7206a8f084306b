"""The funding services, each called once for the audit walk (tests/test_services_audit.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from sunbula.core.models import User
from sunbula.funding import services
from sunbula.partners import services as partner_services
from tests.audit import Walked
from tests.conftest import World
from tests.funding.conftest import Money, kzt_pledge, make_money

D = datetime.date


def calls(world: World, money: Money, admin: User) -> dict[str, Callable[[], Any]]:
    pledge = kzt_pledge(world, money, actor=admin)
    other = kzt_pledge(world, money, actor=admin)
    commitment = services.commitment_record(
        actor=admin, pledge=other, committed_on=D(2024, 3, 2), amount=Decimal(1000)
    )
    paid = services.payment_record(
        actor=admin,
        commitment=commitment,
        paid_on=D(2024, 3, 3),
        amount=Decimal(100),
        currency=money.kzt,
    )
    mistaken = services.commitment_record(
        actor=admin, pledge=other, committed_on=D(2024, 3, 2), amount=Decimal(500)
    )
    appeal = services.appeal_create(
        actor=admin, code="HRP-AFG-24", name="Afghanistan 2024", country=world.afghanistan
    )
    requirement = services.requirement_create(
        actor=admin, country=world.afghanistan, year=2024, amount_usd=Decimal(1000)
    )
    flour = kzt_pledge(
        world,
        money,
        actor=admin,
        contribution_type="in_kind",
        commodity="flour of wheat",
        quantity=Decimal(30),
        unit="t",
    )
    donor = partner_services.partner_create(
        actor=admin, organisation=world.kazakhstan_government, roles=["donor"]
    )
    focal_point = partner_services.focal_point_add(
        actor=admin,
        partner=donor,
        title="Deputy Minister",
        organisation=world.kazakhstan_government,
        email="focal@gov.example.kz",
    )
    kzt_pledge(world, money, actor=admin, focal_point=focal_point)
    return {
        "appeal_update": lambda: services.appeal_update(
            actor=admin, appeal=appeal, name="Humanitarian response plan 2024"
        ),
        "requirement_update": lambda: services.requirement_update(
            actor=admin, requirement=requirement, appeal=appeal, amount_usd=Decimal(2000)
        ),
        "pledge_update": lambda: services.pledge_update(
            actor=admin, pledge=flour, commodity="Wheat flour"
        ),
        "payment_update": lambda: services.payment_update(
            actor=admin, payment=paid, amount=Decimal(150)
        ),
        "payment_cancel": lambda: services.payment_cancel(
            actor=admin, payment=paid, reason="Recorded twice"
        ),
        "pledge_reminders_send": lambda: services.pledge_reminders_send(actor=admin),
        "appeal_create": lambda: services.appeal_create(
            actor=admin, code="HAFG24", name="Afghanistan 2024", country=world.afghanistan
        ),
        "requirement_create": lambda: services.requirement_create(
            actor=admin, country=world.afghanistan, year=2025, amount_usd=Decimal(10)
        ),
        "conference_create": lambda: services.conference_create(
            actor=admin,
            title="Conference",
            country=world.afghanistan,
            starts_on=D(2025, 1, 1),
            ends_on=D(2025, 1, 2),
            modality="online",
        ),
        "conference_update": lambda: services.conference_update(
            actor=admin, conference=money.conference, venue="Astana"
        ),
        "conference_publish_announcements": lambda: services.conference_publish_announcements(
            actor=admin, conference=money.conference, published=True
        ),
        "pledge_record": lambda: kzt_pledge(world, money, actor=admin, last_year=2025),
        "pledge_revise": lambda: services.pledge_revise(
            actor=admin, pledge=pledge, amount=Decimal(100), revised_on=D(2024, 4, 1)
        ),
        "pledge_cancel": lambda: services.pledge_cancel(
            actor=admin, pledge=pledge, cancelled_on=D(2024, 4, 1)
        ),
        "commitment_record": lambda: services.commitment_record(
            actor=admin, pledge=pledge, committed_on=D(2024, 3, 2), amount=Decimal(10)
        ),
        "commitment_update": lambda: services.commitment_update(
            actor=admin, commitment=commitment, amount=Decimal(1200)
        ),
        "commitment_cancel": lambda: services.commitment_cancel(
            actor=admin, commitment=mistaken, reason="Recorded on the wrong pledge"
        ),
        "payment_record": lambda: services.payment_record(
            actor=admin,
            commitment=commitment,
            paid_on=D(2024, 3, 3),
            amount=Decimal(10),
            currency=money.kzt,
        ),
    }


def walk(request: pytest.FixtureRequest) -> Walked:
    """Every public funding service as a call, and who may be named as the actor (any if none)."""
    world = request.getfixturevalue("world")
    admin = request.getfixturevalue("admin")
    money = make_money(world)
    return calls(world, money, admin), (admin,)
