"""The demo, seen by each of its people: the pages each role starts from, opened as that
person, for the user guide's pictures (`make docs` runs this module; `make test` does not,
as it loads the whole demo first).

Each stop asserts that the page opens for its reader with its heading; the pictures are
taken only when `SUNBULA_GUIDE_SCREENSHOTS` asks for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from sunbula.core.demo import DEMO_PASSWORD, load_demo
from tests.browser.guide import shot
from tests.second_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A stop: the page to open ("" stays on the last one), then a link to follow on it (a CSS
# selector, its first match; "" follows none), and the picture's name.
Stop = tuple[str, str, str]
TOURS: list[tuple[str, list[Stop]]] = [
    (
        "officer.afg@sunbula.example",
        [
            ("/en/", "", "programme/home"),
            ("/en/programmes/projects/", "", "programme/projects"),
            ("/en/programmes/projects/", "main table tbody a", "programme/project-demo"),
            ("/en/reports/dashboards/countries/AFG/", "", "programme/country-dashboard"),
            ("/en/assistance/", "", "programme/cycles"),
            ("/en/programmes/4w/", "", "programme/four-w"),
        ],
    ),
    (
        "logistics.afg@sunbula.example",
        [
            ("/en/supply/", "", "logistics/stock"),
            ("/en/supply/lots/", "", "logistics/lots"),
            ("/en/supply/waybills/", "", "logistics/waybills"),
            ("/en/supply/losses/", "", "logistics/losses"),
            ("/en/supply/expiry/", "", "logistics/expiry"),
            ("/ar/supply/", "", "logistics/stock-ar"),
        ],
    ),
    (
        "protection.afg@sunbula.example",
        [
            ("/en/registry/households/", "", "protection/households"),
            ("/en/registry/people/", "", "protection/people"),
            ("/en/registry/institutions/", "", "protection/institutions"),
            ("/en/registry/duplicates/", "", "protection/duplicates"),
        ],
    ),
    (
        "me.officer@sunbula.example",
        [
            ("/en/reports/dashboards/", "", "me/dashboards"),
            ("/en/programmes/projects/", "main table tbody a", "me/project"),
            ("", "main a[href$='/results/']", "me/results"),
            ("/en/monitoring/", "", "me/situation"),
            ("/en/monitoring/prices/", "", "me/prices"),
            ("/en/reports/runs/", "", "me/report-runs"),
            ("/en/reports/", "", "me/exports"),
        ],
    ),
    (
        "events@sunbula.example",
        [
            ("/en/learning/", "", "events/events"),
            ("/en/learning/courses/", "", "events/courses"),
        ],
    ),
    (
        "policy@sunbula.example",
        [
            ("/en/policy/", "", "policy/profiles"),
            ("/en/policy/", "main table tbody a", "policy/profile"),
            ("/en/policy/gaps/", "", "policy/gaps"),
            ("/en/policy/map/", "", "policy/map"),
            ("/en/policy/reports/", "", "policy/reports"),
            ("/ar/policy/", "", "policy/profiles-ar"),
        ],
    ),
    (
        "donor.kaz@sunbula.example",
        [
            ("/en/", "", "donor/home"),
            ("/en/funding/pledges/", "", "donor/pledges"),
            ("/en/funding/pledges/", "main a:text-is('DEMO-FFH23-KAZ')", "donor/pledge"),
            ("", "main a[href*='/trace/pledges/']", "donor/pledge-trace"),
            ("/en/funding/", "", "donor/funding"),
            ("/ar/funding/pledges/", "", "donor/pledges-ar"),
        ],
    ),
    (
        "admin@sunbula.example",
        [
            ("/en/users/", "", "administrator/users"),
            ("/en/audit/", "", "administrator/audit"),
            ("/en/schedules/", "", "administrator/schedules"),
            ("/en/sites/", "", "administrator/sites"),
        ],
    ),
]


@pytest.fixture
def demo_database(tmp_path: Path) -> Iterator[None]:
    with override_settings(VAR_DIR=tmp_path):
        load_demo(log=lambda _line: None)
        yield


def _sign_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, email)
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_each_role_opens_its_pages_on_the_demo(
    page: Page, live_server: Any, demo_database: None
) -> None:
    base = live_server.url
    for email, stops in TOURS:
        _sign_in(page, base, email)
        for path, link, picture in stops:
            if path:
                response = page.goto(f"{base}{path}")
                assert response is not None and response.status == 200, (email, path)
            if link:
                page.locator(link).first.click()
                page.wait_for_load_state()
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            shot(page, picture)
