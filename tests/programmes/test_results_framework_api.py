"""An integration builds a project's results framework through the API: outcomes, outputs and
their indicators, reporting periods, targets and disaggregated actuals, with the services and
refusals of the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.programmes import services
from sunbula.programmes.models import Indicator, IndicatorActual, ReportingPeriod, Result
from tests.conftest import Projects, client_for

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_an_integration_builds_the_framework_and_records_actuals(
    projects: Projects, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    flour = projects.flour
    outcome = client.post(
        "/api/v1/results/",
        {"project": flour.pk, "level": "2", "title": "Patients eat better"},
        content_type=JSON,
    )
    assert outcome.status_code == 201, outcome.json()
    indicator = client.post(
        "/api/v1/indicators/",
        {
            "result": outcome.json()["id"],
            "title": "Patients fed",
            "measure": "1",
            "unit": "people",
            "by_sex": True,
            "baseline_year": 2022,
            "baseline_value": "0",
        },
        content_type=JSON,
    )
    assert indicator.status_code == 201, indicator.json()
    listed = client.get(f"/api/v1/results/?project={flour.pk}").json()["results"]
    assert [row["title"] for row in listed] == ["Flour delivered", "Patients eat better"]
    assert listed[1]["indicators"][0]["title"] == "Patients fed"
    # The year 2023 is taken: a period within it is refused, one after the project too.
    for start, end, field, words in (
        ("2023-06-01", "2023-12-31", "period_start", "overlaps"),
        ("2024-01-01", "2024-06-30", "period_end", "ends after the project"),
    ):
        refused = client.post(
            "/api/v1/reporting-periods/",
            {"project": flour.pk, "period_start": start, "period_end": end},
            content_type=JSON,
        )
        assert refused.status_code == 400 and words in refused.json()[field][0], refused.json()
    extended = client.patch(
        f"/api/v1/projects/{flour.pk}/", {"planned_end": "2024-12-31"}, content_type=JSON
    )
    assert extended.status_code == 200
    period = client.post(
        "/api/v1/reporting-periods/",
        {"project": flour.pk, "period_start": "2024-01-01", "period_end": "2024-06-30"},
        content_type=JSON,
    )
    assert period.status_code == 201, period.json()
    period_id = period.json()["id"]
    indicator_id = indicator.json()["id"]
    target = client.post(
        f"/api/v1/reporting-periods/{period_id}/targets/",
        {"indicator": indicator_id, "value": "500"},
        content_type=JSON,
    )
    assert target.status_code == 200, target.json()
    for body in ({"value": "300"}, {"value": "180", "sex": "female"}):
        actual = client.post(
            f"/api/v1/reporting-periods/{period_id}/actuals/",
            {"indicator": indicator_id, **body},
            content_type=JSON,
        )
        assert actual.status_code == 201, actual.json()
    above = client.post(
        f"/api/v1/reporting-periods/{period_id}/actuals/",
        {"indicator": indicator_id, "value": "200", "sex": "male"},
        content_type=JSON,
    )
    assert above.status_code == 400 and "more than the total" in above.json()["value"][0]
    assert sorted(IndicatorActual.objects.values_list("sex", "value")) == [
        ("", Decimal(300)),
        ("female", Decimal(180)),
    ]
    actions = set(AuditEntry.objects.filter(actor=officer_afg).values_list("action", flat=True))
    assert {
        "programmes.result.created",
        "programmes.indicator.created",
        "programmes.reportingperiod.created",
        "programmes.indicatortarget.created",
        "programmes.indicatoractual.created",
    } <= actions


def test_indicators_and_periods_are_corrected_and_removed_with_the_pages_refusals(
    projects: Projects, officer_afg: User, admin: User
) -> None:
    client = client_for(officer_afg)
    tonnes = f"/api/v1/indicators/{projects.tonnes.pk}/"
    patched = client.patch(tonnes, {"title": "Tonnes (net)"}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["title"] == "Tonnes (net)"
    services.indicator_actual_record(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(10)
    )
    changed = client.patch(tonnes, {"measure": "2"}, content_type=JSON)
    assert changed.status_code == 400 and "cannot change" in changed.json()["measure"][0]
    removed = client.delete(tonnes)
    assert removed.status_code == 422 and "cannot be removed" in removed.json()["detail"]
    period = f"/api/v1/reporting-periods/{projects.year.pk}/"
    moved = client.patch(period, {"period_end": "2023-06-30"}, content_type=JSON)
    assert moved.status_code == 422 and "Actuals are recorded" in moved.json()["detail"]
    assert client.delete(period).status_code == 422
    IndicatorActual.objects.all().delete()
    outside = client.patch(period, {"period_end": "2024-06-30"}, content_type=JSON)
    assert (
        outside.status_code == 400 and "ends after the project" in outside.json()["period_end"][0]
    )
    services.reporting_period_approve(actor=admin, period=projects.year)
    assert client.delete(period).status_code == 409
    services.reporting_period_unlock(actor=admin, period=projects.year, reason="late figures")
    assert client.delete(period).status_code == 204
    assert client.delete(tonnes).status_code == 204
    assert not Indicator.objects.exists() and not ReportingPeriod.objects.exists()


def test_a_new_measure_is_refused_while_a_baseline_or_target_exceeds_its_bounds(
    projects: Projects, officer_afg: User, admin: User
) -> None:
    services.indicator_update(
        actor=admin, indicator=projects.tonnes, baseline_year=2022, baseline_value=Decimal(120)
    )
    services.indicator_target_set(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(300)
    )
    client = client_for(officer_afg)
    tonnes = f"/api/v1/indicators/{projects.tonnes.pk}/"
    refused = client.patch(tonnes, {"measure": "2"}, content_type=JSON)
    assert refused.status_code == 400
    assert refused.json()["measure"] == [
        "The baseline is 120. A percentage cannot be above 100.",
        "The target for Jan 1, 2023 – Dec 31, 2023 is 300. A percentage cannot be above 100.",
    ]
    french = client.patch(tonnes, {"measure": "2"}, content_type=JSON, HTTP_ACCEPT_LANGUAGE="fr")
    assert "La cible pour" in french.json()["measure"][1]
    # A baseline corrected with the measure is checked as the new baseline, on its own field.
    corrected = client.patch(tonnes, {"measure": "2", "baseline_value": "140"}, content_type=JSON)
    assert corrected.status_code == 400
    assert corrected.json()["measure"] == [
        "The target for Jan 1, 2023 – Dec 31, 2023 is 300. A percentage cannot be above 100."
    ]
    services.indicator_target_set(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(60)
    )
    still = client.patch(tonnes, {"measure": "2", "baseline_value": "140"}, content_type=JSON)
    assert still.status_code == 400
    assert "above 100" in still.json()["baseline_value"][0]
    assert Indicator.objects.get(pk=projects.tonnes.pk).measure == "1"
    changed = client.patch(tonnes, {"measure": "2", "baseline_value": "40"}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["measure"] == "2"
    assert AuditEntry.objects.get(
        action="programmes.indicator.updated", actor=officer_afg
    ).after == {"measure": "2", "baseline_value": "40.00"}


def test_a_result_with_actuals_is_refused_removal_as_its_indicators_are(
    projects: Projects, officer_afg: User, admin: User
) -> None:
    services.indicator_actual_record(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(10)
    )
    client = client_for(officer_afg)
    result = f"/api/v1/results/{projects.tonnes.result_id}/"
    refused = client.delete(result)
    assert refused.status_code == 422
    assert refused.json() == {
        "detail": "Actuals were reported against this result; it cannot be removed."
    }
    assert client.delete(f"/api/v1/indicators/{projects.tonnes.pk}/").status_code == 422
    assert Result.objects.filter(pk=projects.tonnes.result_id).exists()
    IndicatorActual.objects.all().delete()
    assert client.delete(result).status_code == 204
    assert not Result.objects.exists()


def test_another_countrys_framework_is_neither_seen_nor_written(
    projects: Projects, officer_kaz: User, donor_viewer: User
) -> None:
    client = client_for(officer_kaz)
    assert client.get("/api/v1/indicators/").json()["results"] == []
    assert client.get(f"/api/v1/reporting-periods/?project={projects.flour.pk}").status_code == 400
    for url in (
        f"/api/v1/indicators/{projects.tonnes.pk}/",
        f"/api/v1/reporting-periods/{projects.year.pk}/",
        f"/api/v1/results/{projects.tonnes.result_id}/",
    ):
        assert client.delete(url).status_code == 404, url
        assert client_for(donor_viewer).delete(url).status_code == 403, url
    for url, body in (
        ("/api/v1/results/", {"project": projects.flour.pk, "level": "1", "title": "Mine"}),
        (
            "/api/v1/indicators/",
            {"result": projects.tonnes.result_id, "title": "Mine", "measure": "1"},
        ),
        (
            "/api/v1/reporting-periods/",
            {
                "project": projects.flour.pk,
                "period_start": "2023-01-01",
                "period_end": "2023-01-31",
            },
        ),
    ):
        response = client.post(url, body, content_type=JSON)
        assert response.status_code == 400, url
    assert Result.objects.count() == 1 and Indicator.objects.count() == 1
