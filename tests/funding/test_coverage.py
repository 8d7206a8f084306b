"""Coverage and gap per requirement equal an independent SQL computation (FTS rules)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from sunbula.core.models import User
from sunbula.funding import services
from sunbula.funding.selectors import requirement_coverage
from tests.conftest import World
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db
D = datetime.date

SQL = """
SELECT r.id,
       COALESCE((SELECT SUM(c.amount_usd) FROM funding_commitment c
                 JOIN funding_pledge p ON p.id = c.pledge_id
                 WHERE p.country_id = r.country_id AND p.budget_year = r.year
                   AND (r.programme_id IS NULL OR p.programme_id = r.programme_id)
                   AND (r.project_id IS NULL OR p.project_id = r.project_id)), 0),
       COALESCE((SELECT SUM(p.amount_usd) FROM funding_pledge p
                 WHERE p.country_id = r.country_id AND p.budget_year = r.year
                   AND (r.programme_id IS NULL OR p.programme_id = r.programme_id)
                   AND (r.project_id IS NULL OR p.project_id = r.project_id)), 0),
       r.amount_usd
FROM funding_fundingrequirement r ORDER BY r.id
"""


def test_coverage_and_gap_match_raw_sql(world: World, money: Money, admin: User) -> None:
    herat_2024 = services.requirement_create(
        actor=admin,
        country=world.afghanistan,
        project=money.herat,
        year=2024,
        amount_usd=Decimal("50000"),
    )
    afghanistan_2024 = services.requirement_create(
        actor=admin, country=world.afghanistan, year=2024, amount_usd=Decimal("80000")
    )
    services.requirement_create(
        actor=admin, country=world.afghanistan, year=2025, amount_usd=Decimal("1000")
    )
    committed = kzt_pledge(world, money, actor=admin)  # 10 000 USD at 450
    services.commitment_record(
        actor=admin, pledge=committed, committed_on=D(2024, 8, 1), amount=Decimal("2400000")
    )
    commitment = committed.commitments.get()
    services.payment_record(
        actor=admin,
        commitment=commitment,
        paid_on=D(2024, 9, 1),
        amount=Decimal("960000"),
        currency=money.kzt,
    )
    kzt_pledge(world, money, actor=admin, project=None, amount=Decimal("900000"))  # listed only
    usd_pledge = kzt_pledge(
        world, money, actor=admin, currency=money.usd, amount=Decimal("7000"), project=None
    )
    services.commitment_record(
        actor=admin, pledge=usd_pledge, committed_on=D(2024, 3, 2), amount=Decimal("7000")
    )

    with connection.cursor() as cursor:
        cursor.execute(SQL)
        expected = {
            row[0]: (Decimal(row[1]), Decimal(row[2]), Decimal(row[3])) for row in cursor.fetchall()
        }
    rows = {row.requirement.pk: row for row in requirement_coverage(user=admin, with_pledges=True)}
    assert set(rows) == set(expected)
    for pk, (funded, pledged, required) in expected.items():
        row = rows[pk]
        assert row.funded_usd == funded.quantize(Decimal("0.01"))
        assert row.pledged_usd == pledged.quantize(Decimal("0.01"))
        assert row.gap_usd == max(required - funded, Decimal(0)).quantize(Decimal("0.01"))
    # 2 400 000 KZT at 480 = 5000 USD committed; pledges listed but not counted.
    assert rows[herat_2024.pk].funded_usd == Decimal("5000.00")
    assert rows[herat_2024.pk].gap_usd == Decimal("45000.00")
    assert rows[afghanistan_2024.pk].funded_usd == Decimal("12000.00")
    assert rows[afghanistan_2024.pk].pledged_usd == Decimal("19000.00")
    assert len(rows[afghanistan_2024.pk].pledges) == 3


def test_the_coverage_page_shows_the_gap(world: World, money: Money, admin: User) -> None:
    from tests.conftest import client_for

    services.requirement_create(
        actor=admin,
        country=world.afghanistan,
        project=money.herat,
        year=2024,
        amount_usd=Decimal("50000"),
    )
    html = client_for(admin).get("/en/funding/requirements/").content.decode()
    assert "50,000.00" in html
