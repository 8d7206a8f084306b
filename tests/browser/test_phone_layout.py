"""Staff pages on a 360-pixel phone, in English and Arabic: the menu folds behind one button,
nothing scrolls the page sideways, the keyboard focus shows, and "Sign out" signs out."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sunbula.core.models import User
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["", "organisations/", "sites/", "member-states/", "audit/"]


def test_staff_pages_fit_a_phone_in_english_and_arabic(
    page: Page, live_server: Any, admin: User
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.locator("#id_username").fill(admin.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button.primary").click()
    for language in ("en", "ar"):
        for path in PAGES:
            url = f"{live_server.url}/{language}/{path}"
            page.goto(url)
            button = page.locator(".menu-button")
            expect(button).to_be_visible()
            width = page.evaluate("document.scrollingElement.scrollWidth")
            assert width <= 360, f"{url} is {width} px wide"
            header = page.locator("header.bar").bounding_box()
            assert header is not None and header["height"] < 120, f"{url}: {header}"
            expect(page.locator("header nav")).to_be_hidden()
        button.click()
        expect(page.locator("header nav a").first).to_be_visible()
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 360

    # The focus shows: a keyboard user sees where they are.
    page.goto(f"{live_server.url}/en/sites/")
    page.locator(".menu-button").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), outline

    # Each item of the user menu is where it looks: "Sign out" signs out.
    page.locator(".menu-button").click()
    page.locator("details.user summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/en/accounts/login/")
    assert "api/docs" not in page.url
