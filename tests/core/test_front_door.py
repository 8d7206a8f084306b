"""The public front door at `/`: in every interface language it leads to the published
conference announcements, the events open for registration, the farmer courses (in Dari,
Pashto and English) and the check of a certificate, with the staff sign-in one click away.
Signed-in staff reach their dashboard at the same address."""

from __future__ import annotations

import datetime
import gzip

import pytest
from django.test import Client
from django.utils import timezone

from sunbula.core.models import User
from sunbula.funding import services as funding_services
from sunbula.learning import services as learning_services
from sunbula.learning.models import Event
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _event(title: str, **values: object) -> Event:
    fields: dict[str, object] = {
        "kind": "training",
        "modality": "online",
        "meeting_link": "https://meet.example.org/training",
        "time_zone": "UTC",
        "starts_on": TODAY + datetime.timedelta(days=20),
        "ends_on": TODAY + datetime.timedelta(days=21),
        **values,
    }
    return learning_services.event_create(actor=None, title=title, **fields)  # type: ignore[arg-type]


def test_the_public_finds_every_door_in_every_language(world: World) -> None:
    published = funding_services.conference_create(
        actor=None,
        title="Donor Conference for Afghanistan",
        country=world.afghanistan,
        starts_on=datetime.date(2023, 3, 1),
        ends_on=datetime.date(2023, 3, 1),
        modality="hybrid",
        announcements_published=True,
    )
    funding_services.conference_create(
        actor=None,
        title="Conference still in preparation",
        country=world.afghanistan,
        starts_on=datetime.date(2024, 3, 1),
        ends_on=datetime.date(2024, 3, 1),
        modality="hybrid",
    )
    open_event = _event("Seed multiplication training")
    _event(
        "Training whose registration closed",
        registration_closes=timezone.now() - datetime.timedelta(days=1),
    )
    _event(
        "Training already over",
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2021, 1, 2),
    )
    client = Client()
    for language in ("en", "ar", "fr", "ru"):
        response = client.get(f"/{language}/")
        assert response.status_code == 200, language
        html = response.content.decode()
        assert f'href="/{language}/funding/conferences/{published.pk}/announcements/"' in html
        assert "in preparation" not in html
        assert f'href="/{language}/learning/events/{open_event.pk}/register/"' in html
        assert "registration closed" not in html and "already over" not in html
        for farmer_language in ("fa-af", "ps", "en"):
            assert f'href="/{language}/learning/farm/{farmer_language}/"' in html
        assert f'action="/{language}/learning/verify/"' in html
        assert f'href="/{language}/accounts/login/"' in html
        assert len(gzip.compress(response.content)) <= 14 * 1024
    dari = client.get("/en/").content.decode()
    assert 'lang="fa-af"' in dari and 'lang="ps"' in dari
    assert "دوره" in dari or "کورس" in dari  # the farmer courses named in Dari or Pashto
    # A farmer who reads only Dari or Pashto finds a sentence for them in their own language.
    assert "درس‌های کوتاه برای زمین شما" in dari
    assert "ستاسو د ځمکې لپاره لنډ درسونه" in dari


def test_signed_in_staff_reach_their_dashboard(officer_afg: User) -> None:
    html = client_for(officer_afg).get("/en/").content.decode()
    assert "Welcome" in html and "Verification code" not in html


def test_the_front_door_makes_few_queries(
    world: World, django_assert_max_num_queries: object
) -> None:
    for number in range(5):
        _event(f"Training {number}")
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        assert Client().get("/en/").status_code == 200
