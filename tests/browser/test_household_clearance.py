"""One household, two readers: the protection officer, cleared for personal data, reads the
members' names and birth years; the programme officer of the same country opens the same
page and sees them masked, in English and in Arabic."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from sunbula.core.models import User
from tests.browser.guide import VIEWPORT, shot
from tests.conftest import PASSWORD, Field
from tests.second_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base: str, user: User, path: str) -> None:
    page.goto(f"{base}/en/accounts/login/?next={path}")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, user.email)
    page.wait_for_url(f"{base}{path}")


def test_protection_officer_reads_the_household_the_programme_officer_sees_masked(
    page: Page,
    browser: Browser,
    live_server: Any,
    field: Field,
    protection_officer: User,
    officer_afg: User,
) -> None:
    base = live_server.url
    household = f"/en/registry/households/{field.household.pk}/"
    members = page.locator("main table tbody tr")

    _sign_in(page, base, protection_officer, household)
    expect(page.get_by_role("heading", level=1)).to_have_text("HH-1")
    expect(members).to_have_count(3)
    expect(page.locator("main")).to_contain_text("You see personal data unmasked")
    for name in ("Fatima", "Ahmad", "Zahra"):
        expect(members.filter(has_text=name)).to_have_count(1)
    expect(members.filter(has_text="Fatima")).to_contain_text("1985")
    shot(page, "protection/household-clear")

    officer = browser.new_context(locale="en-GB", viewport=VIEWPORT).new_page()
    try:
        _sign_in(officer, base, officer_afg, household)
        rows = officer.locator("main table tbody tr")
        expect(officer.get_by_role("heading", level=1)).to_have_text("HH-1")
        expect(rows).to_have_count(3)
        expect(officer.locator("main")).to_contain_text(
            "Names, phones, identity numbers and birth dates are masked"
        )
        expect(rows.filter(has_text="F•••")).to_have_count(1)  # Fatima, by her initial only
        for clear in ("Fatima", "Ahmad", "Zahra", "1985", "1983", "2015"):
            expect(officer.locator("main table")).not_to_contain_text(clear)
        shot(officer, "programme/household-masked")

        officer.goto(f"{base}/ar/registry/households/{field.household.pk}/")
        expect(officer.locator("html")).to_have_attribute("dir", "rtl")
        expect(officer.locator("main table tbody tr")).to_have_count(3)
        expect(officer.locator("main table")).not_to_contain_text("Fatima")
        shot(officer, "programme/household-masked-ar")
    finally:
        officer.context.close()

    # The clear reading was recorded; the masked one needed no record.
    page.goto(f"{base}/en/registry/people/{field.mother.pk}/")
    expect(page.locator("main")).to_contain_text("Fatima")
    shot(page, "protection/person-clear")
