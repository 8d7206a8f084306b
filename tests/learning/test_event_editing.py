"""Organisers create, correct and cancel events, their sessions, registration questions and
delegations, close registration by hand, and write farmer courses and lessons: through the
pages (htmx checks write nothing) and the API, within their scope."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sunbula.core.models import AuditEntry, User
from sunbula.learning import services
from sunbula.learning.models import Course, Event, Lesson, Question
from tests.conftest import World, client_for
from tests.learning.conftest import FarmCourse, Workshop, make_event, register

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _event_form(**values: Any) -> dict[str, Any]:
    return {
        "title": "Governance workshop",
        "title_ar": "ورشة الحوكمة",
        "kind": "workshop",
        "modality": "online",
        "meeting_link": "https://meet.example.org/gov",
        "time_zone": "UTC",
        "starts_on": "2030-03-02",
        "ends_on": "2030-03-03",
        "working_language": "en",
        "interpretation_languages": ["ar", "fr", "ru"],
        "certificate_share": "75",
        "approval_required": "on",
        **values,
    }


def test_create_an_event_on_the_page(organiser: User) -> None:
    client = client_for(organiser)
    assert client.get("/en/learning/events/new/").status_code == 200
    checked = client.post("/en/learning/events/new/?validate=1", _event_form(meeting_link=""))
    assert checked.status_code == 200
    assert "An online event needs a meeting link." in checked.content.decode()
    assert not Event.objects.exists()
    refused = client.post("/en/learning/events/new/", _event_form(ends_on="2030-03-01"))
    assert refused.status_code == 422 and not Event.objects.exists()
    created = client.post("/en/learning/events/new/", _event_form())
    event = Event.objects.get()
    assert created.status_code == 302 and created["Location"] == event.get_absolute_url()
    assert event.interpretation_languages == ["ar", "fr", "ru"]
    assert event.title_translations == {"ar": "ورشة الحوكمة"}
    assert AuditEntry.objects.filter(action="learning.event.created").count() == 1
    with_working = client.post(
        "/en/learning/events/new/", _event_form(interpretation_languages=["en", "ar"])
    )
    assert with_working.status_code == 422
    assert "Choose languages other than the working one." in with_working.content.decode()


def test_edit_cancel_and_close_registration(organiser: User, world: World) -> None:
    event = make_event()  # no sessions, so its days may move to 2030
    client = client_for(organiser)
    page = client.get(f"/en/learning/events/{event.pk}/edit/")
    assert page.status_code == 200 and "Food security governance workshop" in page.content.decode()
    edited = client.post(
        f"/en/learning/events/{event.pk}/edit/",
        _event_form(title="Food security governance workshop", venue="Jeddah"),
    )
    assert edited.status_code == 302
    event.refresh_from_db()
    assert event.venue == "Jeddah"
    closed = client.post(f"/en/learning/events/{event.pk}/close-registration/")
    assert closed.status_code == 302
    event.refresh_from_db()
    assert event.registration_closes is not None
    with pytest.raises(services.RegistrationRefused):
        register(event, world.kazakhstan, "Late Comer", now=timezone.now())
    again = client.post(f"/en/learning/events/{event.pk}/close-registration/")
    assert again.status_code == 409
    assert "Registration is already closed." in again.content.decode()
    no_reason = client.post(f"/en/learning/events/{event.pk}/cancel/", {"reason": ""})
    assert no_reason.status_code == 422
    cancelled = client.post(f"/en/learning/events/{event.pk}/cancel/", {"reason": "Postponed"})
    assert cancelled.status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled and event.cancellation_reason == "Postponed"
    detail = client.get(event.get_absolute_url()).content.decode()
    assert "This event is cancelled: Postponed" in detail
    late = client.post(f"/en/learning/events/{event.pk}/edit/", _event_form(venue="Baku"))
    assert late.status_code == 409 and "is cancelled" in late.content.decode()
    event.refresh_from_db()
    assert event.venue == "Jeddah"
    # A cancelled event's forms are not shown: each answers with the event's page and why.
    for form in ("edit/", "cancel/", "sessions/new/", "questions/new/", "delegations/new/"):
        refused = client.get(f"/en/learning/events/{event.pk}/{form}")
        assert refused.status_code == 409, form
        assert "it can no longer be changed" in refused.content.decode()
        assert "This event is cancelled: Postponed" in refused.content.decode()
    listed = client.get("/en/learning/?state=cancelled").content.decode()
    assert "Food security governance workshop" in listed
    assert (
        "Food security governance workshop"
        not in client.get("/en/learning/?state=upcoming").content.decode()
    )


def test_sessions_questions_and_delegations_on_the_page(
    workshop: Workshop, organiser: User, world: World, admin: User
) -> None:
    event = workshop.event
    client = client_for(organiser)
    backwards = client.post(
        f"/en/learning/events/{event.pk}/sessions/new/",
        {"title": "Closing", "starts_at": "2021-12-22T16:00", "ends_at": "2021-12-22T15:00"},
    )
    assert backwards.status_code == 422 and event.sessions.count() == 2
    added = client.post(
        f"/en/learning/events/{event.pk}/sessions/new/",
        {
            "title": "Closing",
            "title_ru": "Закрытие",
            "starts_at": "2021-12-22T15:00",
            "ends_at": "2021-12-22T16:00",
        },
    )
    assert added.status_code == 302 and event.sessions.count() == 3
    edited = client.post(
        f"/en/learning/sessions/{workshop.morning.pk}/edit/",
        {"title": "Opening", "starts_at": "2021-12-22T09:00", "ends_at": "2021-12-22T11:00"},
    )
    assert edited.status_code == 302
    workshop.morning.refresh_from_db()
    assert workshop.morning.title == "Opening"
    question = client.post(
        f"/en/learning/events/{event.pk}/questions/new/",
        {"label": "Diet", "kind": "choice", "choices": "Any\nVegetarian", "required": "on"},
    )
    assert question.status_code == 302
    assert Question.objects.get(event=event).choices == ["Any", "Vegetarian"]
    no_choices = client.post(
        f"/en/learning/events/{event.pk}/questions/new/", {"label": "Seat", "kind": "choice"}
    )
    assert no_choices.status_code == 422
    delegation = client.post(
        f"/en/learning/events/{event.pk}/delegations/new/",
        {"country": world.kazakhstan.pk, "focal_point": admin.pk, "quota": 3},
    )
    assert delegation.status_code == 302 and event.delegations.get().quota == 3
    twice = client.post(
        f"/en/learning/events/{event.pk}/delegations/new/",
        {"country": world.kazakhstan.pk, "focal_point": admin.pk, "quota": 2},
    )
    assert twice.status_code == 422
    detail = client.get(event.get_absolute_url()).content.decode()
    assert "Diet" in detail and "Kazakhstan" in detail and "Closing" in detail


def test_scoping_of_event_writes(
    world: World, officer_afg: User, officer_kaz: User, donor_viewer: User
) -> None:
    afg = client_for(officer_afg)
    created = afg.post("/en/learning/events/new/", _event_form(country=world.afghanistan.pk))
    assert created.status_code == 302
    event = Event.objects.get()
    # Outside its country: a country-limited officer cannot place an event there.
    elsewhere = afg.post("/en/learning/events/new/", _event_form(country=world.kazakhstan.pk))
    assert elsewhere.status_code == 422 and Event.objects.count() == 1
    # A country-limited officer cannot make an international event.
    international = afg.post("/en/learning/events/new/", _event_form(country=""))
    assert international.status_code == 422
    kaz = client_for(officer_kaz)
    assert kaz.get(f"/en/learning/events/{event.pk}/edit/").status_code == 404
    assert kaz.post(f"/en/learning/events/{event.pk}/cancel/", {"reason": "x"}).status_code == 404
    assert client_for(donor_viewer).get("/en/learning/events/new/").status_code == 403


def test_international_event_changed_only_from_everywhere(
    workshop: Workshop, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    assert client.get(workshop.event.get_absolute_url()).status_code == 200
    assert client.get(f"/en/learning/events/{workshop.event.pk}/edit/").status_code == 403
    assert (
        client.post(f"/en/learning/events/{workshop.event.pk}/close-registration/").status_code
        == 403
    )


def test_event_list_filters(workshop: Workshop, officer_afg: User, world: World) -> None:
    services.event_create(
        actor=None,
        title="Kabul seed fair",
        title_translations={"ar": "معرض البذور"},
        kind="meeting",
        modality="in_person",
        country=world.afghanistan,
        starts_on=datetime.date(2030, 1, 1),
        ends_on=datetime.date(2030, 1, 1),
    )
    client = client_for(officer_afg)

    def titles(query: str) -> str:
        return client.get(f"/en/learning/?{query}").content.decode()

    assert "Kabul seed fair" in titles("q=معرض")
    assert "Kabul seed fair" not in titles("kind=workshop")
    assert "Kabul seed fair" in titles("country=afg&modality=in_person&state=upcoming")
    assert "Food security governance" in titles("state=past")
    assert client.get("/en/learning/?kind=nonsense").status_code == 400


def test_courses_and_lessons_on_the_page(
    farm_course: FarmCourse, officer_afg: User, officer_kaz: User, world: World
) -> None:
    client = client_for(officer_afg)
    created = client.post(
        "/en/learning/courses/new/",
        {
            "title": "Storing grain",
            "title_ps": "د غلو ساتنه",
            "country": world.afghanistan.pk,
            "languages": ["ps", "fa-af"],
        },
    )
    assert created.status_code == 302
    course = Course.objects.get(title="Storing grain")
    assert course.languages == ["ps", "fa-af"]
    outside = client.post(
        "/en/learning/courses/new/",
        {"title": "Steppe", "country": world.kazakhstan.pk, "languages": ["ru"]},
    )
    assert outside.status_code == 422
    lesson = client.post(
        f"/en/learning/courses/{course.pk}/lessons/new/",
        {"position": 1, "title": "Dry the grain", "body": "Dry it in the sun.", "body_ps": "لمر"},
    )
    assert lesson.status_code == 302
    stored = Lesson.objects.get(course=course)
    assert stored.body_translations == {"ps": "لمر"}
    same_place = client.post(
        f"/en/learning/courses/{course.pk}/lessons/new/",
        {"position": 1, "title": "Again", "body": "Again."},
    )
    assert same_place.status_code == 422
    edited = client.post(
        f"/en/learning/lessons/{stored.pk}/edit/",
        {"position": 1, "title": "Dry the grain well", "body": "Dry it in the sun."},
    )
    assert edited.status_code == 302
    stored.refresh_from_db()
    assert stored.title == "Dry the grain well"
    renamed = client.post(
        f"/en/learning/courses/{course.pk}/edit/",
        {"title": "Storing grain safely", "country": world.afghanistan.pk, "languages": ["ps"]},
    )
    assert renamed.status_code == 302
    course.refresh_from_db()
    assert (course.title, course.languages) == ("Storing grain safely", ["ps"])
    kaz = client_for(officer_kaz)
    assert kaz.get(f"/en/learning/courses/{course.pk}/edit/").status_code == 404
    assert kaz.get(f"/en/learning/lessons/{stored.pk}/edit/").status_code == 404
    assert "Storing grain" in client.get("/en/learning/courses/?q=grain").content.decode()
    assert "Growing wheat" not in client.get("/en/learning/courses/?q=grain").content.decode()


def test_event_api_create_update_and_steps(organiser: User, officer_kaz: User) -> None:
    client = client_for(organiser)
    body = {
        "title": "Governance workshop",
        "kind": "workshop",
        "modality": "online",
        "meeting_link": "https://meet.example.org/gov",
        "starts_on": "2030-03-02",
        "ends_on": "2030-03-03",
        "interpretation_languages": ["ar", "fr", "ru"],
    }
    created = client.post("/api/v1/learning/events/", body, content_type=JSON)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["interpretation_languages"] == ["ar", "fr", "ru"]
    bad = client.post(
        "/api/v1/learning/events/", {**body, "ends_on": "2030-03-01"}, content_type=JSON
    )
    assert bad.status_code == 400
    patched = client.patch(f"/api/v1/learning/events/{pk}/", {"capacity": 40}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["capacity"] == 40
    assert client.put(f"/api/v1/learning/events/{pk}/", body, content_type=JSON).status_code == 405
    session = client.post(
        f"/api/v1/learning/events/{pk}/sessions/",
        {"title": "Opening", "starts_at": "2030-03-02T09:00Z", "ends_at": "2030-03-02T11:00Z"},
        content_type=JSON,
    )
    assert session.status_code == 201
    closed = client.post(f"/api/v1/learning/events/{pk}/close-registration/")
    assert closed.status_code == 200
    cancelled = client.post(
        f"/api/v1/learning/events/{pk}/cancel/", {"reason": "Postponed"}, content_type=JSON
    )
    assert cancelled.status_code == 200
    assert (
        client.post(
            f"/api/v1/learning/events/{pk}/cancel/", {"reason": "Again"}, content_type=JSON
        ).status_code
        == 409
    )
    kaz = client_for(officer_kaz)
    assert (
        kaz.patch(f"/api/v1/learning/events/{pk}/", {"capacity": 1}, content_type=JSON).status_code
        == 403
    )
    international = kaz.post("/api/v1/learning/events/", body, content_type=JSON)
    assert international.status_code == 403


def test_course_api(officer_afg: User, world: World) -> None:
    client = client_for(officer_afg)
    created = client.post(
        "/api/v1/learning/courses/",
        {"title": "Storing grain", "country": "AFG", "languages": ["ps"]},
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    outside = client.post(
        "/api/v1/learning/courses/",
        {"title": "Steppe", "country": "KAZ", "languages": ["ru"]},
        content_type=JSON,
    )
    assert outside.status_code == 400
    lesson = client.post(
        f"/api/v1/learning/courses/{pk}/lessons/",
        {"position": 1, "title": "Dry it", "body": "In the sun."},
        content_type=JSON,
    )
    assert lesson.status_code == 201
    patched = client.patch(
        f"/api/v1/learning/courses/{pk}/", {"summary": "Three lessons."}, content_type=JSON
    )
    assert patched.status_code == 200 and patched.json()["lessons"][0]["title"] == "Dry it"
    unknown = client.patch(
        f"/api/v1/learning/courses/{pk}/", {"languages": ["xx"]}, content_type=JSON
    )
    assert unknown.status_code == 400


def test_openapi_documents_the_create_operations(organiser: User) -> None:
    paths = client_for(organiser).get("/api/schema/?format=json").json()["paths"]
    assert "post" in paths["/api/v1/learning/events/"]
    assert "post" in paths["/api/v1/learning/courses/"]
    assert "patch" in paths["/api/v1/learning/events/{id}/"]
    assert "put" not in paths["/api/v1/learning/events/{id}/"]
    assert "post" in paths["/api/v1/learning/events/{id}/cancel/"]
    assert "post" in paths["/api/v1/learning/events/{id}/sessions/"]
    assert "post" in paths["/api/v1/learning/courses/{id}/lessons/"]


# Query counts, pinned after a warm-up request (session, user, roles, then the page's reads;
# the event list also reads the projects it may be narrowed to, and counts its registrations
# by status for an organiser).
PINNED = {"event_list": 6, "course_list": 4, "survey_list": 4}


def _count(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_query_counts(
    workshop: Workshop, farm_course: FarmCourse, admin: User, world: World
) -> None:
    services.survey_create(actor=None, title="Feedback", event=workshop.event)
    client = client_for(admin)
    counts = {
        "event_list": _count(client, "/en/learning/?q=food&state=past"),
        "course_list": _count(client, "/en/learning/courses/?q=wheat"),
        "survey_list": _count(client, "/en/learning/surveys/"),
    }
    for number in range(3):
        event = services.event_create(
            actor=None,
            title=f"Food seminar {number}",
            kind="meeting",
            modality="in_person",
            country=world.afghanistan,
            starts_on=datetime.date(2021, 1, 1),
            ends_on=datetime.date(2021, 1, 1),
        )
        services.survey_create(actor=None, title=f"Survey {number}", event=event)
        services.course_create(
            actor=None, title=f"Wheat {number}", country=world.kazakhstan, languages=["ru"]
        )
    assert counts == {
        "event_list": _count(client, "/en/learning/?q=food&state=past"),
        "course_list": _count(client, "/en/learning/courses/?q=wheat"),
        "survey_list": _count(client, "/en/learning/surveys/"),
    }
    assert counts == PINNED


@pytest.mark.parametrize("language", ["en", "ar"])
def test_new_pages_fit_the_page_budget(
    workshop: Workshop, farm_course: FarmCourse, admin: User, language: str
) -> None:
    import gzip

    survey = services.survey_create(actor=None, title="Feedback", event=workshop.event)
    client = client_for(admin)
    for url in (
        "/learning/events/new/",
        f"/learning/events/{workshop.event.pk}/",
        f"/learning/events/{workshop.event.pk}/edit/",
        "/learning/courses/new/",
        f"/learning/courses/{farm_course.course.pk}/lessons/new/",
        "/learning/surveys/",
        f"/learning/surveys/{survey.pk}/",
        f"/learning/surveys/{survey.pk}/questions/new/",
    ):
        response = client.get(f"/{language}{url}")
        assert response.status_code == 200, url
        assert len(gzip.compress(response.content, compresslevel=6)) <= 14 * 1024, url


def test_registrations_are_searched(workshop: Workshop, world: World, organiser: User) -> None:
    register(workshop.event, world.afghanistan, "Amina Karimi")
    register(workshop.event, world.kazakhstan, "Bolat Serikov")
    client = client_for(organiser)
    page = client.get(f"/en/learning/events/{workshop.event.pk}/registrations/?q=karimi")
    html = page.content.decode()
    assert "Amina Karimi" in html and "Bolat Serikov" not in html
