"""The main pages run under a Content-Security-Policy without inline script or style, and
Chromium reports no violation of it on any of them."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from sunbula.core.models import User
from tests.conftest import PASSWORD, Field
from tests.second_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STRICT = ("script-src 'self';", "style-src 'self';", "frame-ancestors 'none'", "object-src 'none'")


def test_the_main_pages_break_no_content_security_policy(
    page: Page, live_server: Any, admin: User, field: Field
) -> None:
    violations: list[str] = []

    def heard(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", heard)
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, admin.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    domains = page.get_by_role("navigation", name="Domains").get_by_role("link")
    paths = [str(link.get_attribute("href")) for link in domains.all()][:8]
    paths += [
        "/en/",
        "/en/registry/people/",
        "/en/registry/people/new/",
        f"/en/registry/households/{field.household.pk}/",
        f"/en/assistance/cycles/{field.cycle.pk}/",
        f"/en/assistance/point/{field.cycle.pk}/{field.centre.pk}/",
        "/en/learning/farm/ps/",
        "/api/docs/",
    ]
    assert len(paths) >= 14
    for path in dict.fromkeys(paths):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        policy = response.headers.get("content-security-policy", "")
        if path.startswith("/api/docs/"):
            assert "'unsafe-inline'" in policy and "frame-ancestors 'none'" in policy
        else:
            assert all(rule in policy for rule in STRICT), (path, policy)
        page.wait_for_load_state("networkidle")
    # htmx works under the policy: the registration form checks itself as it is filled in.
    page.goto(f"{live_server.url}/en/registry/people/new/")
    page.get_by_label("Given name").fill("Farida")
    page.get_by_label("Given name").blur()
    page.wait_for_load_state("networkidle")
    assert violations == []
