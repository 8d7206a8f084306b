"""The funding overview: the database's sums, grouped as the pledges are, and the ageing
pledges chosen by the database."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.core.models import User
from sunbula.funding import selectors, services
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db


def test_the_overview_adds_up_the_pledges_one_by_one(
    world: World, money: Money, admin: User
) -> None:
    first = kzt_pledge(world, money)
    kzt_pledge(world, money, budget_year=2025, project=money.almaty, country=world.kazakhstan)
    kzt_pledge(world, money, project=None, amount=Decimal("900000"))
    commitment = services.commitment_record(
        actor=None, pledge=first, committed_on=datetime.date(2024, 4, 1), amount=Decimal("900000")
    )
    services.payment_record(
        actor=None,
        commitment=commitment,
        paid_on=datetime.date(2024, 5, 1),
        amount=Decimal("450000"),
        currency=money.kzt,
    )
    pledges = list(selectors.pledge_list(user=admin))
    overview = selectors.funding_overview(user=admin)

    def rows(totals: list[selectors.Total]) -> list[tuple[str, Decimal, Decimal, Decimal, int]]:
        return [
            (row.label, row.pledged_usd, row.committed_usd, row.paid_usd, row.pledges)
            for row in totals
        ]

    assert rows(overview.by_donor) == rows(
        selectors.totals_by(pledges, lambda pledge: pledge.donor.local_name)
    )
    assert rows(overview.by_destination) == rows(
        selectors.totals_by(pledges, selectors.destination_label)
    )
    by_year = rows(overview.by_year)
    assert [row[0] for row in by_year] == ["2024", "2025"]
    assert by_year[0][2] > 0 and by_year[0][3] > 0 and by_year[0][4] == 2


def test_the_ageing_pledges_are_the_old_ones_not_fully_committed(
    world: World, money: Money, admin: User
) -> None:
    old = kzt_pledge(world, money, amount=Decimal("900000"))
    committed = kzt_pledge(world, money, amount=Decimal("900000"))
    services.commitment_record(
        actor=None,
        pledge=committed,
        committed_on=datetime.date(2024, 4, 1),
        amount=Decimal("900000"),
    )
    kzt_pledge(world, money, pledged_on=datetime.date(2024, 12, 1))
    ageing = selectors.ageing_pledges(user=admin, today=datetime.date(2025, 1, 1))
    assert list(ageing) == [old]
    html = client_for(admin).get("/en/funding/").content.decode()
    assert old.reference in html and committed.reference not in html
    donor = f'<a href="/en/funding/donors/{old.donor_id}/">{old.donor.name}</a>'
    assert donor in html.split("Pledges ageing without conversion")[1]
