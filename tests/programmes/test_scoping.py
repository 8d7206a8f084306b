"""Projects are scoped by recipient country on every page and endpoint; outsiders get nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core.models import User
from tests.conftest import Projects, client_for

pytestmark = pytest.mark.django_db
# Pinned: session, user, roles, count, one page of projects; the API adds its prefetches.
PAGE_QUERIES = 4
API_QUERIES = 9


def _project_pages(projects: Projects, pk: int) -> list[str]:
    return [f"/en/programmes/projects/{pk}/", f"/en/programmes/projects/{pk}/results/"]


def test_officer_sees_her_country_project_on_pages_and_api(
    projects: Projects, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    for url in _project_pages(projects, projects.flour.pk):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/api/v1/projects/{projects.flour.pk}/").status_code == 200
    assert client.get(f"/api/v1/reporting-periods/{projects.year.pk}/").status_code == 200


def test_another_country_project_is_not_found(projects: Projects, officer_kaz: User) -> None:
    client = client_for(officer_kaz)
    for url in _project_pages(projects, projects.flour.pk):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/api/v1/projects/{projects.flour.pk}/").status_code == 404
    assert client.get(f"/api/v1/reporting-periods/{projects.year.pk}/").status_code == 404
    assert client.post(f"/en/programmes/periods/{projects.year.pk}/approve/").status_code == 404
    assert client.post(f"/api/v1/reporting-periods/{projects.year.pk}/approve/").status_code == 404


def test_lists_and_exports_leave_other_countries_out(projects: Projects, officer_afg: User) -> None:
    client = client_for(officer_afg)
    page = client.get("/en/programmes/projects/").content.decode()
    assert "FFH-2023" in page and "KAZ-TRANSIT" not in page
    codes = [row["code"] for row in client.get("/api/v1/projects/").json()["results"]]
    assert codes == ["FFH-2023"]
    xml = client.get("/en/reports/iati-activities.xml").content.decode()
    assert "FFH-2023" in xml and "KAZ-TRANSIT" not in xml
    api_xml = client.get("/api/v1/exports/iati/").content.decode()
    assert "FFH-2023" in api_xml and "KAZ-TRANSIT" not in api_xml


def test_the_kazakh_officer_sees_the_mirror_image(projects: Projects, officer_kaz: User) -> None:
    codes = [
        row["code"] for row in client_for(officer_kaz).get("/api/v1/projects/").json()["results"]
    ]
    assert codes == ["KAZ-TRANSIT"]
    rows = client_for(officer_kaz).get("/api/v1/4w/").json()
    assert rows == []


def test_a_viewer_may_read_but_not_record(projects: Projects, donor_viewer: User) -> None:
    client = client_for(donor_viewer)
    assert client.get(f"/en/programmes/projects/{projects.flour.pk}/").status_code == 200
    response = client.post(
        f"/en/programmes/periods/{projects.year.pk}/actuals/",
        {"indicator": projects.tonnes.pk, "value": "1"},
    )
    assert response.status_code == 403
    assert client.get("/en/programmes/4w/import/").status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/en/programmes/",
        "/en/programmes/projects/",
        "/en/programmes/4w/",
        "/en/reports/",
        "/en/reports/iati-activities.xml",
        "/en/reports/4w.csv",
        "/api/v1/projects/",
        "/api/v1/programmes/",
        "/api/v1/4w/",
        "/api/v1/exports/iati/",
    ],
)
def test_someone_without_a_role_is_turned_away(
    projects: Projects, outsider: User, url: str
) -> None:
    assert client_for(outsider).get(url).status_code == 403


def test_the_project_list_runs_a_fixed_number_of_queries(projects: Projects, admin: User) -> None:
    client = client_for(admin)
    client.get("/en/programmes/projects/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/programmes/projects/").status_code == 200
    assert len(queries) == PAGE_QUERIES, [query["sql"] for query in queries]
    with CaptureQueriesContext(connection) as api_queries:
        assert client.get("/api/v1/projects/").status_code == 200
    assert len(api_queries) == API_QUERIES
