"""POST and PATCH on programmes and projects call the services: scoped, audited, 4xx on bad
input naming the field, nothing half-written."""

from __future__ import annotations

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.programmes.models import Programme, Project
from tests.conftest import Projects, World, client_for

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _project(**changes: object) -> dict[str, object]:
    return {
        "code": "LOGAR-WHEAT-2024",
        "title": "Wheat cultivation in Logar",
        "title_translations": {"ar": "زراعة القمح في لوغر"},
        "description": "Seeds, fertiliser and tools.",
        "programme": "AFSP",
        "recipient_country": "AFG",
        "status": "2",
        "planned_start": "2024-03-01",
        "planned_end": "2024-11-30",
        "currency": "USD",
        **changes,
    }


def test_an_officer_creates_and_patches_a_project(projects: Projects, officer_afg: User) -> None:
    client = client_for(officer_afg)
    response = client.post("/api/v1/projects/", _project(), content_type=JSON)
    assert response.status_code == 201, response.json()
    assert response.json()["recipient_country"] == "AFG"
    # The answer holds all that was written, in the form it is written.
    written = _project()
    assert {name: response.json()[name] for name in written} == written
    project = Project.objects.get(code="LOGAR-WHEAT-2024")
    assert project.title_translations == {"ar": "زراعة القمح في لوغر"}
    response = client.patch(f"/api/v1/projects/{project.pk}/", {"status": "3"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["status"] == "3"
    actions = set(AuditEntry.objects.filter(actor=officer_afg).values_list("action", flat=True))
    assert actions == {"programmes.project.created", "programmes.project.updated"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"recipient_country": "KAZ"}, "recipient_country"),
        ({"planned_end": "2023-01-01"}, "planned_end"),
        ({"code": "LOGAR/2024"}, "code"),
        ({"programme": "NOPE"}, "programme"),
        ({"status": "9"}, "status"),
    ],
)
def test_bad_project_input_names_the_field(
    projects: Projects, officer_afg: User, changes: dict[str, object], field: str
) -> None:
    before = AuditEntry.objects.count()
    response = client_for(officer_afg).post(
        "/api/v1/projects/", _project(**changes), content_type=JSON
    )
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Project.objects.filter(title="Wheat cultivation in Logar").exists()
    assert AuditEntry.objects.count() == before


def test_patching_another_country_project_is_not_found(
    projects: Projects, officer_kaz: User, donor_viewer: User
) -> None:
    url = f"/api/v1/projects/{projects.flour.pk}/"
    assert client_for(officer_kaz).patch(url, {"status": "3"}, content_type=JSON).status_code == 404
    assert (
        client_for(donor_viewer).patch(url, {"status": "3"}, content_type=JSON).status_code == 403
    )
    assert (
        client_for(donor_viewer)
        .post("/api/v1/projects/", _project(), content_type=JSON)
        .status_code
        == 403
    )
    projects.flour.refresh_from_db()
    assert projects.flour.status == "2"


def test_a_patch_breaking_the_rules_is_refused_whole(projects: Projects, officer_afg: User) -> None:
    response = client_for(officer_afg).patch(
        f"/api/v1/projects/{projects.flour.pk}/",
        {"status": "4", "humanitarian_scope_type": "1"},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "humanitarian_scope_code" in response.json()
    projects.flour.refresh_from_db()
    assert projects.flour.status == "2"


def test_locations_and_sectors_through_the_api(projects: Projects, officer_afg: User) -> None:
    client = client_for(officer_afg)
    url = f"/api/v1/projects/{projects.flour.pk}/"
    response = client.put(
        url + "sectors/",
        {"sectors": [{"code": "72040", "percentage": "50"}, {"code": "15137", "percentage": "40"}]},
        content_type=JSON,
    )
    assert response.status_code == 400 and "sectors" in response.json()
    response = client.put(
        url + "locations/",
        {
            "locations": [
                {"p_code": "AF32", "percentage": "50"},
                {"p_code": "AF01", "percentage": "50"},
            ]
        },
        content_type=JSON,
    )
    assert response.status_code == 200
    assert {row["p_code"] for row in response.json()["locations"]} == {"AF32", "AF01"}
    response = client.put(
        url + "locations/",
        {"locations": [{"p_code": "KZ75", "percentage": "100"}]},
        content_type=JSON,
    )
    assert response.status_code == 400 and "locations" in response.json()
    assert projects.flour.locations.count() == 2


def test_an_hq_officer_creates_and_patches_a_programme(
    world: World, officer_hq: User, officer_afg: User
) -> None:
    programme = {
        "code": "FSG",
        "name": "Food Security Governance",
        "name_translations": {"fr": "Gouvernance de la sécurité alimentaire"},
        "reporting_organisation": world.iofs.pk,
        "iati_reporting_ref": "XI-IATI-IOFS",
    }
    assert (
        client_for(officer_afg)
        .post("/api/v1/programmes/", programme, content_type=JSON)
        .status_code
        == 403
    )
    client = client_for(officer_hq)
    bad = client.post(
        "/api/v1/programmes/", {**programme, "iati_reporting_ref": "IOFS"}, content_type=JSON
    )
    assert bad.status_code == 400 and "iati_reporting_ref" in bad.json()
    assert not Programme.objects.exists()
    response = client.post("/api/v1/programmes/", programme, content_type=JSON)
    assert response.status_code == 201
    pk = response.json()["id"]
    assert (
        client_for(officer_afg)
        .patch(f"/api/v1/programmes/{pk}/", {"name": "X"}, content_type=JSON)
        .status_code
        == 403
    )
    response = client.patch(
        f"/api/v1/programmes/{pk}/", {"description": "Workshops."}, content_type=JSON
    )
    assert response.status_code == 200
    assert Programme.objects.get(pk=pk).description == "Workshops."
    read = client.get(f"/api/v1/programmes/{pk}/").json()
    assert {name: read[name] for name in programme} == programme
    assert read["description"] == "Workshops."
