"""A project's page links its events and farmer courses, and a member state's page the events
it hosts: only those the reader may open, at most six of a kind, the others one link away,
in the reader's language and with the reader's comma (core.plugins.record_links)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core.chain import SHOWN
from sunbula.core.models import Country, User
from sunbula.learning import services
from sunbula.learning.models import Course, Event
from sunbula.learning.plugins import events_held_in, project_learning
from sunbula.programmes.models import Project
from tests.conftest import Projects, World, client_for
from tests.learning.conftest import make_event

pytestmark = pytest.mark.django_db


def _event(project: Project | None, country: Country, title: str, day: int = 22) -> Event:
    when = datetime.date(2021, 12, day)
    return make_event(title=title, project=project, country=country, starts_on=when, ends_on=when)


def _course(project: Project, country: Country, title: str) -> Course:
    return services.course_create(
        actor=None,
        title=title,
        title_translations={"ar": "زراعة القمح"},
        country=country,
        project=project,
        languages=["en"],
    )


def _main(user: User, url: str) -> str:
    return client_for(user).get(url).content.decode().split("<main", 1)[1]


def _facts(html: str, kind: str) -> str:
    """The links the page gives under `kind`."""
    found = re.search(f"<dt>{kind}</dt><dd>(.*?)</dd>", html)
    assert found, kind
    return found.group(1)


def test_a_project_links_the_events_and_courses_its_reader_may_open(
    projects: Projects, world: World, officer_afg: User, admin: User
) -> None:
    flour = projects.flour
    in_kabul = _event(flour, world.afghanistan, "Flour handling training")
    in_almaty = _event(flour, world.kazakhstan, "Regional millers meeting")
    wheat = _course(flour, world.afghanistan, "Growing wheat")
    storage = _course(flour, world.kazakhstan, "Storing grain")
    _event(projects.almaty, world.kazakhstan, "Transit stock meeting")

    page = _main(officer_afg, flour.get_absolute_url())
    events = _facts(page, "Events")
    assert (
        events
        == f'<a href="/en/learning/events/{in_kabul.pk}/"><bdi>Flour handling training</bdi></a>'
    )
    assert _facts(page, "Farmer courses") == (
        f'<a href="/en/learning/courses/{wheat.pk}/report/"><bdi>Growing wheat</bdi></a>'
    )
    # An event and a course in another country, and another project's event, are not offered.
    assert f"/learning/events/{in_almaty.pk}/" not in page
    assert f"/learning/courses/{storage.pk}/" not in page
    assert "Transit stock meeting" not in page
    client = client_for(officer_afg)
    assert client.get(in_kabul.get_absolute_url()).status_code == 200
    assert client.get(wheat.get_absolute_url()).status_code == 200
    assert client.get(in_almaty.get_absolute_url()).status_code == 404

    everywhere = _main(admin, flour.get_absolute_url())
    assert f"/learning/events/{in_almaty.pk}/" in _facts(everywhere, "Events")
    assert f"/learning/courses/{storage.pk}/" in _facts(everywhere, "Farmer courses")


def test_a_reader_without_learning_sees_no_event_or_course(
    projects: Projects, world: World, outsider: User
) -> None:
    _event(projects.flour, world.afghanistan, "Flour handling training")
    _course(projects.flour, world.afghanistan, "Growing wheat")
    state = world.afghanistan.member_state
    assert project_learning(outsider, projects.flour) == []
    assert events_held_in(outsider, state) == []


def test_a_project_with_many_events_links_six_in_a_constant_number_of_queries(
    projects: Projects, world: World, officer_afg: User
) -> None:
    flour = projects.flour
    client = client_for(officer_afg)
    url = flour.get_absolute_url()
    _event(flour, world.afghanistan, "Training 1", day=1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for day in range(2, SHOWN + 3):
        _event(flour, world.afghanistan, f"Training {day}", day=day)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many) == len(one)
    events = _facts(html, "Events")
    assert events.count("<a ") == SHOWN + 1
    assert events.count("<bdi>") == SHOWN
    # The latest first; the rest on the event list narrowed to the project.
    assert events.startswith(
        f'<a href="/en/learning/events/{Event.objects.get(title="Training 8").pk}/">'
    )
    listed = f"/en/learning/?project={flour.pk}"
    assert events.endswith(f', <a href="{listed}">All events of this project</a>')
    assert "Training 1<" not in events and "Training 2<" not in events
    every_one = client.get(listed).content.decode()
    assert "Training 1<" in every_one and "Training 2<" in every_one


def test_the_arabic_project_page_reads_right_to_left_with_the_arabic_comma(
    projects: Projects, world: World, officer_afg: User
) -> None:
    flour = projects.flour
    _event(flour, world.afghanistan, "Training", day=21)
    _event(flour, world.afghanistan, "Training", day=20)
    html = client_for(officer_afg).get(f"/ar{flour.get_absolute_url()[3:]}").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    events = _facts(html, "الفعاليات")
    assert events.count("<bdi>ورشة حوكمة الأمن الغذائي</bdi>") == 2
    assert "</a>، <a " in events and "/ar/learning/events/" in events


def test_a_member_state_links_the_events_it_hosts(
    world: World, officer_afg: User, officer_kaz: User
) -> None:
    hosted = [
        _event(None, world.afghanistan, f"Kabul workshop {day}", day=day)
        for day in range(1, SHOWN + 2)
    ]
    in_almaty = _event(None, world.kazakhstan, "Almaty workshop")
    page = _main(officer_afg, "/en/member-states/AFG/")
    events = _facts(page, "Events held here")
    assert events.count("<a ") == SHOWN + 1
    assert f'/en/learning/events/{hosted[-1].pk}/"' in events
    assert f"/learning/events/{hosted[0].pk}/" not in events
    listed = "/en/learning/?country=AFG"
    assert events.endswith(f', <a href="{listed}">all</a>')
    every_one = client_for(officer_afg).get(listed).content.decode()
    assert all(event.get_absolute_url() in every_one for event in hosted)
    assert f"/learning/events/{in_almaty.pk}/" not in page

    # An officer for Kazakhstan sees none of Afghanistan's events, and Kazakhstan's own.
    assert "Events held here" not in _main(officer_kaz, "/en/member-states/AFG/")
    kazakh = _facts(_main(officer_kaz, "/en/member-states/KAZ/"), "Events held here")
    assert kazakh == f'<a href="/en/learning/events/{in_almaty.pk}/"><bdi>Almaty workshop</bdi></a>'


def test_the_arabic_member_state_page_names_its_events_with_the_arabic_comma(
    world: World, officer_afg: User
) -> None:
    for day in range(1, SHOWN + 2):
        _event(None, world.afghanistan, "Kabul workshop", day=day)
    html = client_for(officer_afg).get("/ar/member-states/AFG/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    events = _facts(html, "الفعاليات المقامة فيها")
    assert events.count("</a>، <a ") == SHOWN
    assert events.endswith('، <a href="/ar/learning/?country=AFG">الكل</a>')


def test_the_member_state_page_reads_its_events_in_a_constant_number_of_queries(
    world: World, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    url = "/en/member-states/AFG/"
    _event(None, world.afghanistan, "Kabul workshop")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for day in range(1, SHOWN + 3):
        _event(None, world.afghanistan, f"Kabul workshop {day}", day=day)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)
