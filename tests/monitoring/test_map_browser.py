"""The province map draws in Chromium from the server alone: no request leaves for another host."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from sunbula.core.models import User
from sunbula.monitoring.models import SituationDataset
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_choropleth_renders_with_no_request_to_another_host(
    page: Page, live_server: Any, me_officer_afg: User, afghan_dataset: SituationDataset
) -> None:
    hosts: list[str] = []
    map_url = f"{live_server.url}/en/monitoring/{afghan_dataset.pk}/map/"

    page.on("request", lambda request: hosts.append(urlparse(request.url).netloc))
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(me_officer_afg.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(map_url)

    provinces = page.locator("svg.map path[data-code]")
    expect(provinces).to_have_count(2)  # the two provinces the test world knows
    kabul = page.locator('svg.map path[data-code="AF01"]')
    expect(kabul).to_have_class("phase-4")
    # The phase colour comes from the stylesheet, so the province is really painted.
    assert kabul.evaluate("element => getComputedStyle(element).fill") == "rgb(200, 0, 0)"
    box = kabul.bounding_box()
    assert box is not None and box["width"] > 5 and box["height"] > 5

    page.get_by_label("Colour by").select_option("p3plus")
    page.get_by_role("button", name="Show").click()
    expect(page.locator('svg.map path[data-code="AF01"]')).to_have_class("band-0")
    assert hosts, "the browser made no request at all"
    assert set(hosts) == {urlparse(live_server.url).netloc}, hosts
