"""A project's period budgets are read and written through the API as on its page: listed for
the projects the caller sees (GET /budgets/, `?project=`), recorded (or corrected, the same
period again) with POST /projects/{id}/budgets/ and removed with a reason with POST
/budgets/{id}/remove/, where the caller manages projects. A budget or project the caller
does not see answers as one that does not exist."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from sunbula.core.models import AuditEntry, User
from sunbula.programmes import services
from sunbula.programmes.models import Budget
from tests.conftest import Projects, client_for

pytestmark = pytest.mark.django_db

BUDGET = {
    "period_start": "2023-01-01",
    "period_end": "2023-12-31",
    "amount": "250000.00",
    "currency": "USD",
    "status": Budget.Status.COMMITTED,
}
MISSING = 987654


@pytest.fixture
def almaty_budget(projects: Projects) -> Budget:
    return services.budget_record(
        actor=None,
        project=projects.almaty,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 6, 30),
        amount=Decimal(40000),
        currency=projects.almaty.currency,
    )


def _api(user: User) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _ids(answer: object) -> list[int]:
    return [row["id"] for row in answer.json()["results"]]  # type: ignore[attr-defined]


def test_each_officer_reads_the_budgets_of_the_projects_they_see(
    budget: Budget, almaty_budget: Budget, officer_afg: User, officer_kaz: User
) -> None:
    afghan = _api(officer_afg).get("/api/v1/budgets/")
    assert afghan.status_code == 200
    assert _ids(afghan) == [budget.pk]
    assert afghan.json()["results"][0] == {
        "id": budget.pk,
        "project": budget.project_id,
        "period_start": "2023-01-01",
        "period_end": "2023-12-31",
        "amount": "250000.00",
        "currency": "USD",
        "status": Budget.Status.COMMITTED,
        "is_illustrative": False,
    }
    assert _ids(_api(officer_kaz).get("/api/v1/budgets/")) == [almaty_budget.pk]

    shown = _api(officer_afg).get(f"/api/v1/budgets/{budget.pk}/")
    assert shown.status_code == 200 and shown.json()["amount"] == "250000.00"
    elsewhere = _api(officer_kaz)
    outside = elsewhere.get(f"/api/v1/budgets/{budget.pk}/")
    missing = elsewhere.get(f"/api/v1/budgets/{MISSING}/")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()


def test_the_list_is_filtered_by_a_project_the_caller_sees(
    projects: Projects, budget: Budget, almaty_budget: Budget, admin: User, officer_kaz: User
) -> None:
    everywhere = _api(admin)
    assert _ids(everywhere.get(f"/api/v1/budgets/?project={projects.flour.pk}")) == [budget.pk]
    assert _ids(everywhere.get(f"/api/v1/budgets/?project={projects.almaty.pk}")) == [
        almaty_budget.pk
    ]

    elsewhere = _api(officer_kaz)
    outside = elsewhere.get(f"/api/v1/budgets/?project={projects.flour.pk}")
    missing = elsewhere.get(f"/api/v1/budgets/?project={MISSING}")
    assert outside.status_code == missing.status_code == 400
    assert "project" in outside.json() and outside.json() == missing.json()


def test_a_budget_is_recorded_and_recording_its_period_again_corrects_it(
    projects: Projects, officer_afg: User
) -> None:
    api = _api(officer_afg)
    url = f"/api/v1/projects/{projects.flour.pk}/budgets/"
    recorded = api.post(url, BUDGET, format="json")
    assert recorded.status_code == 200, recorded.content
    budget = Budget.objects.get()
    assert recorded.json() == {
        "id": budget.pk,
        "project": projects.flour.pk,
        **BUDGET,
        "is_illustrative": False,
    }
    assert budget.amount == Decimal(250000) and budget.status == Budget.Status.COMMITTED
    created = AuditEntry.objects.get(action="programmes.budget.created")
    assert created.actor == officer_afg and created.after["amount"] == "250000.00"

    corrected = api.post(url, {**BUDGET, "amount": "275000.50"}, format="json")
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["id"] == budget.pk
    assert corrected.json()["amount"] == "275000.50"
    budget.refresh_from_db()
    assert Budget.objects.count() == 1 and budget.amount == Decimal("275000.50")
    updated = AuditEntry.objects.get(action="programmes.budget.updated")
    assert updated.actor == officer_afg
    assert updated.before["amount"] == "250000.00" and updated.after["amount"] == "275000.50"

    # The status may be left out: the budget is indicative.
    no_status = {key: value for key, value in BUDGET.items() if key != "status"}
    indicative = api.post(url, no_status, format="json")
    assert indicative.status_code == 200 and indicative.json()["status"] == "1"


def test_a_budget_that_does_not_hold_is_refused_naming_the_field(
    projects: Projects, officer_afg: User
) -> None:
    api = _api(officer_afg)
    url = f"/api/v1/projects/{projects.flour.pk}/budgets/"
    refusals = {
        "period_end": {**BUDGET, "period_start": "2023-06-01", "period_end": "2023-05-31"},
        "amount": {**BUDGET, "amount": "-1.00"},
        "currency": {**BUDGET, "currency": "XXX"},
        "status": {**BUDGET, "status": "9"},
        # Before the project starts.
        "period_start": {**BUDGET, "period_start": "2022-12-01", "period_end": "2023-06-30"},
    }
    for field in ("period_start", "period_end", "amount", "currency"):
        refusals[f"no {field}"] = {key: value for key, value in BUDGET.items() if key != field}
    for name, body in refusals.items():
        refused = api.post(url, body, format="json")
        assert refused.status_code == 400, (name, refused.content)
        assert name.removeprefix("no ") in refused.json(), (name, refused.json())
    assert not Budget.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="programmes.budget")


def test_only_those_who_manage_the_project_record_budgets(
    projects: Projects, officer_kaz: User, donor_viewer: User
) -> None:
    url = f"/api/v1/projects/{projects.flour.pk}/budgets/"
    # A donor reads the project but does not change it.
    assert _api(donor_viewer).get(f"/api/v1/projects/{projects.flour.pk}/").status_code == 200
    assert _api(donor_viewer).post(url, BUDGET, format="json").status_code == 403

    # An officer in another country does not see it at all.
    elsewhere = _api(officer_kaz)
    outside = elsewhere.post(url, BUDGET, format="json")
    missing = elsewhere.post(f"/api/v1/projects/{MISSING}/budgets/", BUDGET, format="json")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert not Budget.objects.exists()


def test_a_budget_recorded_by_mistake_is_removed_with_a_reason(
    budget: Budget, officer_afg: User
) -> None:
    api = _api(officer_afg)
    remove = f"/api/v1/budgets/{budget.pk}/remove/"
    for empty in ({}, {"reason": "   "}):
        refused = api.post(remove, empty, format="json")
        assert refused.status_code == 400 and "reason" in refused.json()
    assert Budget.objects.filter(pk=budget.pk).exists()

    removed = api.post(remove, {"reason": "Recorded for the wrong year"}, format="json")
    assert removed.status_code == 204
    assert not Budget.objects.exists()
    entry = AuditEntry.objects.get(action="programmes.budget.removed")
    assert entry.actor == officer_afg
    assert entry.before["reason"] == "Recorded for the wrong year"
    assert entry.before["amount"] == "250000.00"
    assert entry.before["period_start"] == "2023-01-01"
    assert api.get(f"/api/v1/budgets/{budget.pk}/").status_code == 404


def test_only_those_who_manage_the_project_remove_its_budgets(
    budget: Budget, officer_kaz: User, donor_viewer: User
) -> None:
    remove = f"/api/v1/budgets/{budget.pk}/remove/"
    reader = _api(donor_viewer)
    assert reader.get(f"/api/v1/budgets/{budget.pk}/").status_code == 200
    assert reader.post(remove, {"reason": "Not mine"}, format="json").status_code == 403

    elsewhere = _api(officer_kaz)
    outside = elsewhere.post(remove, {"reason": "Mine now"}, format="json")
    missing = elsewhere.post(f"/api/v1/budgets/{MISSING}/remove/", {"reason": "Mine now"})
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert Budget.objects.filter(pk=budget.pk).exists()
    assert not AuditEntry.objects.filter(action="programmes.budget.removed")


def test_a_period_overlapping_another_budget_of_the_project_is_refused(
    budget: Budget, projects: Projects, officer_afg: User
) -> None:
    """IATI reads a project's budgets of one type as periods that follow one another: one
    overlapping another is refused on its page and through the API, naming the other."""
    overlapping = {**BUDGET, "period_start": "2023-07-01", "period_end": "2023-12-31"}
    refused = _api(officer_afg).post(
        f"/api/v1/projects/{projects.flour.pk}/budgets/", overlapping, format="json"
    )
    assert refused.status_code == 400, refused.json()
    assert refused.json()["period_start"] == [
        "This period overlaps the budget of Jan 1, 2023 – Dec 31, 2023: a project's budget "
        "periods may not overlap."
    ]
    page = client_for(officer_afg).post(
        f"/en/programmes/projects/{projects.flour.pk}/budgets/",
        {**overlapping, "currency": budget.currency_id},
    )
    assert page.status_code == 422
    assert "a project&#x27;s budget periods may not overlap" in page.content.decode()
    assert list(Budget.objects.values_list("period_start", flat=True)) == [budget.period_start]
