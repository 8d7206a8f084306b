"""Every service in funding.services writes an audit entry; a new service must join this walk."""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.funding import services
from tests.conftest import World
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db
D = datetime.date


def _calls(world: World, money: Money, admin: User) -> dict[str, Callable[[], Any]]:
    pledge = kzt_pledge(world, money, actor=admin)
    other = kzt_pledge(world, money, actor=admin)
    commitment = services.commitment_record(
        actor=admin, pledge=other, committed_on=D(2024, 3, 2), amount=Decimal(1000)
    )
    return {
        "appeal_create": lambda: services.appeal_create(
            actor=admin, code="HAFG24", name="Afghanistan 2024", country=world.afghanistan
        ),
        "requirement_create": lambda: services.requirement_create(
            actor=admin, country=world.afghanistan, year=2024, amount_usd=Decimal(10)
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
        "payment_record": lambda: services.payment_record(
            actor=admin,
            commitment=commitment,
            paid_on=D(2024, 3, 3),
            amount=Decimal(10),
            currency=money.kzt,
        ),
    }


def public_services() -> set[str]:
    return {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }


def test_every_service_is_walked(world: World, money: Money, admin: User) -> None:
    assert public_services() == set(_calls(world, money, admin))


@pytest.mark.parametrize("name", sorted(public_services()))
def test_service_writes_an_audit_entry(name: str, world: World, money: Money, admin: User) -> None:
    call = _calls(world, money, admin)[name]
    before = AuditEntry.objects.count()
    call()
    new = AuditEntry.objects.order_by("-id")[: AuditEntry.objects.count() - before]
    assert len(new) >= 1, f"{name} wrote no audit entry"
    for entry in new:
        assert entry.action.startswith("funding."), entry.action
        assert entry.actor == admin and entry.object_repr


def test_a_revision_keeps_the_history_and_replaces_the_amount(
    world: World, money: Money, admin: User
) -> None:
    pledge = kzt_pledge(world, money, actor=admin)
    services.pledge_revise(
        actor=admin, pledge=pledge, amount=Decimal(100), revised_on=D(2024, 4, 1)
    )
    services.pledge_revise(
        actor=admin, pledge=pledge, amount=Decimal(150), revised_on=D(2024, 5, 1)
    )
    pledge.refresh_from_db()
    assert pledge.amount == Decimal(150)
    assert list(pledge.revisions.values_list("amount", flat=True)) == [
        Decimal("4500000.00"),
        Decimal("100.00"),
        Decimal("150.00"),
    ]
    entry = AuditEntry.objects.filter(action="funding.pledge.revised").order_by("-id")[0]
    assert entry.before["amount"] == "100.00" and entry.after["amount"] == "150.00"


def test_a_multi_year_pledge_splits_into_yearly_parts(world: World, money: Money) -> None:
    first = kzt_pledge(world, money, amount=Decimal("1000000.01"), last_year=2026)
    parts = [first, *first.later_years.order_by("budget_year")]
    assert [part.budget_year for part in parts] == [2024, 2025, 2026]
    assert sum(part.amount for part in parts) == Decimal("1000000.01")
