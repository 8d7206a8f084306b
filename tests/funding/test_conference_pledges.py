"""A conference's page lists its pledges, each a link, and leads to the pledge list narrowed
to the conference."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.core.models import User
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db


def test_the_conference_page_lists_its_pledges(world: World, money: Money, admin: User) -> None:
    at_conference = kzt_pledge(
        world, money, conference=money.conference, reference="CONF-1", amount=Decimal("52631.58")
    )
    kzt_pledge(world, money, reference="ELSEWHERE-1")
    html = client_for(admin).get(f"/en/funding/conferences/{money.conference.pk}/")
    text = html.content.decode()
    assert f'<a href="{at_conference.get_absolute_url()}">CONF-1</a>' in text
    assert "Government of the Republic of Kazakhstan" in text
    assert "<bdi>KZT\xa052,631.58</bdi>" in text
    assert "<td>Active</td>" in text
    assert "ELSEWHERE-1" not in text
    assert f'href="/en/funding/pledges/?conference={money.conference.pk}"' in text


def test_the_pledge_list_narrows_to_one_conference(world: World, money: Money, admin: User) -> None:
    kzt_pledge(world, money, conference=money.conference, reference="CONF-1")
    kzt_pledge(world, money, reference="ELSEWHERE-1")
    client = client_for(admin)
    narrowed = client.get(f"/en/funding/pledges/?conference={money.conference.pk}")
    assert narrowed.status_code == 200
    text = narrowed.content.decode()
    assert "CONF-1" in text and "ELSEWHERE-1" not in text
    # The filter shows which conference, so that it can be cleared.
    assert "Donor conference for Afghanistan" in text
    everything = client.get("/en/funding/pledges/").content.decode()
    assert "CONF-1" in everything and "ELSEWHERE-1" in everything
