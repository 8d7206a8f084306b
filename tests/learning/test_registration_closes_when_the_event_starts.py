"""Registration closes at its closing time, and at the latest when the event starts, by one
rule: the event's own, which the public form, the scheduled closing and the organiser's page
all follow. Once registration has closed by itself, the organiser's page says so, and
closing it again by hand is refused with nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sunbula.core.models import User
from sunbula.learning import services
from sunbula.learning.models import Event
from tests.conftest import client_for
from tests.learning.conftest import DAY, at, make_event

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def test_the_event_closes_to_registration_at_its_start_whatever_its_closing_time() -> None:
    event = make_event()
    event.registration_closes = at(12)  # noon on the event's only day
    midnight = at(0)
    assert event.closed_to_registration(midnight - datetime.timedelta(minutes=1)) == ""
    assert event.closed_to_registration(midnight) == "Registration is closed."
    assert event.closed_to_registration(at(9)) == "Registration is closed."
    two_days_before = DAY - datetime.timedelta(days=2)
    event.registration_closes = at(18, day=two_days_before)
    assert event.closed_to_registration(at(17, day=two_days_before)) == ""
    assert event.closed_to_registration(at(18, day=two_days_before)) == "Registration is closed."


def _begun() -> Event:
    """An event whose first day is today and last day tomorrow: begun, not over."""
    today = timezone.now().astimezone(UTC).date()
    return make_event(starts_on=today, ends_on=today + datetime.timedelta(days=1))


def test_after_the_scheduled_closing_the_page_says_closed_and_closing_again_is_refused(
    organiser: User,
) -> None:
    event = _begun()
    assert services.registrations_close_due(actor=None) == [event]
    client = client_for(organiser)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Close registration" not in page
    assert "Registration closed" in page and "Registration closes" not in page
    again = client.post(f"/en/learning/events/{event.pk}/close-registration/")
    assert again.status_code == 409
    assert "Registration is already closed." in again.content.decode()
    event.refresh_from_db()
    assert event.registration_closes is None


def test_a_later_closing_time_kept_from_before_does_not_reopen_it(organiser: User) -> None:
    event = _begun()
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    Event.objects.filter(pk=event.pk).update(registration_closes=tomorrow)
    [closed] = services.registrations_close_due(actor=None)
    page = client_for(organiser).get(closed.get_absolute_url()).content.decode()
    assert "Close registration" not in page and "Registration closed" in page
    with pytest.raises(services.EventCancelled, match=r"Registration is already closed\."):
        services.event_registration_close(actor=None, event=closed)


def test_before_the_event_the_page_offers_to_close_registration(organiser: User) -> None:
    soon = timezone.now().astimezone(UTC).date() + datetime.timedelta(days=30)
    event = make_event(starts_on=soon, ends_on=soon)
    assert services.registrations_close_due(actor=None) == []
    page = client_for(organiser).get(event.get_absolute_url()).content.decode()
    assert "Close registration" in page and "Registration closed" not in page
