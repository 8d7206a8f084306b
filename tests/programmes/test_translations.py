"""Every new page speaks Arabic, French and Russian: headings come from the catalogues."""

from __future__ import annotations

import pytest
from django.utils import translation

from sunbula.core.models import User
from tests.conftest import client_for
from tests.programmes.conftest import Projects

pytestmark = pytest.mark.django_db


def _pages(projects: Projects) -> list[tuple[str, str]]:
    return [
        ("programmes/", "Programmes"),
        ("programmes/projects/", "Projects"),
        (f"programmes/projects/{projects.flour.pk}/", "Participating organisations"),
        (f"programmes/projects/{projects.flour.pk}/", "Change the locations"),
        (f"programmes/projects/{projects.flour.pk}/", "Results framework"),
        (f"programmes/projects/{projects.flour.pk}/edit/", "Edit project"),
        ("programmes/projects/new/", "Add a project"),
        ("programmes/new/", "Add a programme"),
        (f"programmes/{projects.flour.programme_id}/edit/", "Edit programme"),
        (f"programmes/{projects.flour.programme_id}/", "Record a decision"),
        (f"programmes/projects/{projects.flour.pk}/results/", "Reporting periods"),
        ("programmes/4w/", "Possible overlaps"),
        ("programmes/4w/import/", "Import a partner's 3W table"),
        ("reports/", "Open data exports"),
    ]


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_pages_show_translated_headings(projects: Projects, admin: User, language: str) -> None:
    client = client_for(admin)
    for path, heading in _pages(projects):
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        html = response.content.decode()
        with translation.override(language):
            translated = translation.gettext(heading)
        assert translated != heading or language == "fr", (language, heading)
        escaped = translated.replace("'", "&#x27;")
        assert translated in html or escaped in html, (language, path, translated)


def test_project_titles_follow_the_language(projects: Projects, admin: User) -> None:
    client = client_for(admin)
    assert "الدقيق من أجل الإنسانية" in client.get("/ar/programmes/projects/").content.decode()
    assert "Flour for Humanity" in client.get("/fr/programmes/projects/").content.decode()


def test_domain_errors_are_translated(projects: Projects, admin: User) -> None:
    from sunbula.programmes import services

    services.reporting_period_approve(actor=admin, period=projects.year)
    response = client_for(admin).post(
        f"/ru/programmes/periods/{projects.year.pk}/actuals/",
        {"indicator": projects.tonnes.pk, "value": "68"},
    )
    assert response.status_code == 409
    assert "заблокирован" in response.content.decode()
