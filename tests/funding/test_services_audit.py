"""Pledge revisions keep their history in the audit trail; multi-year pledges split by year.

That every service writes an audit entry is walked in tests/test_services_audit.py."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.funding import services
from tests.conftest import World
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db
D = datetime.date


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
