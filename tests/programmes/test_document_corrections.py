"""A project's document described wrongly is corrected, and one attached by mistake removed
with a reason, from the project page and through the API, where the officer manages
projects; a document of a project elsewhere is missing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sunbula.core.models import AuditEntry, User
from sunbula.programmes import services
from sunbula.programmes.models import ProjectDocument
from tests.conftest import Projects, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(projects: Projects) -> ProjectDocument:
    return services.document_add(
        actor=None,
        project=projects.flour,
        title="Completion report",
        url="https://example.org/report.pdf",
        file_format="application/pdf",
        category="A07",
    )


FORM = {
    "title": "Completion report 2023",
    "url": "https://example.org/report-2023.pdf",
    "file_format": "application/pdf",
    "category": "A07",
    "language": "en",
    "document_date": "2024-01-15",
}


def test_the_project_page_offers_corrections_where_the_officer_manages_projects(
    report: ProjectDocument, officer_afg: User, officer_kaz: User, donor_viewer: User
) -> None:
    project = report.project
    edit = reverse("programmes:document_edit", args=[report.pk])
    remove = reverse("programmes:document_remove", args=[report.pk])
    page = client_for(officer_afg).get(project.get_absolute_url()).content.decode()
    assert edit in page and remove in page

    reader = client_for(donor_viewer)
    shown = reader.get(project.get_absolute_url()).content.decode()
    assert "Completion report" in shown and edit not in shown and remove not in shown
    assert reader.get(edit).status_code == 403
    assert reader.post(remove, {"reason": "Not mine"}).status_code == 403

    elsewhere = client_for(officer_kaz)
    missing = reverse("programmes:document_edit", args=[987654])
    assert elsewhere.get(edit).status_code == elsewhere.get(missing).status_code == 404
    assert elsewhere.post(edit, FORM).status_code == 404
    assert elsewhere.post(remove, {"reason": "Mine now"}).status_code == 404
    report.refresh_from_db()
    assert report.title == "Completion report"


def test_a_document_is_corrected_from_the_project_page(
    report: ProjectDocument, officer_afg: User
) -> None:
    services.document_add(
        actor=None,
        project=report.project,
        title="Logframe",
        url="https://example.org/logframe.xlsx",
        file_format="application/vnd.ms-excel",
        category="A02",
    )
    client = client_for(officer_afg)
    edit = reverse("programmes:document_edit", args=[report.pk])
    assert 'value="https://example.org/report.pdf"' in client.get(edit).content.decode()
    taken = client.post(edit, {**FORM, "url": "https://example.org/logframe.xlsx"})
    assert taken.status_code == 422
    assert "a document at this address already" in taken.context["form"].errors["url"][0]
    wrong = client.post(edit, {**FORM, "file_format": "not a mime"})
    assert wrong.status_code == 422 and wrong.context["form"].errors["file_format"]
    assert not AuditEntry.objects.filter(action="programmes.projectdocument.updated")

    saved = client.post(edit, FORM)
    assert saved.status_code == 302
    assert saved["Location"] == f"{report.project.get_absolute_url()}#documents"
    report.refresh_from_db()
    assert (report.title, report.url) == (FORM["title"], FORM["url"])
    entry = AuditEntry.objects.get(action="programmes.projectdocument.updated")
    assert entry.actor == officer_afg
    assert entry.before["url"] == "https://example.org/report.pdf"
    assert entry.after["url"] == FORM["url"] and entry.after["document_date"] == "2024-01-15"


def test_a_document_attached_by_mistake_is_removed_with_a_reason(
    report: ProjectDocument, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    remove = reverse("programmes:document_remove", args=[report.pk])
    assert "Remove the document “Completion report”" in client.get(remove).content.decode()
    assert client.post(remove, {"reason": ""}).status_code == 422
    assert ProjectDocument.objects.filter(pk=report.pk).exists()

    removed = client.post(remove, {"reason": "Another project's report"})
    assert removed.status_code == 302
    assert not ProjectDocument.objects.exists()
    entry = AuditEntry.objects.get(action="programmes.projectdocument.removed")
    assert entry.actor == officer_afg
    assert entry.before["reason"] == "Another project's report"
    assert entry.before["url"] == "https://example.org/report.pdf"
    page = client.get(report.project.get_absolute_url()).content.decode()
    assert "The document is removed." in page and "Completion report" not in page


def test_the_api_lists_corrects_and_removes_documents(
    report: ProjectDocument, officer_afg: User, officer_kaz: User, donor_viewer: User
) -> None:
    api = APIClient()
    url = f"/api/v1/project-documents/{report.pk}/"
    api.force_authenticate(officer_kaz)
    assert api.get("/api/v1/project-documents/").json()["results"] == []
    outside = api.patch(url, {"title": "Mine"}, format="json")
    missing = api.patch("/api/v1/project-documents/987654/", {"title": "x"}, format="json")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert api.post(f"{url}remove/", {"reason": "x"}, format="json").status_code == 404

    api.force_authenticate(donor_viewer)
    assert api.patch(url, {"title": "Mine"}, format="json").status_code == 403
    assert api.post(f"{url}remove/", {"reason": "x"}, format="json").status_code == 403

    api.force_authenticate(officer_afg)
    listed = api.get(f"/api/v1/project-documents/?project={report.project_id}")
    assert [row["id"] for row in listed.json()["results"]] == [report.pk]
    bad = api.patch(url, {"url": "not an address"}, format="json")
    assert bad.status_code == 400 and "url" in bad.json()
    corrected = api.patch(url, {"category": "A08", "project": 987654}, format="json")
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["category"] == "A08"
    assert corrected.json()["project"] == report.project_id
    no_reason = api.post(f"{url}remove/", {"reason": " "}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    done = api.post(f"{url}remove/", {"reason": "Attached twice"}, format="json")
    assert done.status_code == 204
    assert not ProjectDocument.objects.exists()
    entry = AuditEntry.objects.get(action="programmes.projectdocument.removed")
    assert entry.before["reason"] == "Attached twice" and entry.before["category"] == "A08"
