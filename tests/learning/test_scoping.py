"""Events by host country, registrations also by the participant's country, on pages and API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core.models import User
from sunbula.learning.models import Registration
from tests.conftest import World, client_for
from tests.learning.conftest import FarmCourse, Workshop, approved, make_event, register

pytestmark = pytest.mark.django_db
LIST_QUERIES = 6  # with when the event is over, which opens its certificates
EVENT_LIST_QUERIES = 6  # with the projects to narrow it to and the registrations by status


def test_an_event_hosted_in_afghanistan_is_hidden_from_kazakhstan(
    world: World, officer_afg: User, officer_kaz: User
) -> None:
    kabul = make_event(country=world.afghanistan, title="Kabul training")
    for client, expected in ((client_for(officer_afg), 200), (client_for(officer_kaz), 404)):
        assert client.get(f"/en/learning/events/{kabul.pk}/").status_code == expected
        assert client.get(f"/en/learning/events/{kabul.pk}/registrations/").status_code == expected
        assert client.get(f"/api/v1/learning/events/{kabul.pk}/").status_code == expected
    titles = [
        row["title"]
        for row in client_for(officer_kaz).get("/api/v1/learning/events/").json()["results"]
    ]
    assert "Kabul training" not in titles


def test_registrations_are_narrowed_to_the_officers_countries(
    workshop: Workshop, world: World, officer_afg: User, admin: User
) -> None:
    approved(workshop.event, world.afghanistan, "Amina Afghan")
    register(workshop.event, world.kazakhstan, "Bolat Kazakh")
    page = client_for(officer_afg).get(f"/en/learning/events/{workshop.event.pk}/registrations/")
    html = page.content.decode()
    assert "Amina Afghan" in html and "Bolat Kazakh" not in html
    rows = (
        client_for(officer_afg)
        .get(f"/api/v1/learning/registrations/?event={workshop.event.pk}")
        .json()
    )
    assert [row["full_name"] for row in rows["results"]] == ["Amina Afghan"]
    assert (
        "Bolat Kazakh"
        in client_for(admin)
        .get(f"/en/learning/events/{workshop.event.pk}/registrations/")
        .content.decode()
    )


def test_another_countrys_registration_cannot_be_decided(
    workshop: Workshop, world: World, officer_afg: User, officer_kaz: User
) -> None:
    bolat = register(workshop.event, world.kazakhstan, "Bolat Kazakh")
    assert (
        client_for(officer_afg).post(f"/en/learning/registrations/{bolat.pk}/approve/").status_code
        == 404
    )
    assert (
        client_for(officer_afg)
        .post(f"/api/v1/learning/registrations/{bolat.pk}/approve/")
        .status_code
        == 404
    )
    # Inside her country, but an international event is run by those who reach every country.
    assert (
        client_for(officer_kaz).post(f"/en/learning/registrations/{bolat.pk}/approve/").status_code
        == 403
    )
    bolat.refresh_from_db()
    assert bolat.status == Registration.Status.PENDING


def test_the_organiser_approves_and_rejects_on_page_and_api(
    workshop: Workshop, world: World, organiser: User
) -> None:
    bolat = register(workshop.event, world.kazakhstan, "Bolat Kazakh")
    dana = register(workshop.event, world.kazakhstan, "Dana Kazakh")
    client = client_for(organiser)
    assert client.post(f"/en/learning/registrations/{bolat.pk}/approve/").status_code == 302
    response = client.post(
        f"/api/v1/learning/registrations/{dana.pk}/reject/", {"reason": "Not an official"}
    )
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    missing_reason = client.post(f"/api/v1/learning/registrations/{bolat.pk}/reject/", {})
    assert missing_reason.status_code == 400
    again = client.post(f"/api/v1/learning/registrations/{bolat.pk}/approve/")
    assert again.status_code == 409


def test_a_viewer_sees_events_but_not_registrations(
    workshop: Workshop, world: World, donor_viewer: User
) -> None:
    amina = register(workshop.event, world.afghanistan, "Amina Afghan")
    client = client_for(donor_viewer)
    assert client.get(f"/en/learning/events/{workshop.event.pk}/").status_code == 200
    assert client.get(f"/en/learning/events/{workshop.event.pk}/registrations/").status_code == 403
    assert client.post(f"/en/learning/registrations/{amina.pk}/approve/").status_code == 403
    assert client.get(f"/en/learning/sessions/{workshop.morning.pk}/check-in/").status_code == 403
    assert client.get(f"/en/learning/sessions/{workshop.morning.pk}/attendance/").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/en/learning/",
        "/en/learning/events/{event}/",
        "/en/learning/events/{event}/registrations/",
        "/en/learning/sessions/{session}/check-in/",
        "/en/learning/sessions/{session}/attendance/",
        "/en/learning/courses/",
        "/en/learning/courses/{course}/report/",
        "/api/v1/learning/events/",
        "/api/v1/learning/registrations/?event={event}",
    ],
)
def test_someone_without_a_role_is_turned_away(
    workshop: Workshop, farm_course: FarmCourse, outsider: User, path: str
) -> None:
    url = path.format(
        event=workshop.event.pk, session=workshop.morning.pk, course=farm_course.course.pk
    )
    assert client_for(outsider).get(url).status_code == 403


def test_the_course_report_is_scoped_to_the_course_country(
    farm_course: FarmCourse, officer_afg: User, officer_kaz: User
) -> None:
    url = f"/en/learning/courses/{farm_course.course.pk}/report/"
    assert client_for(officer_afg).get(url).status_code == 200
    assert client_for(officer_kaz).get(url).status_code == 404
    assert (
        "Growing wheat" not in client_for(officer_kaz).get("/en/learning/courses/").content.decode()
    )


def test_the_registration_list_runs_a_fixed_number_of_queries(
    workshop: Workshop, world: World, admin: User
) -> None:
    workshop.event.capacity = None
    workshop.event.save()
    client = client_for(admin)
    url = f"/en/learning/events/{workshop.event.pk}/registrations/"
    approved(workshop.event, world.afghanistan, "Amina One")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for name in ("Bolat Two", "Chinara Three", "Dana Four"):
        approved(workshop.event, world.kazakhstan, name)
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    assert len(few) == len(more) == LIST_QUERIES, [query["sql"] for query in more]


def test_the_event_list_runs_a_fixed_number_of_queries(world: World, admin: User) -> None:
    client = client_for(admin)
    make_event(title="First")
    client.get("/en/learning/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/en/learning/").status_code == 200
    for title in ("Second", "Third", "Fourth"):
        make_event(title=title, country=world.afghanistan)
    with CaptureQueriesContext(connection) as more:
        assert client.get("/en/learning/").status_code == 200
    assert len(few) == len(more) == EVENT_LIST_QUERIES, [query["sql"] for query in more]
