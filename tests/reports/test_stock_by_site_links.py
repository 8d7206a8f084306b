"""Where the traced kilograms lie, site by site, each site opening the lots on hand there: on
the country dashboard, the pledge-to-plate trace, the contribution's pipeline and the API."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from django.db.models import QuerySet

from sunbula.core.models import Country
from sunbula.reports.dashboards import country_dashboard
from sunbula.supply import selectors as supply_selectors
from sunbula.supply.models import BaseUnit, Lot
from sunbula.supply.selectors import SiteStock
from tests.conftest import client_for
from tests.reports.flour_demo import FlourDemo

pytestmark = pytest.mark.django_db

TREATMENT_CENTRES = {
    "Kabul drug-treatment centre",
    "Herat drug-treatment centre",
    "Kandahar drug-treatment centre",
}


def _opens_its_lots(
    flour_demo: FlourDemo, page: str, rows: list[SiteStock], lots: QuerySet[Lot]
) -> None:
    """Each row of `page` links the balance list narrowed to its site, which lists the lots of
    `lots` whose kilograms there add up to the row's."""
    client = client_for(flour_demo.officer_afg)
    text = html.unescape(client.get(page).content.decode())
    assert rows
    for row in rows:
        link = f"/en/supply/balances/?site={row.site_id}"
        assert f'<a href="{link}">{row.site}</a>' in text
        listed = html.unescape(client.get(link).content.decode())
        balances = supply_selectors.balance_list(
            user=flour_demo.officer_afg, site_id=row.site_id
        ).filter(lot__in=lots, lot__commodity__base_unit=BaseUnit.KG)
        assert sum((balance.quantity for balance in balances), Decimal(0)) == row.quantity
        for balance in balances:
            assert balance.lot.reference in listed


def test_the_country_dashboard_opens_each_sites_lots(flour_demo: FlourDemo) -> None:
    afghanistan = Country.objects.get(iso3="AFG")
    board = country_dashboard(user=flour_demo.officer_afg, country=afghanistan)
    assert {row.site for row in board.stock} >= TREATMENT_CENTRES
    lots = Lot.objects.filter(country=afghanistan)
    _opens_its_lots(flour_demo, "/en/reports/dashboards/countries/AFG/", board.stock, lots)


def test_the_trace_and_the_pipeline_open_each_sites_lots(flour_demo: FlourDemo) -> None:
    pledge = flour_demo.kaz_flour
    pipeline = supply_selectors.pledge_pipeline(user=flour_demo.officer_afg, pledges=[pledge])
    assert [row.site for row in pipeline.in_stock_by_site] == ["Kabul drug-treatment centre"]
    lots = Lot.objects.filter(pledge=pledge)
    pipeline_page = f"/en/supply/pledges/{pledge.pk}/pipeline/"
    _opens_its_lots(flour_demo, pipeline_page, pipeline.in_stock_by_site, lots)
    answer = client_for(flour_demo.officer_afg).get(f"/api/v1/trace/pledges/{pledge.pk}/")
    sites = answer.json()["in_stock_by_site"]
    rows = [SiteStock(row["site_id"], row["site"], Decimal(row["quantity"])) for row in sites]
    assert rows == pipeline.in_stock_by_site
    _opens_its_lots(flour_demo, f"/en/assistance/trace/pledges/{pledge.pk}/", rows, lots)
    piped = client_for(flour_demo.officer_afg).get(f"/api/v1/supply/pipeline/{pledge.pk}/")
    assert piped.status_code == 200
    assert [row["site_id"] for row in piped.json()["in_stock_by_site"]] == [
        row.site_id for row in rows
    ]
