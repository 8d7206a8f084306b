"""Market prices: a market and its prices recorded by hand, the latest price of each
commodity with its trend, the HXL-tagged download, the API, and each country's prices kept
to its own people."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sunbula.core import services as core
from sunbula.core.models import AuditEntry, Currency, User
from sunbula.monitoring.models import Market, PriceObservation
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def afghani(world: World) -> Currency:
    return core.currency_upsert(actor=None, code="AFN", name="Afghani")


def _price(price: str, days_ago: int) -> dict[str, str]:
    return {
        "commodity": "Wheat flour",
        "category": "cereals and tubers",
        "unit": "kg",
        "price_type": "Retail",
        "price": price,
        "currency": "AFN",
        "observed_on": (timezone.localdate() - datetime.timedelta(days=days_ago)).isoformat(),
    }


def test_prices_recorded_by_hand_show_their_trend_and_download_with_hxl_tags(
    officer_afg: User, officer_kaz: User, world: World, afghani: Currency
) -> None:
    client = client_for(officer_afg)
    created = client.post(
        reverse("monitoring:market_create"),
        {
            "country": world.afghanistan.pk,
            "name": "Herat central bazaar",
            "admin_area": world.hirat.pk,
        },
    )
    market = Market.objects.get()
    assert created["Location"] == market.get_absolute_url()
    record = reverse("monitoring:price_create", args=[market.pk])
    refused = client.post(record, _price("-40", 0))
    assert refused.status_code == 422
    assert "A price must be more than zero." in refused.content.decode()
    assert not PriceObservation.objects.exists()
    for price, days_ago in (("40", 30), ("44", 0)):
        assert client.post(record, _price(price, days_ago)).status_code == 302
    assert (
        list(PriceObservation.objects.values_list("unit", "collected_by"))
        == [("KG", officer_afg.pk)] * 2
    )
    assert AuditEntry.objects.filter(action="monitoring.priceobservation.created").count() == 2

    listing = client.get(reverse("monitoring:market_list")).content.decode()
    assert (
        "Herat central bazaar" in listing
        and "<bdi>AFN\xa044</bdi> (▲ <bdi>10.0</bdi> %)" in listing
    )
    assert "<bdi>40</bdi> → <bdi>44</bdi>" in listing
    download = client.get(reverse("monitoring:market_list"), {"format": "csv"})
    lines = b"".join(download.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[1].startswith("#date,#country+code,#adm1+name,#adm1+code,#loc+market+name")
    assert lines[2].split(",")[4:11] == [
        "Herat central bazaar",
        "Cereals and tubers",
        "Wheat flour",
        "KG",
        "Retail",
        "AFN",
        "44",
    ]

    outsider = client_for(officer_kaz)
    assert (
        "Herat central bazaar"
        not in outsider.get(reverse("monitoring:market_list")).content.decode()
    )
    assert outsider.get(market.get_absolute_url()).status_code == 404
    assert outsider.post(record, _price("1", 0)).status_code == 404


def test_the_api_lists_and_records_prices_in_the_callers_countries(
    officer_afg: User, officer_kaz: User, world: World, afghani: Currency
) -> None:
    api = APIClient()
    api.force_authenticate(officer_afg)
    market = api.post(
        "/api/v1/markets/", {"name": "Kabul Mandawi", "country": "AFG", "admin_area": "AF01"}
    )
    assert market.status_code == 201, market.content
    bad = api.post("/api/v1/market-prices/", {**_price("0", 0), "market": market.json()["id"]})
    assert bad.status_code == 400 and "price" in bad.json()
    good = api.post("/api/v1/market-prices/", {**_price("36.5", 0), "market": market.json()["id"]})
    assert good.status_code == 201, good.content
    assert good.json()["price"] == "36.5000" and good.json()["collected_by"] == officer_afg.email
    assert [row["id"] for row in api.get("/api/v1/market-prices/").json()["results"]] == [
        good.json()["id"]
    ]
    api.force_authenticate(officer_kaz)
    assert api.get("/api/v1/market-prices/").json()["results"] == []
    elsewhere = api.post(
        "/api/v1/market-prices/", {**_price("1", 0), "market": market.json()["id"]}
    )
    assert elsewhere.status_code == 400
    assert PriceObservation.objects.get().price == Decimal("36.5")
