"""A cancelled pledge is no longer announced: the conference's public announcements leave it
out, and the counts of pledges on the conference's and the donor organisation's pages pass
it over. A multi-year pledge counts once, however many budget years it runs over; the
conference's own page still lists every year and the cancelled pledge, marked so."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from sunbula.core.models import User
from sunbula.funding import services
from sunbula.funding.models import Pledge
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db


def _cancelled(world: World, money: Money) -> Pledge:
    """A pledge by the IOFS, cancelled with nothing committed: 0.00 left of it."""
    pledge = kzt_pledge(
        world,
        money,
        conference=money.conference,
        donor=world.iofs,
        currency=money.usd,
        amount=Decimal(25000),
        reference="WITHDRAWN-1",
    )
    return services.pledge_cancel(
        actor=None, pledge=pledge, cancelled_on=datetime.date(2024, 4, 1), reason="Withdrawn"
    )


def _three_years(world: World, money: Money) -> Pledge:
    return kzt_pledge(
        world,
        money,
        conference=money.conference,
        reference="KAZ-3Y",
        amount=Decimal(4500000),
        budget_year=2026,
        last_year=2028,
    )


def test_the_public_announcements_leave_a_cancelled_pledge_out(
    world: World, money: Money, admin: User
) -> None:
    _three_years(world, money)
    _cancelled(world, money)
    services.conference_publish_announcements(
        actor=admin, conference=money.conference, published=True
    )
    url = f"/en/funding/conferences/{money.conference.pk}/announcements/"
    html = Client().get(url).content.decode()
    assert "Government of the Republic of Kazakhstan" in html
    assert world.iofs.name not in html and "USD\xa00.00" not in html
    assert "1 pledge," in html
    # Read by a signed-in user before they are published, the same.
    services.conference_publish_announcements(
        actor=admin, conference=money.conference, published=False
    )
    signed_in = client_for(admin).get(url).content.decode()
    assert world.iofs.name not in signed_in and "1 pledge," in signed_in


def test_the_conference_counts_pledges_not_budget_years_nor_cancelled_ones(
    world: World, money: Money, admin: User
) -> None:
    first = _three_years(world, money)
    _cancelled(world, money)
    html = client_for(admin).get(f"/en/funding/conferences/{money.conference.pk}/")
    text = html.content.decode()
    assert "1 pledge," in text
    # Its table lists each budget year and the cancelled pledge, with its status.
    for year in first.later_years.all():
        assert year.reference in text
    assert "WITHDRAWN-1" in text and "<td>Cancelled</td>" in text


def test_the_donor_organisation_counts_its_pledges_once_and_not_the_cancelled(
    world: World, money: Money, admin: User
) -> None:
    _three_years(world, money)
    cancelled = kzt_pledge(world, money, reference="KAZ-OFF")
    services.pledge_cancel(actor=None, pledge=cancelled, cancelled_on=datetime.date(2024, 4, 1))
    client = client_for(admin)
    page = client.get(f"/en/organisations/{world.kazakhstan_government.pk}/").content.decode()
    assert "1 pledge<" in page and "4 pledges" not in page and "2 pledges" not in page
    # An organisation whose only pledge was cancelled still leads to its donor page.
    _cancelled(world, money)
    page = client.get(f"/en/organisations/{world.iofs.pk}/").content.decode()
    assert f'href="/en/funding/donors/{world.iofs.pk}/">0 pledges<' in page
