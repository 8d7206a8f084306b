"""The 4W gives each project's people reached as its dashboard counts them, once: on the rows
of its first organisation, the other organisations' rows naming it; a donor viewer gets only
the people its goods reached."""

from __future__ import annotations

import csv
import io

import hxl
import pytest

from sunbula.assistance.selectors import people_reached
from sunbula.core.models import Role, User
from sunbula.programmes.models import Project
from tests.conftest import client_for, make_persona
from tests.reports.flour_demo import FlourDemo

pytestmark = pytest.mark.django_db

FLOUR = "AFSP-FFH-2023"


def _rows(user: User, url: str = "/en/reports/4w.csv") -> list[dict[str, str]]:
    response = client_for(user).get(url)
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    return list(csv.DictReader([lines[0], *lines[2:]]))  # the hashtag row set aside


def _people(rows: list[dict[str, str]], code: str) -> int:
    return sum(int(row["People reached"] or 0) for row in rows if row["Source"] == code)


def test_each_project_gives_the_people_its_dashboard_counts(flour_demo: FlourDemo) -> None:
    rows = _rows(flour_demo.director)
    for project in Project.objects.all():
        dashboard = people_reached(user=flour_demo.director, project_id=project.pk)
        if project.locations.exists() and project.sectors.exists():
            assert _people(rows, project.code) == dashboard.people, project.code
    assert _people(rows, FLOUR) == 1300
    # And province by province, as the country dashboard's map shades them.
    flour = Project.objects.get(code=FLOUR)
    by_area = people_reached(user=flour_demo.director, project_id=flour.pk).by_area
    for p_code, people in by_area.items():
        here = [row for row in rows if row["Source"] == FLOUR and row["Province p-code"] == p_code]
        assert sum(int(row["People reached"] or 0) for row in here) == people, p_code


def test_head_counts_stand_on_one_organisations_rows_only(flour_demo: FlourDemo) -> None:
    rows = [row for row in _rows(flour_demo.director) if row["Source"] == FLOUR]
    organisations = {row["Organisation"] for row in rows}
    assert len(organisations) == 2  # UNAMA and UNODC implement it
    counted = {row["Organisation"] for row in rows if not row["Head counts on the row of"]}
    assert len(counted) == 1
    (lead,) = counted
    for row in rows:
        if row["Organisation"] != lead:
            assert row["Head counts on the row of"] == lead
            assert row["People reached"] == row["People targeted"] == ""


def test_libhxl_reads_the_counted_under_column(flour_demo: FlourDemo) -> None:
    content = client_for(flour_demo.director).get("/en/reports/4w.csv").content
    dataset = hxl.data(io.BytesIO(content))
    assert "#meta+counted+org" in [column.display_tag for column in dataset.columns]
    reached = sum(
        int(row.get("#reached") or 0) for row in dataset if row.get("#meta+source") == FLOUR
    )
    assert reached == 1300


def test_the_api_gives_the_same_people_reached(flour_demo: FlourDemo) -> None:
    rows = client_for(flour_demo.director).get("/api/v1/4w/").json()
    flour = [row for row in rows if row["source"] == FLOUR]
    assert sum(row["reached"] or 0 for row in flour) == 1300
    assert {row["counted_under"] for row in flour if row["reached"] is None} != {""}


def test_a_donor_viewer_gets_only_the_people_its_goods_reached(flour_demo: FlourDemo) -> None:
    donor = make_persona("focal@kazakhstan.example", Role.DONOR_VIEWER, flour_demo.kazakhstan, [])
    flour = Project.objects.get(code=FLOUR)
    own = people_reached(user=donor, project_id=flour.pk).people
    assert 0 < own < 1300
    assert _people(_rows(donor), FLOUR) == own
