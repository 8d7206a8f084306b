"""A programme officer corrects or removes an indicator or a reporting period from its page,
through a confirmation step; one that can no longer change answers its project's results with
why (409 for a locked period, 422 for figures reported); budgets and periods stay within the project's dates."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal

from sunbula.core.models import AuditEntry, User
from sunbula.programmes import services
from sunbula.programmes.models import Budget, Indicator, IndicatorTarget, ReportingPeriod
from tests.conftest import Projects, client_for

D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true"}


def _later_period(projects: Projects, admin: User) -> ReportingPeriod:
    services.project_update(actor=admin, project=projects.flour, planned_end=D(2024, 12, 31))
    return services.reporting_period_create(
        actor=admin, project=projects.flour, period_start=D(2024, 1, 1), period_end=D(2024, 6, 30)
    )


def test_the_project_page_links_to_correcting_and_removing_an_indicator(
    projects: Projects, officer_afg: User
) -> None:
    html = client_for(officer_afg).get(projects.flour.get_absolute_url()).content.decode()
    assert f"/en/programmes/indicators/{projects.tonnes.pk}/edit/" in html
    assert f"/en/programmes/indicators/{projects.tonnes.pk}/remove/" in html


def test_an_indicator_is_corrected(projects: Projects, officer_afg: User) -> None:
    client = client_for(officer_afg)
    url = f"/en/programmes/indicators/{projects.tonnes.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"title": "Tonnes of flour delivered", "title_ar": "أطنان", "measure": "1", "unit": "t"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#results")
    indicator = Indicator.objects.get(pk=projects.tonnes.pk)
    assert indicator.title == "Tonnes of flour delivered"
    assert indicator.title_translations == {"ar": "أطنان"}
    assert not indicator.by_sex
    assert AuditEntry.objects.filter(
        action="programmes.indicator.updated", actor=officer_afg
    ).exists()


def test_once_actuals_are_recorded_an_indicator_keeps_what_they_count(
    projects: Projects, officer_afg: User, admin: User
) -> None:
    services.indicator_actual_record(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(10)
    )
    client = client_for(officer_afg)
    url = f"/en/programmes/indicators/{projects.tonnes.pk}/edit/"
    page = client.post(url, {"title": "Tonnes", "measure": "2", "unit": "t", "by_sex": "on"})
    assert page.status_code == 422
    assert "cannot change" in str(page.context["form"].errors["measure"])
    assert Indicator.objects.get(pk=projects.tonnes.pk).measure == "1"
    # The wording may still be corrected.
    page = client.post(url, {"title": "Tonnes (net)", "measure": "1", "unit": "t", "by_sex": "on"})
    assert page.status_code == 302
    assert Indicator.objects.get(pk=projects.tonnes.pk).title == "Tonnes (net)"


def test_a_new_measure_must_hold_the_targets_and_baseline_already_set(
    projects: Projects, officer_afg: User, admin: User
) -> None:
    services.indicator_target_set(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(150)
    )
    client = client_for(officer_afg)
    url = f"/en/programmes/indicators/{projects.tonnes.pk}/edit/"
    page = client.post(url, {"title": "Share delivered", "measure": "2", "unit": "%"})
    assert page.status_code == 422
    errors = str(page.context["form"].errors["measure"])
    assert "The target for Jan 1, 2023 – Dec 31, 2023 is 150." in errors
    assert "A percentage cannot be above 100." in errors
    assert Indicator.objects.get(pk=projects.tonnes.pk).measure == "1"
    services.indicator_target_set(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(80)
    )
    page = client.post(url, {"title": "Share delivered", "measure": "2", "unit": "%"})
    assert page.status_code == 302
    assert Indicator.objects.get(pk=projects.tonnes.pk).measure == "2"


def test_an_indicator_is_removed_after_confirming(
    projects: Projects, officer_afg: User, admin: User
) -> None:
    services.indicator_target_set(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(68)
    )
    client = client_for(officer_afg)
    url = f"/en/programmes/indicators/{projects.tonnes.pk}/remove/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Remove the indicator “Tonnes delivered”" in page.content.decode()
    assert Indicator.objects.filter(pk=projects.tonnes.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Indicator.objects.filter(pk=projects.tonnes.pk).exists()
    assert not IndicatorTarget.objects.exists()
    entry = AuditEntry.objects.get(action="programmes.indicator.removed")
    assert entry.actor == officer_afg and entry.before["title"] == "Tonnes delivered"


def test_an_indicator_with_actuals_is_not_removed(
    projects: Projects, officer_afg: User, admin: User
) -> None:
    services.indicator_actual_record(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(10)
    )
    client = client_for(officer_afg)
    url = f"/en/programmes/indicators/{projects.tonnes.pk}/remove/"
    for page in (client.get(url), client.post(url)):
        # The project's results with why, not a confirmation that could only be refused.
        assert page.status_code == 422
        text = html.unescape(page.content.decode())
        assert "Actuals are recorded against the indicator" in text
        assert "Remove the indicator" not in text and projects.flour.title in text
    assert Indicator.objects.filter(pk=projects.tonnes.pk).exists()


def test_indicators_and_periods_of_another_country_are_not_found(
    projects: Projects, officer_kaz: User, donor_viewer: User
) -> None:
    urls = [
        f"/en/programmes/indicators/{projects.tonnes.pk}/edit/",
        f"/en/programmes/indicators/{projects.tonnes.pk}/remove/",
        f"/en/programmes/periods/{projects.year.pk}/edit/",
        f"/en/programmes/periods/{projects.year.pk}/remove/",
    ]
    for url in urls:
        assert client_for(officer_kaz).post(url).status_code == 404, url
        assert client_for(donor_viewer).post(url).status_code == 403, url
    assert Indicator.objects.exists() and ReportingPeriod.objects.exists()


def test_a_period_is_corrected_within_the_project_and_beside_the_others(
    projects: Projects, officer_afg: User, admin: User
) -> None:
    later = _later_period(projects, admin)
    client = client_for(officer_afg)
    results = client.get(f"/en/programmes/projects/{projects.flour.pk}/results/")
    assert f"/en/programmes/periods/{later.pk}/edit/" in results.content.decode()
    url = f"/en/programmes/periods/{later.pk}/edit/"
    for start, end, field, words in (
        ("2023-12-01", "2024-06-30", "period_start", "overlaps"),
        ("2024-01-01", "2025-06-30", "period_end", "ends after the project"),
        ("2024-01-01", "2023-12-31", "period_end", "ends before it starts"),
    ):
        page = client.post(url, {"period_start": start, "period_end": end})
        assert page.status_code == 422, (start, end)
        assert words in str(page.context["form"].errors[field]), (start, end)
    response = client.post(url, {"period_start": "2024-01-01", "period_end": "2024-12-31"})
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.period_end == D(2024, 12, 31)
    assert AuditEntry.objects.filter(
        action="programmes.reportingperiod.updated", actor=officer_afg
    ).exists()


def test_a_period_is_removed_with_its_targets_after_confirming(
    projects: Projects, officer_afg: User, admin: User
) -> None:
    later = _later_period(projects, admin)
    services.indicator_target_set(
        actor=admin, indicator=projects.tonnes, period=later, value=Decimal(5)
    )
    client = client_for(officer_afg)
    url = f"/en/programmes/periods/{later.pk}/remove/"
    assert "Remove the reporting period" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not ReportingPeriod.objects.filter(pk=later.pk).exists()
    assert not IndicatorTarget.objects.exists()
    assert AuditEntry.objects.filter(action="programmes.reportingperiod.removed").exists()


def test_a_locked_period_or_one_with_actuals_is_neither_moved_nor_removed(
    projects: Projects, officer_afg: User, admin: User
) -> None:
    later = _later_period(projects, admin)
    services.indicator_actual_record(
        actor=admin, indicator=projects.tonnes, period=later, value=Decimal(3)
    )
    services.reporting_period_approve(actor=admin, period=projects.year)
    client = client_for(officer_afg)
    # Approved, the period is locked (409, as the API answers); with actuals it keeps its
    # dates (422). Asked or posted, each page answers the project's results with why.
    refusals = ((projects.year, "locked", 409), (later, "Actuals are recorded", 422))
    for period, words, status in refusals:
        edit = f"/en/programmes/periods/{period.pk}/edit/"
        remove = f"/en/programmes/periods/{period.pk}/remove/"
        dates = {"period_start": period.period_start, "period_end": period.period_end}
        for answer in (
            client.get(remove),
            client.post(remove),
            client.get(edit),
            client.post(edit, dates),
        ):
            text = answer.content.decode()
            assert answer.status_code == status and words in text
            assert "Reporting periods" in text and 'name="period_start"' not in text
    assert ReportingPeriod.objects.count() == 2


def test_budgets_and_periods_stay_within_the_project_dates(
    projects: Projects, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    base = f"/en/programmes/projects/{projects.flour.pk}"
    budget = client.post(
        f"{base}/budgets/",
        {
            "period_start": "2030-01-01",
            "period_end": "2030-12-31",
            "amount": "1000",
            "currency": projects.flour.currency_id,
            "status": "1",
        },
        **HTMX,
    )
    assert budget.status_code == 422
    assert "starts before" not in budget.content.decode()
    errors = budget.context["budget_form"].errors
    assert "ends after the project, which ends on Dec 31, 2023" in str(errors["period_end"])
    period = client.post(
        f"{base}/periods/", {"period_start": "2020-01-01", "period_end": "2020-12-31"}, **HTMX
    )
    assert period.status_code == 422
    errors = period.context["period_form"].errors
    assert "starts before the project, which starts on Jan 1, 2023" in str(errors["period_start"])
    assert not Budget.objects.exists()
    assert ReportingPeriod.objects.count() == 1


def test_the_project_cannot_be_shortened_past_its_periods(
    projects: Projects, admin: User, officer_afg: User
) -> None:
    _later_period(projects, admin)
    client = client_for(officer_afg)
    url = f"/en/programmes/projects/{projects.flour.pk}/edit/"
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data = {
        name: getattr(value, "pk", value)
        for name, value in data.items()
        if not isinstance(value, (list, dict))
    }
    data["planned_end"] = "2024-03-31"
    answer = client.post(url, data)
    assert answer.status_code == 422
    errors = answer.context["form"].errors
    assert "ends on Jun 30, 2024: the project cannot end before it" in str(errors["planned_end"])
    projects.flour.refresh_from_db()
    assert projects.flour.planned_end == D(2024, 12, 31)
    services.project_update(actor=admin, project=projects.flour, planned_end=D(2024, 6, 30))
    projects.flour.refresh_from_db()
    assert projects.flour.planned_end == D(2024, 6, 30)
