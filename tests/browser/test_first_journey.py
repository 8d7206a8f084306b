"""Sign in, switch to Arabic, and read the home page right to left."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sunbula.core.models import User
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_switch_to_arabic_and_see_rtl_home(
    page: Page, live_server: Any, officer_afg: User
) -> None:
    page.goto(f"{live_server.url}/en/sites/")
    expect(page).to_have_url(f"{live_server.url}/en/accounts/login/?next=/en/sites/")
    page.get_by_label("E-mail address").fill(officer_afg.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/en/sites/")
    page.goto(f"{live_server.url}/en/")  # staff see their dashboard where visitors see the door
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    page.get_by_label("Language").select_option("ar")
    page.get_by_role("button", name="Switch").click()

    expect(page).to_have_url(f"{live_server.url}/ar/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    navigation = page.get_by_role("navigation").first
    expect(navigation).to_contain_text("المنظمات")
    # Right to left for real: the brand sits at the right edge of the bar.
    brand = page.locator(".brand").bounding_box()
    assert brand is not None
    assert brand["x"] > page.viewport_size["width"] / 2  # type: ignore[index]
