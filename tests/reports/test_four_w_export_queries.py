"""The 4W files cost the same number of queries however many projects reached people, and
give each project the people its dashboard counts, province by province."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.assistance import services as assistance_services
from sunbula.assistance.models import RationKind
from sunbula.assistance.selectors import people_reached, reached_by_project
from sunbula.core.models import Role, User
from sunbula.programmes import services as programme_services
from sunbula.programmes.models import Project
from sunbula.programmes.selectors import project_export_list
from sunbula.reports.selectors import four_w_reached
from tests.conftest import D, Field, World, client_for, make_persona, ready
from tests.reports.flour_demo import FlourDemo

pytestmark = pytest.mark.django_db

HOUSEHOLD_OF_THREE = "HH-1"


def _project_that_fed_a_household(world: World, field: Field, number: int) -> Project:
    """A flour project in Hirat whose cycle handed ten kg to the household of three."""
    project = programme_services.project_create(
        actor=None,
        code=f"FLOUR-{number}",
        title=f"Flour for Hirat {number}",
        description="Wheat flour for households.",
        programme=field.projects.flour.programme,
        recipient_country=world.afghanistan,
        status="2",
        planned_start=D(2023, 1, 1),
        planned_end=D(2023, 12, 31),
        currency=field.projects.flour.currency,
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
    cycle = assistance_services.cycle_create(
        actor=None,
        project=project,
        country=world.afghanistan,
        name=f"Herat households {number}",
        period_start=D(2023, 6, 1),
        period_end=D(2023, 6, 30),
        ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
    )
    assistance_services.ration_line_set(
        actor=None, cycle=cycle, commodity=field.flour, quantity=Decimal(10)
    )
    assistance_services.eligibility_rule_add(
        actor=None, cycle=cycle, field="admin_area", value=world.hirat.p_code
    )
    ready(cycle)
    assistance_services.distribution_batch_record(
        actor=None,
        cycle=cycle,
        commodity=field.flour,
        site=field.centre,
        distributed_on=cycle.period_start,
        rows=[assistance_services.BatchRow(HOUSEHOLD_OF_THREE, Decimal(10))],
    )
    return project


def _queries_and_rows(user: User, suffix: str) -> tuple[int, list[dict[str, str]]]:
    client = client_for(user)
    client.get(f"/en/reports/4w.{suffix}")  # the session and roles read once, as on any page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/en/reports/4w.{suffix}")
    assert response.status_code == 200
    rows: list[dict[str, str]] = []
    if suffix == "csv":
        lines = response.content.decode("utf-8-sig").splitlines()
        rows = list(csv.DictReader([lines[0], *lines[2:]]))  # the hashtag row set aside
    return len(queries.captured_queries), rows


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_twice_the_projects_reaching_people_cost_no_more_queries(
    world: World, field: Field, admin: User, suffix: str
) -> None:
    few = [_project_that_fed_a_household(world, field, number) for number in (1, 2)]
    queries_for_few, rows = _queries_and_rows(admin, suffix)
    more = [_project_that_fed_a_household(world, field, number) for number in (3, 4)]
    queries_for_more, rows = _queries_and_rows(admin, suffix)

    assert queries_for_more == queries_for_few
    if suffix == "csv":
        for project in few + more:
            reached = [row["People reached"] for row in rows if row["Source"] == project.code]
            assert reached == ["3"], project.code


def _reached_project_by_project(user: User) -> dict[int, dict[str, int]]:
    """People reached by area as each project's dashboard counts them, one project at a time."""
    ids = list(Project.objects.values_list("pk", flat=True))
    in_brief = reached_by_project(user=user, project_ids=ids)
    return {
        pk: people_reached(user=user, project_id=pk).by_area for pk in ids if in_brief[pk].people
    }


def test_on_the_demo_every_project_reached_where_its_dashboard_says(
    flour_demo: FlourDemo,
) -> None:
    donor = make_persona("focal@kazakhstan.example", Role.DONOR_VIEWER, flour_demo.kazakhstan, [])
    for user in (flour_demo.director, flour_demo.officer_afg, donor):
        projects = list(project_export_list(user=user))
        expected = _reached_project_by_project(user)
        assert expected  # the demo's projects reached people
        assert four_w_reached(user, projects) == {
            pk: by_area
            for pk, by_area in expected.items()
            if pk in {project.pk for project in projects}
        }
