"""Attendance is recorded from a session's own day on, read in the event's time zone, and a
certificate is issued once the event is over (its last session has ended): by the service
(which the door, the meeting report and field forms all call) and on the pages, each refusal
saying why (409)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from sunbula.core.models import User
from sunbula.fieldforms import services as fieldforms
from sunbula.fieldforms.models import Purpose, Submission
from sunbula.learning import services
from sunbula.learning.models import Attendance, Certificate, Event, EventSession, Registration
from tests.conftest import World, client_for
from tests.fieldforms.conftest import device_collect
from tests.learning.conftest import approved

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _event(
    first_day: datetime.date, last_day: datetime.date, zone: str = "UTC", share: int = 100
) -> Event:
    return services.event_create(
        actor=None,
        title="Seed systems training",
        kind="training",
        modality="online",
        meeting_link="https://meet.example.org/seeds",
        time_zone=zone,
        starts_on=first_day,
        ends_on=last_day,
        certificate_share=share,
    )


def _session(event: Event, starts_at: datetime.datetime, hours: int = 2) -> EventSession:
    return services.session_add(
        actor=None,
        event=event,
        title="Seed selection",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
    )


def _registered(event: Event, world: World) -> Registration:
    return approved(
        event, world.afghanistan, "Ahmad Karimi", now=timezone.now() - datetime.timedelta(days=30)
    )


def _ahead(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def training_to_come(world: World) -> tuple[EventSession, Registration]:
    """A training three months ahead, with its approved participant."""
    first = _ahead(94)
    event = _event(first, first + datetime.timedelta(days=2))
    session = _session(event, datetime.datetime.combine(first, datetime.time(9), tzinfo=UTC))
    return session, _registered(event, world)


def test_no_one_is_checked_in_to_a_session_months_ahead(
    training_to_come: tuple[EventSession, Registration], organiser: User
) -> None:
    session, ahmad = training_to_come
    with translation.override("en"), pytest.raises(services.AttendanceRefused) as refused:
        services.attendance_check_in(actor=None, session=session, registration=ahmad)
    assert "attendance can be recorded from that day on" in str(refused.value)
    assert refused.value.status_code == 409
    client = client_for(organiser)
    url = f"/en/learning/sessions/{session.pk}/check-in/"
    door = client.post(url, {"code": ahmad.token})
    assert door.status_code == 409
    html = door.content.decode()
    assert "This session is held on" in html and "not before" in html
    assert "checked in" not in html
    assert client.get(url).status_code == 409
    # The event's page offers neither check-in nor an import for it.
    event_page = client.get(session.event.get_absolute_url()).content.decode()
    assert url not in event_page
    assert f"/en/learning/sessions/{session.pk}/attendance/" not in event_page
    assert not Attendance.objects.exists()


def test_no_meeting_report_is_imported_for_a_session_months_ahead(
    training_to_come: tuple[EventSession, Registration], organiser: User
) -> None:
    session, ahmad = training_to_come
    day = session.starts_at.date().isoformat()
    report = f"User Email,Join Time,Leave Time\n{ahmad.email},{day} 09:00:00,{day} 11:00:00\n"
    with pytest.raises(services.AttendanceRefused):
        services.attendance_import(actor=None, session=session, report=report.encode())
    response = client_for(organiser).post(
        f"/fr/learning/sessions/{session.pk}/attendance/",
        {"report": SimpleUploadedFile("report.csv", report.encode())},
    )
    assert response.status_code == 409
    assert "Cette séance a lieu le" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_device_checking_in_ahead_of_the_day_waits_for_review(world: World, admin: User) -> None:
    """ODK Collect checks people in through the same service: a check-in to a session whose
    day has not come is kept for review with why, and nothing is recorded."""
    first = _ahead(94)
    event = services.event_create(
        actor=None,
        title="Seed systems training",
        kind="training",
        modality="in_person",
        country=world.afghanistan,
        starts_on=first,
        ends_on=first,
    )
    session = _session(event, datetime.datetime.combine(first, datetime.time(9), tzinfo=UTC))
    ahmad = _registered(event, world)
    form = fieldforms.form_publish(
        actor=admin,
        purpose=Purpose.EVENT_ATTENDANCE,
        country=world.afghanistan,
        title="Training attendance",
    ).form
    values = {"event": str(event.pk), "session": str(session.pk), "registration": str(ahmad.pk)}
    with translation.override("en"):
        response, instance_id = device_collect(admin, form).submit(form, values)
    assert response.status_code == 202  # kept for review, as OpenRosa answers it
    submission = Submission.objects.get(instance_id=instance_id)
    assert submission.status == Submission.Status.REVIEW
    assert "attendance can be recorded from that day on" in submission.shown_reason
    assert not Attendance.objects.exists()


def test_the_door_opens_on_the_sessions_own_day_where_the_event_is_held(world: World) -> None:
    """A Kabul session at 09:00 on 10 March: its day begins at 19:30 UTC on 9 March."""
    first = datetime.date(2025, 3, 10)
    event = _event(first, first, zone="Asia/Kabul")
    session = _session(event, datetime.datetime(2025, 3, 10, 4, 30, tzinfo=UTC))
    ahmad = approved(event, world.afghanistan, "Ahmad Karimi")
    the_day_before = datetime.datetime(2025, 3, 9, 19, 29, tzinfo=UTC)
    assert session.attendance_problem(the_day_before)
    early_that_morning = datetime.datetime(2025, 3, 9, 19, 30, tzinfo=UTC)
    assert session.attendance_problem(early_that_morning) == ""
    services.attendance_check_in(
        actor=None, session=session, registration=ahmad, now=early_that_morning
    )
    assert Attendance.objects.get().checked_in_at == early_that_morning


def test_a_report_line_joining_on_a_day_to_come_is_named(world: World) -> None:
    """A session held today takes a report, but not a line dated after today (a day and month
    read the wrong way round, say): the file is refused naming the line."""
    today = timezone.localdate()
    event = _event(today, today + datetime.timedelta(days=40))
    session = _session(event, datetime.datetime.combine(today, datetime.time(0), tzinfo=UTC), 23)
    ahmad = _registered(event, world)
    later = today + datetime.timedelta(days=31)
    report = (
        "User Email,Join Time,Leave Time\n"
        f"{ahmad.email},{today} 00:10:00,{today} 00:40:00\n"
        f"{ahmad.email},{later} 00:10:00,{later} 00:40:00\n"
    )
    with translation.override("en"), pytest.raises(services.AttendanceImportError) as refused:
        services.attendance_import(actor=None, session=session, report=report.encode())
    [problem] = refused.value.problems
    assert problem.startswith("Line 3: joins on") and "a day still to come" in problem
    assert not Attendance.objects.exists()


@pytest.fixture
def training_under_way(world: World) -> tuple[Event, Registration]:
    """A training that began yesterday and ends in two days: its participant attended the
    session held yesterday, half of them; the last session is tomorrow."""
    yesterday, tomorrow = _ahead(-1), _ahead(1)
    event = _event(yesterday, _ahead(2), share=50)
    held = _session(event, datetime.datetime.combine(yesterday, datetime.time(9), tzinfo=UTC))
    _session(event, datetime.datetime.combine(tomorrow, datetime.time(9), tzinfo=UTC))
    ahmad = _registered(event, world)
    services.attendance_check_in(actor=None, session=held, registration=ahmad)
    return event, ahmad


def test_no_certificate_before_the_event_is_over(
    training_under_way: tuple[Event, Registration], organiser: User
) -> None:
    _event_under_way, ahmad = training_under_way
    with translation.override("en"), pytest.raises(services.NotEligible) as refused:
        services.certificate_issue(actor=None, registration=ahmad)
    assert "The event is not over yet" in str(refused.value)
    response = client_for(organiser).post(f"/en/learning/registrations/{ahmad.pk}/certificate/")
    assert response.status_code == 409
    html = response.content.decode()
    assert "The event is not over yet" in html and "once its last session has ended" in html
    assert not Certificate.objects.exists()
    # The list of registrations says when instead of offering a button that is refused.
    listed = client_for(organiser).get(f"/en/learning/events/{ahmad.event_id}/registrations/")
    assert "Issue certificate" not in listed.content.decode()
    assert "Certificate once the event is over" in listed.content.decode()
    assert Client().get(f"/en/learning/r/{ahmad.token}/certificate.pdf").status_code == 404


def test_the_certificate_is_issued_once_the_last_session_has_ended(
    training_under_way: tuple[Event, Registration],
) -> None:
    event, ahmad = training_under_way
    last = event.sessions.order_by("starts_at").last()
    assert last is not None
    with pytest.raises(services.NotEligible):
        services.certificate_issue(
            actor=None, registration=ahmad, now=last.ends_at - datetime.timedelta(minutes=1)
        )
    certificate = services.certificate_issue(actor=None, registration=ahmad, now=last.ends_at)
    assert (certificate.sessions_attended, certificate.sessions_held) == (1, 2)
    verified = Client().get(f"/en/learning/verify/?code={certificate.code}")
    assert verified.status_code == 200
    assert "This certificate is genuine." in verified.content.decode()
