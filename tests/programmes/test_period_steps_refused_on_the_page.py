"""A step refused on a project's results page answers that page with why (409, as the API
does), nothing written; a step that is taken goes back to the page."""

from __future__ import annotations

import html

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.programmes import services
from tests.conftest import Projects, client_for

pytestmark = pytest.mark.django_db


def test_approving_a_period_twice_shows_the_results_page_with_why(
    projects: Projects, admin: User
) -> None:
    client = client_for(admin)
    approve = f"/en/programmes/periods/{projects.year.pk}/approve/"
    results = f"/en/programmes/projects/{projects.flour.pk}/results/"
    approved = client.post(approve)
    assert approved.status_code == 302 and approved["Location"] == results
    again = client.post(approve)
    assert again.status_code == 409
    page = html.unescape(again.content.decode())
    assert "is approved and locked; unlock it first." in page
    assert f'Results: <a href="{projects.flour.get_absolute_url()}">' in page
    assert AuditEntry.objects.filter(action="programmes.reportingperiod.approved").count() == 1
    # The refusal was said once: the page read next does not say it again.
    assert "unlock it first" not in client.get(results).content.decode()


def test_unlocking_without_a_reason_shows_the_results_page_with_why_in_french(
    projects: Projects, admin: User
) -> None:
    services.reporting_period_approve(actor=admin, period=projects.year)
    client = client_for(admin)
    unlock = f"/fr/programmes/periods/{projects.year.pk}/unlock/"
    refused = client.post(unlock, {"reason": " "})
    assert refused.status_code == 422
    assert "Indiquez pourquoi la période est déverrouillée." in html.unescape(
        refused.content.decode()
    )
    projects.year.refresh_from_db()
    assert projects.year.is_locked
    assert not AuditEntry.objects.filter(action="programmes.reportingperiod.unlocked").exists()
    unlocked = client.post(unlock, {"reason": "Kandahar figures arrived late"})
    assert unlocked.status_code == 302
    projects.year.refresh_from_db()
    assert not projects.year.is_locked
