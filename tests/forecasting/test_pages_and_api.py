"""The forecast pages and API answer within the caller's scope, and a run can be asked for."""

from __future__ import annotations

import gzip
from decimal import Decimal

import pytest
from django.urls import reverse

from sunbula.core.models import User
from sunbula.forecasting import services
from sunbula.forecasting.models import BreakAlertThreshold, Forecast
from tests.conftest import World, client_for
from tests.forecasting.conftest import D
from tests.supply.conftest import Stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def forecast(world: World, stock: Stock, admin: User) -> Forecast:
    return services.forecast_run(
        actor=admin, country=world.afghanistan, as_of=D(2023, 6, 1), draws=200
    )


def test_officer_sees_the_forecast_with_its_chart_and_map(
    officer_afg: User, forecast: Forecast
) -> None:
    client = client_for(officer_afg)
    listing = client.get(reverse("forecasting:forecast_list"))
    assert listing.status_code == 200
    assert forecast.get_absolute_url().encode() in listing.content
    page = client.get(forecast.get_absolute_url())
    assert page.status_code == 200
    assert b'class="spark"' in page.content and b'<svg class="map"' in page.content
    assert b"AF01" in page.content
    assert len(gzip.compress(page.content)) <= 14 * 1024


def test_officer_elsewhere_and_outsider_are_refused(
    officer_kaz: User, outsider: User, forecast: Forecast
) -> None:
    assert client_for(officer_kaz).get(forecast.get_absolute_url()).status_code == 404
    assert client_for(officer_kaz).get(f"/api/v1/forecasts/{forecast.pk}/").status_code == 404
    assert client_for(officer_kaz).get("/api/v1/forecasts/").json()["count"] == 0
    assert client_for(outsider).get(reverse("forecasting:forecast_list")).status_code == 403
    refused = client_for(officer_kaz).post(
        "/api/v1/forecasts/run/", {"country": "AFG"}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert (
        client_for(officer_kaz)
        .post(reverse("forecasting:forecast_run"), {"country": "AFG"})
        .status_code
        == 422
    )
    assert Forecast.objects.count() == 1


def test_api_lists_reads_and_runs(officer_afg: User, world: World, forecast: Forecast) -> None:
    client = client_for(officer_afg)
    assert client.get("/api/v1/forecasts/").json()["results"][0]["id"] == forecast.pk
    detail = client.get(f"/api/v1/forecasts/{forecast.pk}/").json()
    (kabul,) = [line for line in detail["lines"] if line["p_code"] == "AF01"]
    assert Decimal(kabul["on_hand"]) == Decimal(1000)
    assert len(kabul["months"]) == 6
    assert "transit" in detail["explanation"]["learned"]
    made = client.post(
        "/api/v1/forecasts/run/",
        {"country": "AFG", "horizon": 3, "draws": 100, "as_of": "2023-06-01"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["horizon"] == 3 and len(made.json()["lines"][0]["months"]) == 3


def test_page_runs_a_forecast_and_sets_the_officer_threshold(
    officer_afg: User, stock: Stock
) -> None:
    client = client_for(officer_afg)
    made = client.post(reverse("forecasting:forecast_run"), {"country": "AFG", "horizon": 3})
    assert made.status_code == 302
    forecast = Forecast.objects.get()
    assert made["Location"] == forecast.get_absolute_url()
    assert forecast.created_by == officer_afg
    assert client.post(reverse("forecasting:thresholds"), {"probability": "40"}).status_code == 302
    assert BreakAlertThreshold.objects.get(user=officer_afg).probability == Decimal("0.400")
    assert client.post(reverse("forecasting:thresholds"), {"probability": ""}).status_code == 302
    assert not BreakAlertThreshold.objects.filter(user=officer_afg).exists()
