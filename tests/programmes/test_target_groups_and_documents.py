"""Who a project serves and the documents about it, set from the project page and the API
in the countries where the officer manages projects; a project elsewhere is missing."""

from __future__ import annotations

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.programmes.models import ProjectDocument, TargetGroup
from tests.conftest import Projects, client_for

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_a_target_group_is_set_and_corrected_from_the_project_page(
    projects: Projects, officer_afg: User, donor_viewer: User
) -> None:
    project = projects.flour
    url = f"/en/programmes/projects/{project.pk}/target-groups/"
    client = client_for(officer_afg)
    assert url in client.get(project.get_absolute_url()).content.decode()
    assert url not in client_for(donor_viewer).get(project.get_absolute_url()).content.decode()
    form = {"group": "patients", "targeted": "100", "targeted_female": "30", "targeted_male": "70"}
    entries = AuditEntry.objects.count()
    checked = client.post(f"{url}?validate=1", {**form, "targeted_male": "90"})
    assert checked.status_code == 200 and "add up to more" in checked.content.decode()
    assert AuditEntry.objects.count() == entries
    assert client.post(url, form).status_code == 302
    assert client.post(url, {**form, "reached": "60"}).status_code == 302
    group = TargetGroup.objects.get(project=project)
    assert (group.targeted, group.reached) == (100, 60)
    assert "<bdi>100</bdi> targeted" in client.get(project.get_absolute_url()).content.decode()


def test_a_document_is_added_from_the_project_page(projects: Projects, officer_afg: User) -> None:
    project = projects.flour
    url = f"/en/programmes/projects/{project.pk}/documents/"
    client = client_for(officer_afg)
    assert url in client.get(project.get_absolute_url()).content.decode()
    form = {
        "title": "Completion report",
        "title_fr": "Rapport d'achèvement",
        "url": "https://example.org/report.pdf",
        "file_format": "application/pdf",
        "category": "A07",
        "language": "en",
        "document_date": "2024-01-15",
    }
    refused = client.post(url, {**form, "category": "Z1"})
    assert refused.status_code == 422 and not ProjectDocument.objects.exists()
    assert client.post(url, form).status_code == 302
    document = ProjectDocument.objects.get(project=project)
    assert document.title_translations == {"fr": "Rapport d'achèvement"}
    assert "Completion report" in client.get(project.get_absolute_url()).content.decode()


def test_target_groups_and_documents_through_the_api(projects: Projects, officer_afg: User) -> None:
    client = client_for(officer_afg)
    base = f"/api/v1/projects/{projects.flour.pk}"
    set_ = client.post(
        f"{base}/target-groups/", {"group": "farmers", "targeted": 50}, content_type=JSON
    )
    assert set_.status_code == 200, set_.json()
    again = client.post(
        f"{base}/target-groups/", {"group": "farmers", "targeted": 80}, content_type=JSON
    )
    assert again.status_code == 200 and again.json()["id"] == set_.json()["id"]
    bad = client.post(f"{base}/target-groups/", {"group": "?"}, content_type=JSON)
    assert bad.status_code == 400 and "group" in bad.json()
    added = client.post(
        f"{base}/documents/",
        {
            "title": "Logframe",
            "url": "https://example.org/logframe.xlsx",
            "file_format": "application/vnd.ms-excel",
            "category": "A02",
        },
        content_type=JSON,
    )
    assert added.status_code == 200, added.json()
    wrong = client.post(
        f"{base}/documents/",
        {"title": "x", "url": "not an address", "file_format": "x", "category": "A02"},
        content_type=JSON,
    )
    assert wrong.status_code == 400 and "url" in wrong.json()


def test_a_project_outside_the_officers_countries_is_missing(
    projects: Projects, officer_kaz: User
) -> None:
    client = client_for(officer_kaz)
    pk = projects.flour.pk
    for part in ("target-groups", "documents"):
        assert client.get(f"/en/programmes/projects/{pk}/{part}/").status_code == 404
        outside = client.post(
            f"/api/v1/projects/{pk}/{part}/", {"group": "farmers"}, content_type=JSON
        )
        missing = client.post(
            f"/api/v1/projects/987654/{part}/", {"group": "farmers"}, content_type=JSON
        )
        assert outside.status_code == missing.status_code == 404
    assert not TargetGroup.objects.exists() and not ProjectDocument.objects.exists()


def test_a_document_has_a_mime_type_and_a_language_code(
    projects: Projects, officer_afg: User
) -> None:
    url = f"/en/programmes/projects/{projects.flour.pk}/documents/"
    form = {
        "title": "Plan",
        "url": "https://example.org/plan.pdf",
        "file_format": "application/pdf",
        "category": "A02",
        "language": "en",
    }
    client = client_for(officer_afg)
    for field, value in (("file_format", "not a mime"), ("language", "klingon-xx")):
        refused = client.post(url, {**form, field: value})
        assert refused.status_code == 422 and refused.context["form"].errors[field], field
    assert not ProjectDocument.objects.exists()
