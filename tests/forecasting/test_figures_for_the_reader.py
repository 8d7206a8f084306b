"""A forecast's bars and inputs give their dates and figures as the reader writes them."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from sunbula.assistance import services as assistance
from sunbula.core import services as core_services
from sunbula.core.models import Notification, User
from sunbula.forecasting import services
from sunbula.forecasting.models import Forecast
from sunbula.forecasting.notices import BREAK_NOTICE
from tests.conftest import Field, World, client_for, ready
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


def test_break_probabilities_read_as_percent_in_the_readers_language(
    officer_afg: User, forecast: Forecast
) -> None:
    """The legend, the tables and the bars give break probabilities in percent, as French
    writes them (not shares such as 0,05 beside percents)."""
    page = client_for(officer_afg).get(f"/fr/forecasting/{forecast.pk}/").content.decode()
    assert "moins de <bdi>5\xa0%</bdi>" in page
    assert "<bdi>20\xa0%</bdi>–<bdi>50\xa0%</bdi>" in page
    assert "0,05" not in page and "0,8 " not in page
    worst = re.findall(r"<td><bdi>(\d+)\xa0%</bdi></td>", page)
    assert worst
    titles = re.findall(r"<g><title>(.*?)</title>", page)
    assert all(re.search(r"probabilité de rupture \d+,\d\xa0%", title) for title in titles)


def test_what_was_learned_says_when_the_default_stood_in(
    officer_afg: User, world: World, admin: User
) -> None:
    """With no received waybill, the transit figures are the defaults: the page says so
    rather than an average of records that do not exist, and gives the loss in percent."""
    forecast = services.forecast_run(
        actor=admin, country=world.afghanistan, as_of=D(2023, 6, 1), draws=200
    )
    page = client_for(officer_afg).get(f"/en/forecasting/{forecast.pk}/").content.decode()
    assert "<bdi>10</bdi> days, the default: only <bdi>0</bdi> received waybills" in page
    assert "<bdi>1.7%</bdi> of what is sent, the default: only <bdi>0</bdi> waybill" in page
    assert "days on average, from 0" not in page


def test_a_threshold_reads_as_the_officer_gave_it(officer_afg: User) -> None:
    client = client_for(officer_afg)
    assert client.post("/ru/forecasting/alerts/", {"probability": "12.5"}).status_code == 302
    page = client.get("/ru/forecasting/alerts/").content.decode()
    assert "<bdi>12,5\xa0%</bdi>" in page


def test_a_break_notice_gives_its_percents_in_the_officers_language(
    officer_afg: User, world: World, field: Field, admin: User
) -> None:
    """The notice says the probability and the officer's threshold as their language writes
    percents, and a threshold of 12.5 % as 12.5 %, not 12 %. (The Herat household is given
    five tonnes in June 2023, beyond the 1.2 t the centre holds.)"""
    assistance.ration_line_set(
        actor=None, cycle=field.cycle, commodity=field.flour, quantity=Decimal(5000)
    )
    ready(field.cycle)
    core_services.user_set_language(actor=officer_afg, user=officer_afg, language="fr")
    services.break_threshold_set(
        actor=officer_afg, user=officer_afg, programme=None, probability=Decimal("0.125")
    )
    services.forecast_run(actor=admin, country=world.afghanistan, as_of=D(2023, 6, 1), draws=200)
    notices = Notification.objects.filter(recipient=officer_afg, key__startswith=BREAK_NOTICE)
    assert notices.exists()
    for notice in notices:
        assert "(votre seuil : 12,5\xa0%)." in notice.body
        assert re.search(r"donne \d+\xa0% de chances", notice.body)
        assert "%%" not in notice.body
