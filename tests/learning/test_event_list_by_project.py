"""The event list narrowed to one project, on the page and in the API: only a project the
reader may see is taken, one out of their scope refused exactly as one that does not exist;
the project's page leads there when it has more events than it links."""

from __future__ import annotations

import datetime
import re

import pytest

from sunbula.core.models import Country, User
from sunbula.learning.models import Event
from sunbula.programmes.models import Project
from tests.conftest import Projects, World, client_for
from tests.learning.conftest import make_event

pytestmark = pytest.mark.django_db

MISSING = 987654


def _event(project: Project | None, country: Country, title: str) -> Event:
    day = datetime.date(2021, 12, 22)
    return make_event(title=title, project=project, country=country, starts_on=day, ends_on=day)


def _main(html: str) -> str:
    """The page's own content, without the per-request tokens of its frame."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def _listed(html: str) -> list[str]:
    """The titles of the events a page lists."""
    return re.findall(r'<a href="/en/learning/events/\d+/">([^<]+)</a>', html)


def test_the_page_lists_the_events_of_the_project_chosen(
    projects: Projects, world: World, officer_afg: User
) -> None:
    _event(projects.flour, world.afghanistan, "Flour handling training")
    _event(None, world.afghanistan, "Kabul policy workshop")
    page = client_for(officer_afg).get(f"/en/learning/?project={projects.flour.pk}")
    assert page.status_code == 200
    assert _listed(page.content.decode()) == ["Flour handling training"]
    everything = client_for(officer_afg).get("/en/learning/").content.decode()
    assert sorted(_listed(everything)) == ["Flour handling training", "Kabul policy workshop"]


def test_the_page_offers_only_the_projects_its_reader_sees(
    projects: Projects, officer_afg: User, admin: User
) -> None:
    page = client_for(officer_afg).get("/en/learning/").content.decode()
    select = re.search(r'<select[^>]*name="project"[^>]*>(.*?)</select>', page, re.S)
    assert select, "no project filter"
    assert f'value="{projects.flour.pk}"' in select[1]
    assert f'value="{projects.almaty.pk}"' not in select[1]
    everywhere = client_for(admin).get("/en/learning/").content.decode()
    assert f'value="{projects.almaty.pk}"' in everywhere


def test_a_project_out_of_scope_is_refused_on_the_page_like_a_missing_one(
    projects: Projects, world: World, officer_afg: User, admin: User
) -> None:
    _event(projects.almaty, world.afghanistan, "Transit stock meeting")
    client = client_for(officer_afg)
    outside = client.get(f"/en/learning/?project={projects.almaty.pk}")
    missing = client.get(f"/en/learning/?project={MISSING}")
    assert outside.status_code == missing.status_code == 400
    almaty = f"project={projects.almaty.pk}"
    refused = _main(outside.content.decode()).replace(almaty, "project=<id>")
    assert refused == _main(missing.content.decode()).replace(f"project={MISSING}", "project=<id>")
    assert "Transit stock meeting" not in refused
    assert "That choice is not one of the available choices" in refused
    # An administrator sees that project, and its event.
    listed = client_for(admin).get(f"/en/learning/?project={projects.almaty.pk}")
    assert _listed(listed.content.decode()) == ["Transit stock meeting"]


def test_the_api_lists_the_events_of_a_project_and_refuses_one_out_of_scope_alike(
    projects: Projects, world: World, officer_afg: User
) -> None:
    _event(projects.flour, world.afghanistan, "Flour handling training")
    _event(projects.almaty, world.afghanistan, "Transit stock meeting")
    _event(None, world.afghanistan, "Kabul policy workshop")
    client = client_for(officer_afg)
    answer = client.get(f"/api/v1/learning/events/?project={projects.flour.pk}")
    assert answer.status_code == 200
    assert [row["title"] for row in answer.json()["results"]] == ["Flour handling training"]
    outside = client.get(f"/api/v1/learning/events/?project={projects.almaty.pk}")
    missing = client.get(f"/api/v1/learning/events/?project={MISSING}")
    assert outside.status_code == missing.status_code == 400
    assert "project" in outside.json()
    refused = outside.content.decode().replace(str(projects.almaty.pk), "<id>")
    assert refused == missing.content.decode().replace(str(MISSING), "<id>")
