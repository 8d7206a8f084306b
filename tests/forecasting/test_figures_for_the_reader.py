"""A forecast's bars and inputs give their dates and figures as the reader writes them."""

from __future__ import annotations

import re

import pytest

from sunbula.core.models import User
from sunbula.forecasting import services
from sunbula.forecasting.models import Forecast
from tests.conftest import World, client_for
from tests.forecasting.conftest import D
from tests.supply.conftest import Stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def forecast(world: World, stock: Stock, admin: User) -> Forecast:
    return services.forecast_run(
        actor=admin, country=world.afghanistan, as_of=D(2023, 6, 1), draws=200
    )


def test_a_bar_says_its_month_and_figures_in_french(officer_afg: User, forecast: Forecast) -> None:
    page = client_for(officer_afg).get(f"/fr/forecasting/{forecast.pk}/").content.decode()
    titles = re.findall(r"<g><title>(.*?)</title>", page)
    assert titles
    assert titles[0].startswith("À partir du 1 juin 2023 : besoin ")
    assert "2023-06-01" not in page
    assert all("<" not in title and "0,0000" not in title for title in titles)
    assert re.search(r"probabilité de rupture \d+(,\d)?\xa0%", titles[0])
    needs = re.search(r"Besoins par mois \(kg\)</dt><dd>(.*?)</dd>", page)
    assert needs is not None and ".0" not in needs.group(1)
