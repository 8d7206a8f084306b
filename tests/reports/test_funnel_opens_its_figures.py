"""The money of a dashboard's pledge-to-plate funnel opens the pledges it adds up, its goods
the lots received they are counted from, and a project's goods the project's trace: on the
home page, a country's and a project's dashboard, for readers of different countries."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest

from sunbula.core.models import Country, User
from sunbula.funding.models import Commitment, Payment, Pledge
from sunbula.programmes.models import Project
from sunbula.reports.dashboards import Funnel, country_dashboard, home_dashboard, project_dashboard
from sunbula.supply.models import Lot
from tests.conftest import client_for
from tests.reports.flour_demo import FlourDemo

pytestmark = pytest.mark.django_db

ZERO = Decimal(0)


def _listed(user: User, url: str) -> set[Pledge]:
    """The pledges a page lists."""
    answer = client_for(user).get(url)
    assert answer.status_code == 200, url
    page = answer.content.decode()
    return {pledge for pledge in Pledge.objects.all() if f">{pledge.reference}</a>" in page}


def _lots_listed(user: User, url: str) -> list[Lot]:
    """The lots a page lists."""
    answer = client_for(user).get(url)
    assert answer.status_code == 200, url
    page = answer.content.decode()
    return [lot for lot in Lot.objects.all() if f">{lot.reference}</a>" in page]


def _goods_open_the_lots(user: User, page: str, funnel: Funnel) -> list[Lot]:
    text = html.unescape(client_for(user).get(page).content.decode())
    for stage in funnel.goods_stages:
        assert stage.url == funnel.goods_url
        assert f'<a href="{stage.url}">{stage.label}</a>' in text
    lots = _lots_listed(user, funnel.goods_url)
    kilograms = [lot for lot in lots if lot.commodity.base_unit == "kg"]
    assert sum((lot.quantity_received for lot in kilograms), ZERO) == funnel.trace.received
    return lots


def _opens_what_it_adds_up(user: User, page: str, funnel: Funnel) -> None:
    text = html.unescape(client_for(user).get(page).content.decode())
    money = funnel.money_stages
    assert [stage.url for stage in money] == [funnel.pledges_url] * 3
    for stage in money:
        assert f'<a href="{stage.url}">{stage.label}</a>' in text
    pledges = _listed(user, funnel.pledges_url)
    assert len(pledges) == funnel.money.pledges
    assert sum((pledge.amount_usd for pledge in pledges), ZERO) == funnel.money.pledged_usd
    committed = Commitment.objects.filter(pledge__in=pledges)
    assert sum((row.amount_usd for row in committed), ZERO) == funnel.money.committed_usd
    paid = Payment.objects.filter(commitment__pledge__in=pledges)
    assert sum((row.amount_usd for row in paid), ZERO) == funnel.money.paid_usd


def test_the_home_funnel_opens_the_readers_pledges(flour_demo: FlourDemo) -> None:
    seen: dict[User, int] = {}
    for user in (flour_demo.director, flour_demo.officer_afg, flour_demo.officer_kaz):
        funnel = home_dashboard(user=user).funnel
        assert funnel.pledges_url == "/en/funding/pledges/"
        assert funnel.goods_url == "/en/supply/lots/"
        _opens_what_it_adds_up(user, "/en/", funnel)
        seen[user] = funnel.money.pledges, len(_goods_open_the_lots(user, "/en/", funnel))
    # Every demo pledge goes to Afghanistan: the Kazakhstan officer's funnel counts none.
    assert (
        seen[flour_demo.director]
        == seen[flour_demo.officer_afg]
        == (
            seen[flour_demo.director][0],
            Lot.objects.count(),
        )
    )
    assert seen[flour_demo.director][0] > 0
    assert seen[flour_demo.officer_kaz] == (0, 0)


def test_a_countrys_funnel_opens_the_pledges_to_the_country(flour_demo: FlourDemo) -> None:
    afghanistan = Country.objects.get(iso3="AFG")
    for user in (flour_demo.director, flour_demo.officer_afg):
        funnel = country_dashboard(user=user, country=afghanistan).funnel
        assert funnel.pledges_url == f"/en/funding/pledges/?country={afghanistan.pk}"
        assert funnel.goods_url == f"/en/supply/lots/?country={afghanistan.pk}"
        _opens_what_it_adds_up(user, "/en/reports/dashboards/countries/AFG/", funnel)
        lots = _goods_open_the_lots(user, "/en/reports/dashboards/countries/AFG/", funnel)
        assert lots
        assert {lot.country_id for lot in lots} == {afghanistan.pk}
        listed = _listed(user, funnel.pledges_url)
        assert listed
        assert {pledge.country_id for pledge in listed} == {afghanistan.pk}


def test_a_projects_funnel_opens_its_pledges_and_its_trace(flour_demo: FlourDemo) -> None:
    project = Project.objects.get(code="AFSP-FFH-2023")
    user = flour_demo.officer_afg
    funnel = project_dashboard(user=user, project=project).funnel
    assert funnel.pledges_url == f"/en/funding/pledges/?project={project.pk}"
    page = f"/en/reports/dashboards/projects/{project.pk}/"
    _opens_what_it_adds_up(user, page, funnel)
    assert {pledge.project_id for pledge in _listed(user, funnel.pledges_url)} == {project.pk}
    text = html.unescape(client_for(user).get(page).content.decode())
    trace = f"/en/assistance/trace/projects/{project.pk}/"
    for stage in funnel.goods_stages:
        assert stage.url == trace
        assert f'<a href="{trace}">{stage.label}</a>' in text
    traced = client_for(user).get(trace)
    assert traced.status_code == 200
    assert project.code in traced.content.decode()
