"""From reference data only: the event organiser sets up a workshop for member states'
officials (sessions, interpretation into Arabic, French and Russian), a participant registers
on the public page in Arabic, Kazakhstan's focal point nominates a delegation, the organiser
approves, records attendance, closes registration, issues certificates, sends the feedback
survey and reads its results. Each step is then tried with bad input: refused (4xx) with a
translated message on the field, nothing written."""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from sunbula.core.figures import date_text
from sunbula.core.models import AuditEntry, Country, Role, User
from sunbula.learning.forms import form_started_stamp
from sunbula.learning.models import (
    Attendance,
    Certificate,
    Delegation,
    Event,
    EventSession,
    Registration,
    Survey,
    SurveyResponse,
)
from tests.conftest import AfterSetup, client_for, make_persona

pytestmark = pytest.mark.django_db
Captured = Callable[..., Any]

# The workshop is under way: its two days of sessions are over (attendance is recorded for a
# session whose day has come, certificates once the last session has ended), and it runs
# until tomorrow. Registration closed when it started: its participants registered the day
# before, at noon in Riyadh, where it is held.
FIRST_DAY = timezone.localdate() - datetime.timedelta(days=2)
SECOND_DAY = FIRST_DAY + datetime.timedelta(days=1)
LAST_DAY = timezone.localdate() + datetime.timedelta(days=1)
THE_DAY_BEFORE = datetime.datetime.combine(
    FIRST_DAY - datetime.timedelta(days=1), datetime.time(12), tzinfo=ZoneInfo("Asia/Riyadh")
)


def _on(day: datetime.date, clock: str) -> str:
    return f"{day.isoformat()}T{clock}"


@dataclass
class Office:
    organiser: User
    focal_kaz: User
    kazakhstan: Country
    afghanistan: Country


@pytest.fixture
def office(after_setup: AfterSetup) -> Office:
    home, kazakhstan = after_setup.home, after_setup.kazakhstan
    return Office(
        organiser=make_persona(
            "organiser@example.org", Role.EVENT_ORGANISER, home, [], full_name="organiser"
        ),
        focal_kaz=make_persona(
            "focal.kaz@example.org",
            Role.COUNTRY_FOCAL_POINT,
            home,
            [kazakhstan],
            full_name="focal.kaz",
        ),
        kazakhstan=kazakhstan,
        afghanistan=after_setup.afghanistan,
    )


def _event_form(**values: Any) -> dict[str, Any]:
    return {
        "title": "Food security governance workshop",
        "title_ar": "ورشة عمل حول حوكمة الأمن الغذائي",
        "title_fr": "Atelier sur la gouvernance de la sécurité alimentaire",
        "title_ru": "Семинар по управлению продовольственной безопасностью",
        "kind": "workshop",
        "modality": "online",
        "meeting_link": "https://meet.example.org/fsg",
        "time_zone": "Asia/Riyadh",
        "starts_on": FIRST_DAY.isoformat(),
        "ends_on": LAST_DAY.isoformat(),
        "working_language": "en",
        "interpretation_languages": ["ar", "fr", "ru"],
        "capacity": "3",
        "certificate_share": "50",
        "approval_required": "on",
        **values,
    }


def _errors(html: str) -> str:
    return " ".join(re.findall(r'<strong class="error">(.*?)</strong>', html))


def _field(html: str, name: str) -> str:
    """The part of a form around field `name`: its label, input and errors."""
    start = html.index(f'for="id_{name}"')
    end = html.find("</p>", start)
    return unescape(html[start : end if end != -1 else len(html)])


def _posted(client: Client, url: str, data: dict[str, Any]) -> Any:
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def _link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def _register(client: Client, language: str, event: Event, **values: Any) -> Any:
    data = {
        "full_name": "Fatima Al-Hassan",
        "email": "fatima@example.org",
        "country": Country.objects.get(iso3="SAU").pk,
        "institution": "Ministry of Environment, Water and Agriculture",
        "role": "policy_developer",
        "language": language,
        "listening_language": language,
        "website": "",
        "started": form_started_stamp(time.time() - 60),
        **values,
    }
    return client.post(f"/{language}/learning/events/{event.pk}/register/", data)


def _set_up_the_workshop(organiser: Client) -> Event:
    # An empty form is refused, each field saying what it needs; nothing is written.
    empty = organiser.post("/en/learning/events/new/", {})
    assert empty.status_code == 422
    assert "This field is required." in _field(empty.content.decode(), "title")
    assert not Event.objects.exists()
    in_russian = organiser.post("/ru/learning/events/new/", {})
    assert in_russian.status_code == 422
    assert "Обязательное поле." in _field(in_russian.content.decode(), "starts_on")

    _posted(organiser, "/en/learning/events/new/", _event_form())
    event = Event.objects.get()
    assert event.interpretation_languages == ["ar", "fr", "ru"]

    sessions = f"/en/learning/events/{event.pk}/sessions/new/"
    for title, day, start, end in (
        ("Opening and country experiences", FIRST_DAY, "09:00", "12:00"),
        ("Policy coherence", FIRST_DAY, "14:00", "16:00"),
        ("Action plans", SECOND_DAY, "09:00", "12:00"),
    ):
        _posted(
            organiser,
            sessions,
            {"title": title, "starts_at": _on(day, start), "ends_at": _on(day, end)},
        )
    # A session on a day outside the event is refused on its start, in the reader's language.
    late = LAST_DAY + datetime.timedelta(days=1)
    outside = organiser.post(
        f"/fr/learning/events/{event.pk}/sessions/new/",
        {"title": "Extra", "starts_at": _on(late, "09:00"), "ends_at": _on(late, "10:00")},
    )
    assert outside.status_code == 422
    assert "L'événement a lieu du" in _field(outside.content.decode(), "starts_at")
    assert date_text(FIRST_DAY, lang="fr") in _field(outside.content.decode(), "starts_at")
    empty_session = organiser.post(sessions, {})
    assert empty_session.status_code == 422
    assert "This field is required." in _field(empty_session.content.decode(), "starts_at")
    assert EventSession.objects.count() == 3
    # Ids that are not numbers name no record.
    assert organiser.get("/en/learning/events/abc/").status_code == 404
    assert organiser.post("/en/learning/events/abc/sessions/new/", {}).status_code == 404
    assert organiser.post("/en/learning/registrations/abc/approve/").status_code == 404
    return event


def test_the_organiser_runs_a_workshop(
    office: Office, django_capture_on_commit_callbacks: Captured
) -> None:
    organiser = client_for(office.organiser)
    event = _set_up_the_workshop(organiser)

    # Registration runs until the workshop starts: the participants register the day before.
    with time_machine.travel(THE_DAY_BEFORE):
        # A participant registers on the public page, in Arabic.
        visitor = Client()
        page = visitor.get(f"/ar/learning/events/{event.pk}/register/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "ورشة عمل حول حوكمة الأمن الغذائي" in html
        assert "السّعوديّة" in html  # the countries by their Arabic names
        empty = visitor.post(f"/ar/learning/events/{event.pk}/register/", {})
        assert empty.status_code == 422
        assert "هذا الحقل مطلوب." in _field(empty.content.decode(), "full_name")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            registered = _register(visitor, "ar", event)
        assert registered.status_code == 302, registered.content.decode()[:3000]
        fatima = Registration.objects.get(email="fatima@example.org")
        assert fatima.language == "ar" and fatima.status == "pending"
        (received,) = mail.outbox
        assert "ورشة عمل حول حوكمة الأمن الغذائي" in received.subject
        status_page = visitor.get(_link(received))
        assert status_page.status_code == 200

        # Registering twice is refused on the address, in Arabic; nothing more is written.
        twice = _register(Client(), "ar", event, full_name="F. Al-Hassan")
        assert twice.status_code == 422
        assert "هذا البريد الإلكتروني مسجل بالفعل." in _field(twice.content.decode(), "email")
        assert Registration.objects.count() == 1

        # Kazakhstan's focal point nominates a delegation of two.
        _posted(
            organiser,
            f"/en/learning/events/{event.pk}/delegations/new/",
            {"country": office.kazakhstan.pk, "focal_point": office.focal_kaz.pk, "quota": 2},
        )
        delegation = Delegation.objects.get()
        focal = client_for(office.focal_kaz)
        nominate = f"/en/learning/delegations/{delegation.pk}/nominate/"
        for name, email, listening in (
            ("Aigerim Bekova", "aigerim@example.org", "ru"),
            ("Nurlan Sadykov", "nurlan@example.org", "ru"),
        ):
            _posted(
                focal,
                nominate,
                {
                    "full_name": name,
                    "email": email,
                    "institution": "Ministry of Agriculture",
                    "role": "strategic_planner",
                    "language": "ru",
                    "listening_language": listening,
                },
            )
        over_quota = focal.post(
            nominate,
            {
                "full_name": "Third Delegate",
                "email": "third@example.org",
                "institution": "Ministry of Agriculture",
                "role": "strategic_planner",
                "language": "ru",
                "listening_language": "ru",
            },
        )
        assert over_quota.status_code == 422
        assert "quota of 2 is reached" in over_quota.content.decode()
        assert Registration.objects.filter(delegation=delegation).count() == 2
        assert set(
            Registration.objects.filter(delegation=delegation).values_list("status", flat=True)
        ) == {"approved"}

        # The organiser approves the participant; the event (capacity 3) is now full.
        _posted(organiser, f"/en/learning/registrations/{fatima.pk}/approve/", {})
        fatima.refresh_from_db()
        assert fatima.status == "approved"
        # The capacity cannot go below the places already given; nothing changes.
        fewer = organiser.post(f"/en/learning/events/{event.pk}/edit/", _event_form(capacity="2"))
        assert fewer.status_code == 422
        assert "3" in _field(fewer.content.decode(), "capacity")
        event.refresh_from_db()
        assert event.capacity == 3
        # One more registration waits for a place.
        with django_capture_on_commit_callbacks(execute=True):
            _register(Client(), "fr", event, full_name="Awa Diop", email="awa@example.org")
        awa = Registration.objects.get(email="awa@example.org")
        _posted(organiser, f"/en/learning/registrations/{awa.pk}/approve/", {})
        awa.refresh_from_db()
        assert awa.status == "waitlisted"

        # The reminder gives the first day as each participant reads dates.
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            _posted(organiser, f"/en/learning/events/{event.pk}/remind/", {})
        reminders = {message.to[0]: message.body for message in mail.outbox}
        assert date_text(FIRST_DAY, lang="ar") in reminders["fatima@example.org"]
        assert date_text(FIRST_DAY, lang="ru") in reminders["aigerim@example.org"]

        detail = organiser.get(f"/en/learning/events/{event.pk}/").content.decode()
        headcount = detail[
            detail.index("Interpretation headcount") : detail.index(
                "</table>", detail.index("Interpretation headcount")
            )
        ]
        assert re.search(r"Arabic</td><td><bdi>1</bdi><", headcount) and re.search(
            r"Russian</td><td><bdi>2</bdi><", headcount
        )

        # The organiser closes registration by hand before the first day.
        _posted(organiser, f"/en/learning/events/{event.pk}/close-registration/", {})
        late = _register(Client(), "en", event, full_name="Late Comer", email="late@example.org")
        assert late.status_code == 422 and "Registration is closed." in late.content.decode()

    # Attendance at the door: Fatima at all three sessions, Aigerim at one.
    aigerim = Registration.objects.get(email="aigerim@example.org")
    sessions = list(event.sessions.order_by("starts_at"))
    for session in sessions:
        _posted(organiser, f"/en/learning/sessions/{session.pk}/check-in/", {"code": fatima.token})
    _posted(organiser, f"/en/learning/sessions/{sessions[0].pk}/check-in/", {"code": aigerim.token})
    assert Attendance.objects.filter(checked_in_at__isnull=False).count() == 4

    # Certificates go to those who attended half the sessions or more.
    _posted(organiser, f"/en/learning/registrations/{fatima.pk}/certificate/", {})
    refused = organiser.post(f"/en/learning/registrations/{aigerim.pk}/certificate/", follow=True)
    assert "Attended 1 of 3 sessions; the certificate needs 50 %." in refused.content.decode()
    assert list(Certificate.objects.values_list("registration__email", flat=True)) == [
        "fatima@example.org"
    ]
    certificate = visitor.get(f"/ar/learning/r/{fatima.token}/certificate.pdf")
    assert certificate.status_code == 200 and certificate.content.startswith(b"%PDF")

    # The feedback survey goes to the attendees, each in their own language.
    _posted(
        organiser,
        "/en/learning/surveys/new/",
        {"title": "Workshop feedback", "purpose": "feedback", "event": event.pk},
    )
    survey = Survey.objects.get()
    _posted(
        organiser,
        f"/en/learning/surveys/{survey.pk}/questions/new/",
        {
            "label": "How useful was the workshop?",
            "label_ar": "ما مدى فائدة ورشة العمل؟",
            "label_ru": "Насколько полезным был семинар?",
            "kind": "scale",
            "required": "on",
            "scale_min": "1",
            "scale_max": "5",
        },
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _posted(
            organiser,
            f"/en/learning/surveys/{survey.pk}/send/",
            {"to_attendees": "on", "emails": "", "language": "en"},
        )
    invitations = {message.to[0]: message for message in mail.outbox}
    assert set(invitations) == {"fatima@example.org", "aigerim@example.org"}
    question = survey.questions.get()
    link = _link(invitations["fatima@example.org"])
    assert Client().get(link).status_code == 200
    unanswered = Client().post(link, {})
    assert unanswered.status_code == 422
    _posted_answer = Client().post(link, {question.field_name: "5"})
    assert _posted_answer.status_code == 200
    again = Client().post(link, {question.field_name: "4"})
    assert again.status_code == 409
    assert SurveyResponse.objects.count() == 1
    results = organiser.get(f"/en/learning/surveys/{survey.pk}/").content.decode()
    assert "How useful was the workshop?" in results
    assert "Invited 2 Answered 1" in _text(results)
    assert "1 answer, mean 5.00" in _text(results)
    french = _text(organiser.get(f"/fr/learning/surveys/{survey.pk}/").content.decode())
    assert "moyenne 5,00" in french, french

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "learning.event.created",
        "learning.eventsession.created",
        "learning.registration.submitted",
        "learning.registration.approved",
        "learning.delegation.created",
        "learning.certificate.issued",
        "learning.survey.sent",
    } <= actions


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_cancelled_event_takes_nothing_more(office: Office) -> None:
    organiser = client_for(office.organiser)
    _posted(organiser, "/en/learning/events/new/", _event_form())
    event = Event.objects.get()
    _posted(
        organiser,
        f"/en/learning/events/{event.pk}/delegations/new/",
        {"country": office.kazakhstan.pk, "focal_point": office.focal_kaz.pk, "quota": 2},
    )
    _posted(organiser, f"/en/learning/events/{event.pk}/cancel/", {"reason": "Postponed"})
    session = organiser.post(
        f"/en/learning/events/{event.pk}/sessions/new/",
        {"title": "Late", "starts_at": _on(FIRST_DAY, "09:00"), "ends_at": _on(FIRST_DAY, "10:00")},
    )
    assert session.status_code == 409 and "is cancelled" in session.content.decode()
    question = organiser.post(
        f"/en/learning/events/{event.pk}/questions/new/", {"label": "Diet", "kind": "text"}
    )
    assert question.status_code == 409
    delegation = organiser.post(
        f"/en/learning/events/{event.pk}/delegations/new/",
        {"country": office.afghanistan.pk, "focal_point": office.focal_kaz.pk, "quota": 1},
    )
    assert delegation.status_code == 409
    nominated = client_for(office.focal_kaz).post(
        f"/ru/learning/delegations/{Delegation.objects.get().pk}/nominate/",
        {
            "full_name": "Aigerim Bekova",
            "email": "aigerim@example.org",
            "institution": "Ministry of Agriculture",
            "role": "strategic_planner",
            "language": "ru",
            "listening_language": "ru",
        },
    )
    assert nominated.status_code == 409
    assert "Это мероприятие отменено." in nominated.content.decode()
    assert not EventSession.objects.exists() and not event.questions.exists()
    assert Delegation.objects.count() == 1 and not Registration.objects.exists()
