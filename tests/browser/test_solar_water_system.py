"""A programme officer registers a solar-powered water system for a project in Herat and
finds it on the project page; then adds a treatment centre and records its headcount."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from sunbula.core import services as core_services
from sunbula.core.models import User
from tests.browser.guide import shot
from tests.conftest import PASSWORD, Projects, World
from tests.second_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base: str, user: User) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, user.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def _field(page: Page, label: str) -> Locator:
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


SWAPPED = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def _checked(page: Page) -> Iterator[None]:
    """htmx checks the form on each change and swaps in the checked form: wait for it."""
    with page.expect_response(lambda response: "validate=1" in response.url):
        yield
    page.wait_for_function(SWAPPED)


def _choose(page: Page, label: str, option: str) -> None:
    for _ in _checked(page):
        _field(page, label).select_option(label=option)


def _type(page: Page, label: str, text: str) -> None:
    for _ in _checked(page):
        _field(page, label).fill(text)
        _field(page, label).dispatch_event("change")


def test_register_a_solar_water_system_in_herat_and_an_institution_with_its_headcount(
    page: Page, live_server: Any, world: World, projects: Projects, officer_afg: User
) -> None:
    core_services.site_create(
        actor=None,
        name="Injil water point",
        kind="distribution_point",
        country=world.afghanistan,
        admin_area=world.hirat,
        latitude=Decimal("34.35"),
        longitude=Decimal("62.20"),
    )
    base = live_server.url
    _sign_in(page, base, officer_afg)

    page.goto(f"{base}{projects.flour.get_absolute_url()}")
    page.get_by_role("link", name="Register an asset").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register an asset")
    _choose(page, "Kind", "Solar-powered water system")
    _type(page, "Name (English)", "Injil solar water system")
    _choose(page, "Site", "Injil water point")
    _choose(page, "Status", "Operational")
    _type(page, "People served", "1200")
    shot(page, "programme/asset-new")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Injil solar water system")
    expect(page.locator("dl.facts")).to_contain_text("AF32")

    page.get_by_role("link", name="FFH-2023 Flour for Humanity").click()
    assets = page.locator("#assets")
    expect(assets).to_contain_text("Injil solar water system")
    expect(assets).to_contain_text("Solar-powered water system")
    expect(assets).to_contain_text("1200 people served")
    shot(page, "programme/project-assets")

    page.goto(f"{base}/en/registry/institutions/")
    page.get_by_role("link", name="Add an institution").click()
    _type(page, "Name (English)", "Kabul drug-treatment centre")
    _choose(page, "Kind", "Drug-treatment centre")
    _choose(page, "Site", "Kabul warehouse")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kabul drug-treatment centre")
    _type(page, "Counted on", "2024-03-01")
    _type(page, "Headcount", "420")
    _type(page, "Verified by", "WFP field monitor")
    _choose(page, "Verification method", "Roll call")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("table").first).to_contain_text("420")
    expect(page.locator("table").first).to_contain_text("WFP field monitor")
