"""Dates that cannot be: an event or a session ending before it starts, a session outside the
event's days, registration closing after the event starts; and a session taken off the
timetable until attendance is recorded for it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from sunbula.core.models import AuditEntry, User
from sunbula.learning import services
from sunbula.learning.models import Event, EventSession
from tests.conftest import World, client_for
from tests.learning.conftest import Workshop, approved, at

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _event_form(**values: Any) -> dict[str, Any]:
    return {
        "title": "Seed systems training",
        "kind": "training",
        "modality": "in_person",
        "time_zone": "UTC",
        "starts_on": "2027-01-20",
        "ends_on": "2027-01-22",
        "working_language": "en",
        "certificate_share": "75",
        **values,
    }


def _january_event() -> Event:
    return services.event_create(
        actor=None,
        title="Seed systems training",
        kind="training",
        modality="in_person",
        starts_on=datetime.date(2027, 1, 20),
        ends_on=datetime.date(2027, 1, 22),
    )


def test_an_event_ending_before_it_starts_is_refused_on_its_end(organiser: User) -> None:
    refused = client_for(organiser).post(
        "/en/learning/events/new/", _event_form(ends_on="2027-01-19")
    )
    assert refused.status_code == 422 and not Event.objects.exists()
    [message] = refused.context["form"].errors["ends_on"]
    assert message.startswith("This cannot come before")  # core's words for a period
    assert "is violated" not in refused.content.decode()


def test_a_session_ending_before_it_starts_is_refused_on_its_end(
    workshop: Workshop, organiser: User
) -> None:
    refused = client_for(organiser).post(
        f"/en/learning/events/{workshop.event.pk}/sessions/new/",
        {"title": "Closing", "starts_at": "2021-12-22T16:00", "ends_at": "2021-12-22T15:00"},
    )
    assert refused.status_code == 422
    assert refused.context["form"].errors["ends_at"] == ["A session ends after it starts."]
    assert "is violated" not in refused.content.decode()


def test_a_session_outside_the_events_days_is_refused(organiser: User) -> None:
    event = _january_event()
    client = client_for(organiser)
    march = client.post(
        f"/en/learning/events/{event.pk}/sessions/new/",
        {"title": "Late", "starts_at": "2027-03-20T09:00", "ends_at": "2027-03-20T10:00"},
    )
    assert march.status_code == 422 and not EventSession.objects.exists()
    assert march.context["form"].errors["starts_at"] == [
        "The event runs from Jan 20, 2027 to Jan 22, 2027."
    ]
    overnight = client.post(
        f"/en/learning/events/{event.pk}/sessions/new/",
        {"title": "Vigil", "starts_at": "2027-01-22T22:00", "ends_at": "2027-01-23T01:00"},
    )
    assert overnight.status_code == 422 and "ends_at" in overnight.context["form"].errors
    last_evening = client.post(
        f"/en/learning/events/{event.pk}/sessions/new/",
        {"title": "Dinner", "starts_at": "2027-01-22T20:00", "ends_at": "2027-01-22T23:00"},
    )
    assert last_evening.status_code == 302
    session = EventSession.objects.get()
    with pytest.raises(ValidationError) as moved:
        services.session_update(
            actor=None, session=session, starts_at=datetime.datetime(2027, 1, 19, 9, tzinfo=UTC)
        )
    assert "starts_at" in moved.value.error_dict


def _closing_refused(client: Client, closes: str) -> list[str]:
    """Why the event form refuses registration closing at `closes`; nothing is written."""
    refused = client.post("/en/learning/events/new/", _event_form(registration_closes=closes))
    assert refused.status_code == 422 and not Event.objects.exists()
    return list(refused.context["form"].errors["registration_closes"])


def test_registration_closing_after_the_event_is_refused(organiser: User) -> None:
    client = client_for(organiser)
    assert _closing_refused(client, "2027-01-23T09:00") == [
        "This is after the event ends (Jan 22, 2027)."
    ]
    event = _january_event()
    with pytest.raises(ValidationError) as late:
        services.event_update(
            actor=None,
            event=event,
            registration_closes=datetime.datetime(2027, 2, 1, tzinfo=UTC),
        )
    assert "registration_closes" in late.value.error_dict


def test_registration_closing_after_the_event_starts_is_refused(organiser: User) -> None:
    """Registration closes when the event starts at the latest: midnight at the start of its
    first day, on its clock, is the latest closing time the form takes."""
    client = client_for(organiser)
    assert _closing_refused(client, "2027-01-20T09:00") == [
        "This is after the event starts (Jan 20, 2027); registration closes by then at the latest."
    ]
    at_the_start = _event_form(registration_closes="2027-01-20T00:00")
    assert client.post("/en/learning/events/new/", at_the_start).status_code == 302
    event = Event.objects.get()
    moved = client.post(
        f"/en/learning/events/{event.pk}/edit/", _event_form(registration_closes="2027-01-21T12:00")
    )
    assert moved.status_code == 422 and "registration_closes" in moved.context["form"].errors
    event.refresh_from_db()
    assert event.registration_closes == event.start_of_first_day


def test_a_session_without_attendance_is_removed_by_who_manages_the_event(
    workshop: Workshop, organiser: User, donor_viewer: User, world: World
) -> None:
    event = workshop.event
    remove = f"/en/learning/sessions/{workshop.afternoon.pk}/remove/"
    viewer = client_for(donor_viewer)
    assert remove not in viewer.get(event.get_absolute_url()).content.decode()
    assert viewer.post(remove).status_code == 403
    client = client_for(organiser)
    assert remove in client.get(event.get_absolute_url()).content.decode()
    assert client.post(remove).status_code == 302
    assert list(event.sessions.all()) == [workshop.morning]
    entry = AuditEntry.objects.get(action="learning.eventsession.removed")
    assert entry.before is not None and entry.before["title"] == "Discussion"
    assert entry.actor == organiser


def test_a_session_with_attendance_recorded_stays(
    workshop: Workshop, organiser: User, world: World
) -> None:
    amina = approved(workshop.event, world.afghanistan, "Amina Karimi")
    services.attendance_check_in(
        actor=None, session=workshop.morning, registration=amina, now=at(9)
    )
    remove = f"/en/learning/sessions/{workshop.morning.pk}/remove/"
    client = client_for(organiser)
    assert remove not in client.get(workshop.event.get_absolute_url()).content.decode()
    refused = client.post(remove)
    assert refused.status_code == 409
    assert "Attendance is recorded for this session" in refused.content.decode()
    assert EventSession.objects.filter(pk=workshop.morning.pk).exists()
    with pytest.raises(services.SessionAttended):
        services.session_remove(actor=None, session=workshop.morning)


def test_moving_an_events_days_away_from_its_sessions_is_refused(organiser: User) -> None:
    event = _january_event()
    services.session_add(
        actor=None,
        event=event,
        title="Opening",
        starts_at=datetime.datetime(2027, 1, 20, 9, tzinfo=UTC),
        ends_at=datetime.datetime(2027, 1, 20, 10, tzinfo=UTC),
    )
    services.session_add(
        actor=None,
        event=event,
        title="Closing",
        starts_at=datetime.datetime(2027, 1, 22, 16, tzinfo=UTC),
        ends_at=datetime.datetime(2027, 1, 22, 17, tzinfo=UTC),
    )
    client = client_for(organiser)
    edit = f"/en/learning/events/{event.pk}/edit/"
    later = client.post(edit, _event_form(starts_on="2027-01-21"))
    assert later.status_code == 422
    assert later.context["form"].errors["starts_on"] == [
        "A session on Jan 20, 2027 would fall outside these days; move or remove it first."
    ]
    shorter = client.post(edit, _event_form(ends_on="2027-01-21"))
    assert shorter.status_code == 422 and "ends_on" in shorter.context["form"].errors
    event.refresh_from_db()
    assert (event.starts_on, event.ends_on) == (
        datetime.date(2027, 1, 20),
        datetime.date(2027, 1, 22),
    )
    # In Auckland's clock (UTC+13) the closing session, 16:00 UTC on the 22nd, is on the 23rd.
    with pytest.raises(ValidationError) as eastward:
        services.event_update(actor=None, event=event, time_zone="Pacific/Auckland")
    assert "ends_on" in eastward.value.error_dict
    assert client.post(edit, _event_form(ends_on="2027-01-25")).status_code == 302
    event.refresh_from_db()
    assert event.ends_on == datetime.date(2027, 1, 25)
