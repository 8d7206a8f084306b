"""A pledge not fully committed is listed as ageing after PLEDGE_AGEING_DAYS, and the funding
overview names that many days, in the reader's words and figures."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from sunbula.core.models import User
from sunbula.funding import selectors
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db

OVERVIEW = "/en/funding/"


def test_a_pledge_is_ageing_after_the_configured_days(
    world: World, money: Money, admin: User, settings: Any
) -> None:
    pledge = kzt_pledge(world, money)
    today = timezone.localdate()
    age = (today - pledge.pledged_on).days
    settings.PLEDGE_AGEING_DAYS = age + 1
    assert not selectors.ageing_pledges(user=admin, today=today).exists()
    assert pledge.reference not in client_for(admin).get(OVERVIEW).content.decode()
    settings.PLEDGE_AGEING_DAYS = age
    assert list(selectors.ageing_pledges(user=admin, today=today)) == [pledge]
    assert pledge.reference in client_for(admin).get(OVERVIEW).content.decode()


@pytest.mark.parametrize(
    ("path", "days", "said"),
    [
        ("/en/funding/", 60, "Pledges older than <bdi>60</bdi> days that are not fully committed"),
        ("/en/funding/", 1, "Pledges older than <bdi>1</bdi> day that are not fully committed"),
        (
            "/en/funding/",
            1000,
            "Pledges older than <bdi>1,000</bdi> days that are not fully committed",
        ),
        (
            "/fr/funding/",
            1000,
            "Annonces de plus de <bdi>1\u202f000</bdi> jours pas entièrement engagées",
        ),
    ],
)
def test_the_overview_names_the_ageing_period(
    admin: User, settings: Any, path: str, days: int, said: str
) -> None:
    settings.PLEDGE_AGEING_DAYS = days
    html = client_for(admin).get(path).content.decode()
    assert said in html
