"""Project titles and domain errors follow the language.

Page headings in every language are checked in tests/test_translated_headings.py."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from tests.conftest import Projects, client_for

pytestmark = pytest.mark.django_db


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
