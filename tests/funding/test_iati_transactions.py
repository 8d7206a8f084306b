"""The selector `reports` calls for IATI: incoming pledge 13, commitment 11, funds 1."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.core.models import User
from sunbula.funding import services
from sunbula.funding.selectors import iati_transactions_for_project
from tests.conftest import World
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_project_gets_its_funding_transactions(
    world: World, money: Money, admin: User, officer_kaz: User
) -> None:
    pledge = kzt_pledge(world, money, actor=admin)
    services.pledge_revise(
        actor=admin, pledge=pledge, amount=Decimal("6000000"), revised_on=D(2024, 4, 1)
    )
    commitment = services.commitment_record(
        actor=admin, pledge=pledge, committed_on=D(2024, 5, 1), amount=Decimal("3000000")
    )
    services.payment_record(
        actor=admin,
        commitment=commitment,
        paid_on=D(2024, 8, 1),
        amount=Decimal("960000"),
        currency=money.kzt,
    )
    rows = iati_transactions_for_project(user=admin, project=money.herat)
    assert [(row.transaction_type, row.date, row.value, row.currency) for row in rows] == [
        ("13", D(2024, 3, 1), Decimal("6000000.00"), "KZT"),
        ("11", D(2024, 5, 1), Decimal("3000000.00"), "KZT"),
        ("1", D(2024, 8, 1), Decimal("960000.00"), "KZT"),
    ]
    assert rows[2].value_usd == Decimal("2000.00")
    assert {row.provider_name for row in rows} == {"Government of the Republic of Kazakhstan"}
    assert iati_transactions_for_project(user=officer_kaz, project=money.herat) == []
