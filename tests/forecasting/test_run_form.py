"""The form that asks for a forecast says which countries it offers, so that an officer of a
country without provinces loaded learns why theirs is missing."""

from __future__ import annotations

import json
import re

import pytest

from sunbula.core import services as core_services
from sunbula.core.models import Role, User
from sunbula.forecasting.models import Forecast
from tests.conftest import Projects, World, client_for, make_persona
from tests.supply.conftest import Stock

pytestmark = pytest.mark.django_db


def test_an_officer_of_a_country_without_provinces_is_told_why_it_is_not_offered(
    officer_kaz: User, world: World
) -> None:
    page = client_for(officer_kaz).get("/en/forecasting/").content.decode()
    countries = re.search(r'<select name="country"[^>]*>(.*?)</select>', page, re.S)
    assert countries is not None and "KAZ" not in countries.group(1)
    assert "whose provinces are loaded" in page


def test_an_officer_limited_to_a_programme_is_told_to_choose_it(
    world: World, projects: Projects, stock: Stock
) -> None:
    """A country-wide forecast is refused to a role limited to one programme, on the field
    to change, with the country kept; the API says the same."""
    officer = make_persona("afsp.officer@iofs.example", None, world.iofs, [])
    core_services.role_grant(
        actor=None,
        user=officer,
        role=Role.PROGRAMME_OFFICER,
        organisation=world.iofs,
        countries=[world.afghanistan],
        programmes=[projects.flour.programme],
    )
    client = client_for(officer)
    answer = client.post("/en/forecasting/run/", {"country": "AFG", "horizon": "3"})
    assert answer.status_code == 422
    page = answer.content.decode()
    assert "choose one of them to forecast its share" in page
    assert re.search(r'<option value="AFG" selected>', page)
    assert not Forecast.objects.exists()
    refused = client.post(
        "/api/v1/forecasts/run/",
        json.dumps({"country": "AFG", "horizon": 3, "draws": 100}),
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert "choose one of them" in refused.json()["detail"]
    made = client.post(
        "/en/forecasting/run/",
        {"country": "AFG", "programme": projects.flour.programme.pk, "horizon": "3"},
    )
    assert made.status_code == 302
    assert Forecast.objects.get().programme == projects.flour.programme
