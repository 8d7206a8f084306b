"""The SDG 2 values list shows its filters (country, series code): a link that filters it, as
the page after recording a value by hand does, says so in the boxes; a series code that cannot
be one is refused on its box (400), no rows listed."""

from __future__ import annotations

import datetime
import re

import pytest

from sunbula.core.models import User
from sunbula.policy import services
from sunbula.policy.models import PolicyProfile
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_the_list_is_filtered_by_country_and_series_in_view(
    world: World, analyst: User, afghan_published: PolicyProfile
) -> None:
    services.indicator_value_record(
        actor=analyst,
        country=world.kazakhstan,
        series_code="SH_STA_WAST",
        year=2022,
        value="2",
        source="Test",
        retrieved_on=datetime.date(2025, 1, 1),
    )
    client = client_for(analyst)
    everything = client.get("/en/policy/indicators/").content.decode()
    assert "2 values" in everything
    filtered = client.get("/en/policy/indicators/?country=kaz&series=sh_sta_wast")
    html = filtered.content.decode()
    assert re.search(r'name="country"[^>]*value="kaz"', html)
    assert re.search(r'name="series"[^>]*value="sh_sta_wast"', html)
    assert "1 value" in html and "SH_STA_WAST" in html and "SN_ITK_DEFC" not in html
    refused = client.get("/en/policy/indicators/?series=not a code")
    assert refused.status_code == 400
    assert "A UN series code, e.g. SN_ITK_DEFC." in refused.content.decode()
    assert "0 values" in refused.content.decode()
