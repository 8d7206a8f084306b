"""Publishing a conference's financial announcements through the API, as its page does: an
officer of the conference's country opens and closes the public page; a read-only viewer is
refused before the body is read; an officer of another country meets a missing conference."""

from __future__ import annotations

import pytest
from django.test import Client

from sunbula.core.models import Role, User
from tests.conftest import World, client_for, make_persona
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _publish(money: Money) -> str:
    return f"/api/v1/funding/conferences/{money.conference.pk}/publish/"


def _public_page(money: Money) -> int:
    url = f"/en/funding/conferences/{money.conference.pk}/announcements/"
    return Client().get(url).status_code


@pytest.fixture
def viewer_afg(world: World) -> User:
    return make_persona("me.afg@example.org", Role.ME_OFFICER, world.iofs, [world.afghanistan])


def test_an_officer_opens_and_closes_the_public_announcements(
    world: World, money: Money, officer_afg: User
) -> None:
    kzt_pledge(world, money, conference=money.conference)
    client = client_for(officer_afg)
    opened = client.post(_publish(money), {"published": True}, content_type=JSON)
    assert opened.status_code == 200, opened.json()
    assert opened.json()["announcements_published"] is True
    assert _public_page(money) == 200
    closed = client.post(_publish(money), {"published": False}, content_type=JSON)
    assert closed.json()["announcements_published"] is False
    assert _public_page(money) == 302


def test_a_body_without_the_choice_is_refused_on_its_field(money: Money, officer_afg: User) -> None:
    client = client_for(officer_afg)
    for body in ({}, {"published": "perhaps"}):
        refused = client.post(_publish(money), body, content_type=JSON)
        assert refused.status_code == 400 and "published" in refused.json(), body
    assert _public_page(money) == 302


def test_a_read_only_viewer_is_refused_before_the_body_is_read(
    money: Money, viewer_afg: User
) -> None:
    client = client_for(viewer_afg)
    assert client.get(f"/api/v1/funding/conferences/{money.conference.pk}/").status_code == 200
    for body in ({}, {"published": True}):
        assert client.post(_publish(money), body, content_type=JSON).status_code == 403
    assert _public_page(money) == 302


def test_an_officer_of_another_country_meets_a_missing_conference(
    money: Money, officer_kaz: User
) -> None:
    client = client_for(officer_kaz)
    for url in (_publish(money), "/api/v1/funding/conferences/987654/publish/"):
        answered = client.post(url, {"published": True}, content_type=JSON)
        assert answered.status_code == 404, url
    assert _public_page(money) == 302
