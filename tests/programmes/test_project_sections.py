"""On the project page, officers change locations, sectors, co-funders, budgets and results
through htmx forms: a refused change comes back in place with a 422 naming the field, and
nothing is written."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from sunbula.core import services as core_services
from sunbula.core.models import AuditEntry, User
from sunbula.programmes import services
from sunbula.programmes.models import Budget, Indicator, IndicatorTarget, ReportingPeriod, Result
from tests.conftest import Projects, World, client_for

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _rows(prefix: str, rows: list[tuple[object, str]], key: str, deleted: int = -1) -> dict:
    data: dict[str, object] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, (value, percentage) in enumerate(rows):
        data[f"{prefix}-{index}-{key}"] = value
        data[f"{prefix}-{index}-percentage"] = percentage
        if index == deleted:
            data[f"{prefix}-{index}-DELETE"] = "on"
    return data


def _post(client: Client, projects: Projects, part: str, data: dict) -> tuple[int, str]:
    response = client.post(f"/en/programmes/projects/{projects.flour.pk}/{part}/", data, **HTMX)
    return response.status_code, response.content.decode()


def test_the_project_page_offers_the_forms_to_officers_only(
    projects: Projects, officer_afg: User, donor_viewer: User
) -> None:
    url = projects.flour.get_absolute_url()
    page = client_for(officer_afg).get(url).content.decode()
    for heading in ("Change the locations", "Change the sectors", "Add a budget", "Set a target"):
        assert heading in page
    assert 'hx-target="#locations"' in page
    assert "Change the locations" not in client_for(donor_viewer).get(url).content.decode()


def test_locations_are_replaced_in_place(
    projects: Projects, world: World, officer_afg: User
) -> None:
    data = _rows("locations", [(world.hirat.pk, "60"), (world.kabul.pk, "40")], "admin_area")
    status, html = _post(client_for(officer_afg), projects, "locations", data)
    assert status == 200
    assert html.startswith('<section id="locations">') and "<html" not in html
    assert "AF01" in html and "60.00 %" in html
    shares = dict(projects.flour.locations.values_list("admin_area__p_code", "percentage"))
    assert shares == {"AF32": Decimal(60), "AF01": Decimal(40)}


def test_a_location_is_removed_by_ticking_it(
    projects: Projects, world: World, officer_afg: User
) -> None:
    data = _rows(
        "locations", [(world.hirat.pk, "100"), (world.kabul.pk, "40")], "admin_area", deleted=1
    )
    status, _html = _post(client_for(officer_afg), projects, "locations", data)
    assert status == 200
    assert list(projects.flour.locations.values_list("admin_area__p_code", flat=True)) == ["AF32"]


def test_locations_not_adding_up_are_refused(
    projects: Projects, world: World, officer_afg: User
) -> None:
    before = AuditEntry.objects.count()
    data = _rows("locations", [(world.hirat.pk, "60"), (world.kabul.pk, "30")], "admin_area")
    status, html = _post(client_for(officer_afg), projects, "locations", data)
    assert status == 422
    assert "Location percentages add up to 90" in html and 'role="alert"' in html
    assert list(projects.flour.locations.values_list("percentage", flat=True)) == [Decimal(100)]
    assert AuditEntry.objects.count() == before


def test_an_area_of_another_country_cannot_be_chosen(
    projects: Projects, world: World, officer_afg: User
) -> None:
    almaty = core_services.admin_area_upsert(
        actor=None,
        country=world.kazakhstan,
        p_code="KZ75",
        pcode_set_version="KAZ 2023",
        level=1,
        name="Almaty",
    )
    data = _rows("locations", [(almaty.pk, "100")], "admin_area")
    status, html = _post(client_for(officer_afg), projects, "locations", data)
    assert status == 422
    assert "Select a valid choice" in html
    assert list(projects.flour.locations.values_list("admin_area__p_code", flat=True)) == ["AF32"]


def test_sectors_are_replaced_and_must_add_up_to_100(projects: Projects, officer_afg: User) -> None:
    client = client_for(officer_afg)
    status, html = _post(
        client, projects, "sectors", _rows("sectors", [("72040", "70"), ("15137", "20")], "code")
    )
    assert status == 422 and "Sector percentages add up to 90" in html
    assert list(projects.flour.sectors.values_list("code", flat=True)) == ["72040"]
    status, html = _post(
        client, projects, "sectors", _rows("sectors", [("72040", "70"), ("15137", "30")], "code")
    )
    assert status == 200 and "15137" in html
    assert dict(projects.flour.sectors.values_list("code", "percentage")) == {
        "72040": Decimal(70),
        "15137": Decimal(30),
    }


def test_a_sector_row_with_a_bad_percentage_names_it(projects: Projects, officer_afg: User) -> None:
    status, html = _post(
        client_for(officer_afg),
        projects,
        "sectors",
        _rows("sectors", [("72040", "170")], "code"),
    )
    assert status == 422 and "less than or equal to 100" in html
    assert list(projects.flour.sectors.values_list("percentage", flat=True)) == [Decimal(100)]


def test_co_funders_are_added_and_removed(
    projects: Projects, world: World, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    data = {"organisation": world.kazakhstan_government.pk, "role": "1", "funding_share": "60"}
    status, html = _post(client, projects, "participants", data)
    assert status == 200 and "60.00 %" in html
    status, html = _post(
        client,
        projects,
        "participants",
        {"organisation": world.iofs.pk, "role": "1", "funding_share": "50"},
    )
    assert status == 422 and "more than 100" in html and "invalid" in html
    assert projects.flour.participants.filter(role="1").count() == 1
    status, html = _post(
        client,
        projects,
        "participants",
        {"organisation": world.iofs.pk, "role": "4", "funding_share": "10"},
    )
    assert status == 422 and "Only a funding organisation has a share" in html
    funder = projects.flour.participants.get(role="1")
    response = client.post(f"/en/programmes/participants/{funder.pk}/remove/", **HTMX)
    assert response.status_code == 200
    assert not projects.flour.participants.filter(role="1").exists()
    assert AuditEntry.objects.filter(
        action="programmes.participatingorganisation.removed", actor=officer_afg
    ).exists()


def test_adding_a_funder_again_says_its_share_changed(
    projects: Projects, world: World, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    address = f"/en/programmes/projects/{projects.flour.pk}/participants/"
    funder = {"organisation": world.kazakhstan_government.pk, "role": "1"}
    client.post(address, {**funder, "funding_share": "60"})
    page = client.post(address, {**funder, "funding_share": "10"}, follow=True)
    said = [str(message) for message in page.context["messages"]]
    assert any("its funding share changed from 60% to 10%" in text for text in said), said
    page = client.post(address, {**funder, "funding_share": "10"}, follow=True)
    said = [str(message) for message in page.context["messages"]]
    assert any("already; nothing changed" in text for text in said), said
    assert projects.flour.participants.get(role="1").funding_share == Decimal(10)


def test_budgets_are_recorded_and_removed(projects: Projects, officer_afg: User) -> None:
    client = client_for(officer_afg)
    budget = {
        "period_start": "2023-01-01",
        "period_end": "2023-12-31",
        "amount": "250000",
        "currency": projects.flour.currency_id,
        "status": "2",
    }
    status, html = _post(client, projects, "budgets", budget)
    assert status == 200 and "USD\xa0250,000.00" in html
    status, html = _post(client, projects, "budgets", {**budget, "period_end": "2024-12-31"})
    assert status == 422 and "a year at most" in html
    status, html = _post(client, projects, "budgets", {**budget, "amount": "-5"})
    assert status == 422 and "greater than or equal to 0" in html
    assert list(Budget.objects.values_list("amount", flat=True)) == [Decimal(250000)]
    row = Budget.objects.get()
    # Removing one asks why on a page of its own, then goes back to the project's budgets.
    response = client.post(f"/en/programmes/budgets/{row.pk}/remove/", {"reason": "Wrong year"})
    assert response.status_code == 302 and response["Location"].endswith("#budgets")
    assert not Budget.objects.exists()


def test_results_indicators_periods_and_targets(projects: Projects, officer_afg: User) -> None:
    client = client_for(officer_afg)
    status, html = _post(
        client,
        projects,
        "results/new",
        {"level": "2", "title": "Patients eat better", "title_ar": "تحسن تغذية المرضى"},
    )
    assert status == 200 and "Patients eat better" in html
    result = Result.objects.get(title="Patients eat better")
    assert result.title_translations == {"ar": "تحسن تغذية المرضى"}
    status, html = _post(
        client,
        projects,
        "indicators",
        {"result": result.pk, "title": "Meals served", "measure": "1", "unit": "meals"},
    )
    assert status == 200 and "Meals served" in html
    status, html = _post(
        client,
        projects,
        "indicators",
        {"result": result.pk, "title": "Bad", "measure": "1", "baseline_year": "2022"},
    )
    assert status == 422 and "Give the baseline year and value together" in html
    assert not Indicator.objects.filter(title="Bad").exists()
    status, html = _post(
        client, projects, "periods", {"period_start": "2024-01-01", "period_end": "2023-12-31"}
    )
    assert status == 422 and "ends before it starts" in html
    services.project_update(
        actor=officer_afg, project=projects.flour, planned_end=datetime.date(2024, 12, 31)
    )
    status, _html = _post(
        client, projects, "periods", {"period_start": "2024-01-01", "period_end": "2024-12-31"}
    )
    assert status == 200
    period = ReportingPeriod.objects.get(project=projects.flour, period_start="2024-01-01")
    meals = Indicator.objects.get(title="Meals served")
    status, html = _post(
        client, projects, "targets", {"indicator": meals.pk, "period": period.pk, "value": "5000"}
    )
    assert status == 200 and "target <bdi>5,000</bdi>" in html
    assert IndicatorTarget.objects.get(indicator=meals).value == Decimal(5000)


def test_a_target_in_a_locked_period_is_refused(
    projects: Projects, officer_afg: User, admin: User
) -> None:
    services.reporting_period_approve(actor=admin, period=projects.year)
    status, html = _post(
        client_for(officer_afg),
        projects,
        "targets",
        {"indicator": projects.tonnes.pk, "period": projects.year.pk, "value": "68"},
    )
    assert status == 422 and "locked" in html
    assert not IndicatorTarget.objects.exists()


def test_a_result_with_actuals_stays(projects: Projects, officer_afg: User, admin: User) -> None:
    services.indicator_actual_record(
        actor=admin, indicator=projects.tonnes, period=projects.year, value=Decimal(12)
    )
    response = client_for(officer_afg).post(
        f"/en/programmes/results/{projects.tonnes.result_id}/remove/", **HTMX
    )
    assert response.status_code == 422 and "cannot be removed" in response.content.decode()
    assert Result.objects.filter(pk=projects.tonnes.result_id).exists()


@pytest.mark.parametrize(
    "path",
    ["locations", "sectors", "participants", "budgets", "results/new", "indicators", "targets"],
)
def test_another_country_officer_gets_404(projects: Projects, officer_kaz: User, path: str) -> None:
    status, _html = _post(client_for(officer_kaz), projects, path, {})
    assert status == 404


def test_rows_of_another_country_project_are_not_found(
    projects: Projects, world: World, officer_kaz: User, donor_viewer: User, admin: User
) -> None:
    participant = projects.flour.participants.get(organisation=world.iofs)
    budget = services.budget_record(
        actor=admin,
        project=projects.flour,
        period_start=projects.year.period_start,
        period_end=projects.year.period_end,
        amount=Decimal(1),
        currency=projects.flour.currency,
    )
    urls = [
        f"/en/programmes/participants/{participant.pk}/remove/",
        f"/en/programmes/budgets/{budget.pk}/remove/",
        f"/en/programmes/results/{projects.tonnes.result_id}/remove/",
    ]
    for url in urls:
        assert client_for(officer_kaz).post(url, {"reason": "x"}).status_code == 404, url
        assert client_for(donor_viewer).post(url, {"reason": "x"}).status_code == 403, url
    assert projects.flour.participants.exists() and Budget.objects.exists()
