"""The member-state map draws in Chromium from the server alone: no request to another host."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from sunbula.core.models import User
from sunbula.policy.models import PolicyProfile
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_member_state_map_renders_locally(
    page: Page, live_server: Any, analyst: User, afghan_published: PolicyProfile
) -> None:
    hosts: list[str] = []

    page.on("request", lambda request: hosts.append(urlparse(request.url).netloc))
    page.goto(f"{live_server.url}/ar/accounts/login/")
    page.locator("input[name=username]").fill(analyst.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.goto(f"{live_server.url}/ar/policy/map/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    afghanistan = page.locator('svg.map path[data-code="AFG"]')
    expect(afghanistan).to_have_class("band-4")  # the only value, so in the top band
    expect(page.locator('svg.map path[data-code="KAZ"]')).to_have_class("no-data")
    assert afghanistan.evaluate("element => getComputedStyle(element).fill") == "rgb(0, 109, 44)"
    box = afghanistan.bounding_box()
    assert box is not None and box["width"] > 5 and box["height"] > 5
    assert hosts, "the browser made no request at all"
    assert set(hosts) == {urlparse(live_server.url).netloc}, hosts
