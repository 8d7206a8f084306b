"""An event's time zone is a real one, and its date-times are typed and shown on its clock:
09:00 typed for a Kabul event is stored as 04:30 UTC and shows as 9:00 AM again."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunbula.core.models import User
from sunbula.learning import services
from sunbula.learning.models import Attendance, Event, EventSession
from tests.conftest import World, client_for
from tests.learning.conftest import approved

pytestmark = pytest.mark.django_db
JSON = "application/json"
UTC = datetime.UTC


def _event_form(**values: Any) -> dict[str, Any]:
    return {
        "title": "Seed systems training",
        "kind": "training",
        "modality": "in_person",
        "time_zone": "Asia/Kabul",
        "starts_on": "2027-01-20",
        "ends_on": "2027-01-22",
        "working_language": "en",
        "certificate_share": "75",
        **values,
    }


def _kabul_event(first_day: datetime.date = datetime.date(2027, 1, 20)) -> Event:
    return services.event_create(
        actor=None,
        title="Seed systems training",
        kind="training",
        modality="online",
        meeting_link="https://meet.example.org/seeds",
        time_zone="Asia/Kabul",
        starts_on=first_day,
        ends_on=first_day + datetime.timedelta(days=2),
    )


# A training held already: attendance is recorded only for sessions whose day has come.
HELD = datetime.date(2025, 1, 20)


def test_an_unknown_time_zone_is_refused_on_its_field(organiser: User) -> None:
    client = client_for(organiser)
    refused = client.post("/en/learning/events/new/", _event_form(time_zone="Mars/Olympus"))
    assert refused.status_code == 422 and not Event.objects.exists()
    form = refused.context["form"]
    assert form.errors["time_zone"] == [
        "Give a time zone by its IANA name, such as Asia/Kabul or Europe/Paris."
    ]
    api = client.post(
        "/api/v1/learning/events/",
        {**_event_form(time_zone="Mars/Olympus"), "interpretation_languages": []},
        content_type=JSON,
    )
    assert api.status_code == 400 and "time_zone" in api.json()
    assert not Event.objects.exists()


def test_an_event_saved_with_an_unknown_zone_imports_attendance_in_utc(
    organiser: User, world: World
) -> None:
    event = _kabul_event(HELD)
    session = services.session_add(
        actor=None,
        event=event,
        title="Opening",
        starts_at=datetime.datetime(2025, 1, 20, 9, tzinfo=UTC),
        ends_at=datetime.datetime(2025, 1, 20, 10, tzinfo=UTC),
    )
    approved(event, world.afghanistan, "Amina Karimi")
    Event.objects.filter(pk=event.pk).update(time_zone="Mars/Olympus")  # saved before the check
    report = SimpleUploadedFile(
        "report.csv",
        b"User Email,Join Time,Leave Time\namina@example.org,2025-01-20 09:00:00,"
        b"2025-01-20 10:00:00\n",
    )
    response = client_for(organiser).post(
        f"/en/learning/sessions/{session.pk}/attendance/", {"report": report}
    )
    assert response.status_code == 302
    assert Attendance.objects.get().minutes == 60


def test_session_times_are_typed_and_shown_on_the_events_clock(organiser: User) -> None:
    event = _kabul_event()
    client = client_for(organiser)
    form_page = client.get(f"/en/learning/events/{event.pk}/sessions/new/").content.decode()
    assert "As the clock reads in Asia/Kabul, the event&#x27;s time zone." in form_page
    added = client.post(
        f"/en/learning/events/{event.pk}/sessions/new/",
        {"title": "Opening", "starts_at": "2027-01-20T09:00", "ends_at": "2027-01-20T12:00"},
    )
    assert added.status_code == 302
    session = EventSession.objects.get()
    assert session.starts_at == datetime.datetime(2027, 1, 20, 4, 30, tzinfo=UTC)
    assert session.ends_at == datetime.datetime(2027, 1, 20, 7, 30, tzinfo=UTC)
    detail = client.get(event.get_absolute_url()).content.decode()
    assert "<bdi>Jan 20, 2027, 9:00\u202fAM</bdi> – <bdi>12:00\u202fPM</bdi>" in detail
    edit = client.get(f"/en/learning/sessions/{session.pk}/edit/").content.decode()
    assert 'value="2027-01-20T09:00"' in edit and 'value="2027-01-20T12:00"' in edit


def test_the_registration_deadline_is_typed_and_shown_on_the_events_clock(
    organiser: User,
) -> None:
    client = client_for(organiser)
    created = client.post(
        "/en/learning/events/new/", _event_form(registration_closes="2027-01-18T17:00")
    )
    assert created.status_code == 302
    event = Event.objects.get()
    assert event.registration_closes == datetime.datetime(2027, 1, 18, 12, 30, tzinfo=UTC)
    detail = client.get(event.get_absolute_url()).content.decode()
    assert "<bdi>Jan 18, 2027, 5:00\u202fPM</bdi>" in detail
    edit = client.get(f"/en/learning/events/{event.pk}/edit/").content.decode()
    assert 'value="2027-01-18T17:00"' in edit
    assert "As the clock reads in the event&#x27;s time zone." in edit


def test_the_api_reads_a_time_without_offset_on_the_events_clock(organiser: User) -> None:
    event = _kabul_event()
    client = client_for(organiser)
    added = client.post(
        f"/api/v1/learning/events/{event.pk}/sessions/",
        {"title": "Opening", "starts_at": "2027-01-20T09:00", "ends_at": "2027-01-20T12:00Z"},
        content_type=JSON,
    )
    assert added.status_code == 201, added.json()
    session = EventSession.objects.get()
    assert session.starts_at == datetime.datetime(2027, 1, 20, 4, 30, tzinfo=UTC)
    assert session.ends_at == datetime.datetime(2027, 1, 20, 12, tzinfo=UTC)
    patched = client.patch(
        f"/api/v1/learning/events/{event.pk}/",
        {"registration_closes": "2027-01-18T17:00"},
        content_type=JSON,
    )
    assert patched.status_code == 200
    event.refresh_from_db()
    assert event.registration_closes == datetime.datetime(2027, 1, 18, 12, 30, tzinfo=UTC)


def test_a_kabul_meeting_report_falls_inside_the_session_typed_in_kabul_time(
    organiser: User, world: World
) -> None:
    event = _kabul_event(HELD)
    client = client_for(organiser)
    client.post(
        f"/en/learning/events/{event.pk}/sessions/new/",
        {"title": "Opening", "starts_at": "2025-01-20T09:00", "ends_at": "2025-01-20T12:00"},
    )
    session = EventSession.objects.get()
    approved(event, world.afghanistan, "Amina Karimi")
    report = SimpleUploadedFile(
        "report.csv",
        b"User Email,Join Time,Leave Time\namina@example.org,2025-01-20 09:00:00,"
        b"2025-01-20 11:00:00\n",
    )
    client.post(f"/en/learning/sessions/{session.pk}/attendance/", {"report": report})
    assert Attendance.objects.get(session=session).minutes == 120
