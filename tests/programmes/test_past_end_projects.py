"""A project still marked in implementation after its end keeps the status a person recorded,
and its page, the projects list and the 4W point it out for the programme officer to correct."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from sunbula.core import services as core_services
from sunbula.core.models import User
from sunbula.programmes import services as programme_services
from sunbula.programmes.models import ActivityStatus, Project, TargetGroup
from sunbula.programmes.selectors import apportion, past_end_still_running
from tests.conftest import Projects, World, client_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
GROUP = TargetGroup.Group.PATIENTS


def _project(projects: Projects, world: World, code: str, **dates: object) -> Project:
    values: dict[str, object] = {
        "status": "2",
        "planned_start": datetime.date(2023, 1, 1),
        "planned_end": TODAY + datetime.timedelta(days=90),
        **dates,
    }
    project = programme_services.project_create(
        actor=None,
        code=code,
        title=f"Project {code}",
        description="A project of the tests.",
        programme=projects.flour.programme,
        recipient_country=world.afghanistan,
        currency=projects.flour.currency,
        **values,  # type: ignore[arg-type]
    )
    programme_services.project_locations_set(
        actor=None, project=project, locations=[(world.hirat, Decimal(100))]
    )
    programme_services.project_sectors_set(
        actor=None, project=project, sectors=[("72040", Decimal(100))]
    )
    programme_services.participant_add(
        actor=None, project=project, organisation=world.iofs, role="4"
    )
    return project


@pytest.fixture
def running(projects: Projects, world: World) -> Project:
    return _project(projects, world, "RUNNING")


@pytest.fixture
def ended_early(projects: Projects, world: World) -> Project:
    """Planned to the future, but its actual end has passed."""
    return _project(
        projects,
        world,
        "ENDED-EARLY",
        actual_start=datetime.date(2023, 2, 1),
        actual_end=TODAY - datetime.timedelta(days=1),
    )


@pytest.fixture
def closed(projects: Projects, world: World) -> Project:
    return _project(projects, world, "CLOSED", status="4", planned_end=datetime.date(2023, 6, 30))


def test_which_projects_are_past_their_end(
    projects: Projects, running: Project, ended_early: Project, closed: Project
) -> None:
    assert past_end_still_running(projects.flour)  # planned end 2023-12-31, in implementation
    assert past_end_still_running(ended_early)
    assert not past_end_still_running(running)
    assert not past_end_still_running(closed)
    assert not past_end_still_running(projects.flour, today=datetime.date(2023, 12, 31))


def test_the_project_page_warns_and_keeps_the_recorded_status(
    projects: Projects, running: Project, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    page = client.get(projects.flour.get_absolute_url()).content.decode()
    assert "still marked in implementation" in page
    assert f"/programmes/projects/{projects.flour.pk}/edit/" in page
    assert (
        "still marked in implementation"
        not in client.get(running.get_absolute_url()).content.decode()
    )
    projects.flour.refresh_from_db()
    assert projects.flour.status == ActivityStatus.IMPLEMENTATION


def test_the_projects_list_filters_them_within_the_readers_countries(
    projects: Projects,
    running: Project,
    ended_early: Project,
    closed: Project,
    officer_afg: User,
    admin: User,
) -> None:
    listed = client_for(officer_afg).get("/en/programmes/projects/?past_end=on")
    assert listed.status_code == 200
    assert [project.code for project in listed.context["page"]] == ["ENDED-EARLY", "FFH-2023"]
    everywhere = client_for(admin).get("/en/programmes/projects/?past_end=on").context["page"]
    assert [project.code for project in everywhere] == ["ENDED-EARLY", "FFH-2023", "KAZ-TRANSIT"]
    unfiltered = client_for(officer_afg).get("/en/programmes/projects/").context["page"]
    assert {"RUNNING", "CLOSED"} <= {project.code for project in unfiltered}


def test_the_4w_flags_them_and_still_gives_the_recorded_status(
    projects: Projects, running: Project, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    page = client.get("/en/programmes/4w/")
    flagged = [project.code for project in page.context["past_end"]]
    assert flagged == ["FFH-2023"]
    assert "?past_end=on" in page.content.decode()
    rows = client.get("/api/v1/4w/").json()
    by_code = {row["source"]: row for row in rows}
    assert by_code["FFH-2023"]["past_end"] is True
    assert by_code["FFH-2023"]["status"] == "active"  # as recorded
    assert by_code["RUNNING"]["past_end"] is False


def test_several_locations_in_one_province_make_one_row(
    projects: Projects, world: World, admin: User
) -> None:
    district = core_services.admin_area_upsert(
        actor=None,
        country=world.afghanistan,
        p_code="AF3201",
        pcode_set_version="AFG 2021-11-17",
        level=2,
        name="Hirat district",
        parent=world.hirat,
    )
    programme_services.project_locations_set(
        actor=None,
        project=projects.flour,
        locations=[(world.hirat, Decimal(40)), (district, Decimal(60))],
    )
    programme_services.target_group_set(
        actor=None, project=projects.flour, group=GROUP, targeted=500
    )
    rows = client_for(admin).get("/api/v1/4w/").json()
    flour = [row for row in rows if row["source"] == "FFH-2023"]
    # One row for the province, with the whole of what was planned there (40 % + 60 %).
    assert [(row["adm1_code"], row["targeted"]) for row in flour] == [("AF32", 500)]


@pytest.mark.parametrize(
    ("people", "weights", "shares"),
    [
        (26, ["40", "30", "30"], [10, 8, 8]),
        (10, ["33.34", "33.33", "33.33"], [4, 3, 3]),
        (7, ["50", "50"], [4, 3]),
        (5, ["0", "0"], [5, 0]),
        (0, ["80", "20"], [0, 0]),
    ],
)
def test_people_reached_are_split_in_whole_people_that_add_up(
    people: int, weights: list[str], shares: list[int]
) -> None:
    assert apportion(people, [Decimal(weight) for weight in weights]) == shares
    assert sum(apportion(people, [Decimal(weight) for weight in weights])) == people
