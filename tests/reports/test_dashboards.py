"""Dashboards: the funnel equals the ledgers, whatever happens; pages are scoped and translated."""

from __future__ import annotations

import datetime
import gzip
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q, Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sunbula.assistance.models import DistributionTally, ReachedTally
from sunbula.assistance.selectors import chain_trace, people_reached
from sunbula.core.models import Country, Role, User
from sunbula.funding.models import Pledge
from sunbula.funding.selectors import money_totals
from sunbula.programmes.models import Programme, Project
from sunbula.reports.dashboards import funnel, programme_dashboard
from sunbula.supply.models import Lot
from tests.conftest import client_for, make_persona
from tests.reports.flour_demo import FlourDemo
from tests.reports.funnel_ledger import ledger_funnel, shown

pytestmark = pytest.mark.django_db
D = datetime.date
ZERO = Decimal(0)


@pytest.fixture
def director(flour_demo: FlourDemo) -> User:
    return flour_demo.director


def test_the_home_funnel_equals_the_ledgers_on_the_demo(director: User) -> None:
    expected = ledger_funnel()
    assert expected["distributed"] > 0 and expected["lost_in_transit"] > 0
    assert shown(funnel(user=director)) == expected

    page = client_for(director).get("/en/")
    assert page.status_code == 200
    cells = re.findall(r'data-stage="(\d+)"><bdi>([^<]*)</bdi><', page.content.decode())
    money, goods = cells[:3], cells[3:10]
    as_number = lambda text: Decimal(text.replace(",", ""))  # noqa: E731
    assert [as_number(value) for _stage, value in money] == [
        expected["pledged"].quantize(Decimal(1)),
        expected["committed"].quantize(Decimal(1)),
        expected["paid"].quantize(Decimal(1)),
    ]
    assert [as_number(value) for _stage, value in goods] == [
        expected[name].quantize(Decimal(1))
        for name in (
            "received",
            "dispatched",
            "delivered",
            "distributed",
            "in_stock",
            "lost_in_transit",
            "lost_in_store",
        )
    ]


def test_an_officer_sees_only_the_chain_in_their_countries(
    flour_demo: FlourDemo,
) -> None:
    kazakhstan = Country.objects.get(iso3="KAZ")
    officer = flour_demo.officer_kaz
    board = funnel(user=officer)
    afghan = Q(country__iso3="AFG")
    assert Lot.objects.filter(afghan).exists()
    assert board.trace.distributed == ZERO
    assert board.trace.received == (
        Lot.objects.filter(country=kazakhstan).aggregate(total=Sum("quantity_received"))["total"]
        or ZERO
    )
    assert board.money.pledged_usd == (
        Pledge.objects.filter(country=kazakhstan)
        .exclude(status=Pledge.Status.CANCELLED)
        .aggregate(total=Sum("amount_usd"))["total"]
        or ZERO
    )
    client = client_for(officer)
    assert client.get("/en/reports/dashboards/countries/AFG/").status_code == 404
    assert client.get("/en/reports/dashboards/countries/KAZ/").status_code == 200
    afghan_project = Project.objects.filter(recipient_country__iso3="AFG").first()
    assert afghan_project is not None
    assert client.get(f"/en/reports/dashboards/projects/{afghan_project.pk}/").status_code == 404


def _pages(director: User) -> list[str]:
    project = Project.objects.get(code="AFSP-FFH-2023")
    programme = Programme.objects.filter(projects=project).first()
    assert programme is not None
    return [
        "/{lang}/",
        "/{lang}/reports/dashboards/",
        "/{lang}/reports/dashboards/countries/AFG/",
        f"/{{lang}}/reports/dashboards/programmes/{programme.pk}/",
        f"/{{lang}}/reports/dashboards/projects/{project.pk}/",
    ]


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_dashboards_are_translated_within_budget_and_rtl_in_arabic(
    director: User, language: str
) -> None:
    client = client_for(director)
    for pattern in _pages(director):
        response = client.get(pattern.format(lang=language))
        assert response.status_code == 200, pattern
        html = response.content.decode()
        assert f'lang="{language}"' in html
        assert ('dir="rtl"' in html) == (language == "ar")
        assert "From pledge to plate" not in html and "People reached" not in html, pattern
        assert len(gzip.compress(response.content)) <= 14 * 1024, pattern
        assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in html


def test_the_country_map_shades_the_provinces_that_were_reached(director: User) -> None:
    html = client_for(director).get("/en/reports/dashboards/countries/AFG/").content.decode()
    assert "People reached, by province" in html
    assert "AF01" in html  # Kabul: the Kabul treatment centre was served


def test_the_rebuild_command_gives_back_what_the_services_kept(director: User) -> None:
    before = shown(funnel(user=director)), people_reached(user=director)
    DistributionTally.objects.all().delete()
    ReachedTally.objects.all().delete()
    assert shown(funnel(user=director))["distributed"] == ZERO
    output = io.StringIO()
    call_command("summaries_rebuild", stdout=output)
    assert "rebuilt" in output.getvalue()
    assert (shown(funnel(user=director)), people_reached(user=director)) == before


def test_dashboards_never_read_the_distributions(director: User) -> None:
    """Pages read the summary tables: no query touches a distribution or draw row."""
    client = client_for(director)
    for pattern in _pages(director):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(pattern.format(lang="en")).status_code == 200
        raw = [
            query["sql"]
            for query in queries.captured_queries
            if '"assistance_distribution"' in query["sql"] or '"assistance_draw"' in query["sql"]
        ]
        assert raw == [], pattern


def test_the_api_gives_the_same_figures_within_the_callers_countries(
    director: User,
    flour_demo: FlourDemo,
) -> None:
    expected = ledger_funnel()
    home = client_for(director).get("/api/v1/dashboards/")
    assert home.status_code == 200
    figures = home.json()
    assert Decimal(figures["money_usd"]["pledged"]) == expected["pledged"]
    assert Decimal(figures["money_usd"]["paid"]) == expected["paid"]
    for name in ("pledged", "committed", "paid"):  # to the cent, as every amount the API gives
        assert re.fullmatch(r"\d+\.\d\d", figures["money_usd"][name]), name
    for name in ("received", "dispatched", "delivered", "distributed", "in_stock"):
        assert Decimal(figures["kilograms"][name]) == expected[name], name
    assert figures["people_reached"]["total"] == people_reached(user=director).people > 0
    assert {alert["alert"] for alert in figures["alerts"]} >= {"Losses under review"}

    kazakh = client_for(flour_demo.officer_kaz)
    assert kazakh.get("/api/v1/dashboards/AFG/").status_code == 404
    own = kazakh.get("/api/v1/dashboards/KAZ/")
    assert own.status_code == 200
    assert own.json()["country"] == "KAZ"
    assert Decimal(own.json()["kilograms"]["distributed"]) == ZERO
    assert Client().get("/api/v1/dashboards/").status_code in (401, 403)


def test_each_line_of_a_programme_dashboard_gives_its_projects_own_figures(
    director: User,
) -> None:
    lines = [
        line
        for programme in Programme.objects.all()
        for line in programme_dashboard(user=director, programme=programme).lines
    ]
    assert any(line.reached.people for line in lines)
    for line in lines:
        assert line.money == money_totals(user=director, project_id=line.project.pk)
        reached = people_reached(user=director, project_id=line.project.pk)
        assert (line.reached.people, line.reached.kilograms) == (reached.people, reached.kilograms)


def test_a_programme_dashboard_queries_alike_for_one_project_and_for_many(
    director: User,
) -> None:
    client = client_for(director)
    queries_by_projects: dict[int, int] = {}
    for programme in Programme.objects.filter(projects__isnull=False).distinct():
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/en/reports/dashboards/programmes/{programme.pk}/")
        queries_by_projects[programme.projects.count()] = len(queries)
    assert len(queries_by_projects) >= 2, queries_by_projects
    assert len(set(queries_by_projects.values())) == 1, queries_by_projects


def test_a_donor_viewer_sees_the_people_its_goods_reached_as_its_trace_does(
    flour_demo: FlourDemo,
) -> None:
    donor = make_persona("focal@kazakhstan.example", Role.DONOR_VIEWER, flour_demo.kazakhstan, [])
    trace = chain_trace(user=donor)
    assert trace.people > 0 and trace.distributed > 0
    figures = client_for(donor).get("/api/v1/dashboards/").json()["people_reached"]
    # Its cycles belong to no donor; the people and kilograms its lots reached are counted.
    assert figures["total"] == trace.people
    assert Decimal(figures["kilograms_distributed"]) == trace.distributed
    # An officer of the country sees every donor's: more than this one's.
    assert people_reached(user=flour_demo.officer_afg).people > trace.people
