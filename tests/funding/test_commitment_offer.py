"""A pledge's page offers to record a commitment only while something is left to commit."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.core.models import User
from sunbula.funding import services
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db


def test_a_fully_committed_pledge_offers_no_commitment(
    world: World, money: Money, admin: User
) -> None:
    pledge = kzt_pledge(world, money, actor=admin)
    client = client_for(admin)
    url = f"/en/funding/pledges/{pledge.pk}/"
    services.commitment_record(
        actor=admin, pledge=pledge, committed_on=datetime.date(2024, 3, 2), amount=Decimal(1000)
    )
    assert "Record a commitment" in client.get(url).content.decode()
    services.commitment_record(
        actor=admin,
        pledge=pledge,
        committed_on=datetime.date(2024, 3, 2),
        amount=pledge.amount - 1000,
    )
    html = client.get(url).content.decode()
    assert "Record a commitment" not in html
    assert "Revise the pledge" in html and "Record a payment" in html


def test_a_refused_commitment_on_a_fully_committed_pledge_shows_why(
    world: World, money: Money, admin: User
) -> None:
    pledge = kzt_pledge(world, money, actor=admin)
    services.commitment_record(
        actor=admin, pledge=pledge, committed_on=datetime.date(2024, 3, 2), amount=pledge.amount
    )
    response = client_for(admin).post(
        f"/en/funding/pledges/{pledge.pk}/commitments/",
        {"committed_on": "2024-03-02", "amount": "1"},
    )
    assert response.status_code == 422
    assert "left to commit" in response.content.decode()
