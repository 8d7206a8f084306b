"""From reference data only, through the pages: an administrator invites a user, the invitee
chooses a password from the e-mailed link, receives a programme-limited role, loses it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from sunbula.core.models import RoleAssignment
from tests.browser.guide import shot
from tests.browser.reference import ADMIN_PASSWORD, set_up
from tests.second_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVITEE_PASSWORD = "saffron-fields-of-herat"


def _sign_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, email)
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_invite_grant_a_programme_limited_role_and_revoke_it(
    page: Page,
    browser: Browser,
    live_server: Any,
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    admin = set_up(monkeypatch)
    base = live_server.url
    settings.SUNBULA_BASE_URL = base
    _sign_in(page, base, admin.email, ADMIN_PASSWORD)

    # A programme to limit the role to.
    page.goto(f"{base}/en/programmes/new/")
    page.get_by_label("Code").fill("AFSP")
    page.get_by_label("Name (English)").fill("Afghanistan Food Security Programme")
    page.get_by_label("Reporting organisation:").select_option(
        label="Islamic Organization for Food Security"
    )
    page.get_by_label("IATI reporting organisation identifier").fill("XI-IATI-IOFS")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Afghanistan Food Security")

    # The invitation.
    page.get_by_role("link", name="Users").click()
    page.get_by_role("link", name="Invite a user").click()
    page.get_by_label("E-mail address").fill("nadia.officer@example.org")
    page.get_by_label("Full name").fill("Nadia Officer")
    shot(page, "administrator/invite")
    page.get_by_role("button", name="Send the invitation").click()
    # Sending the e-mail may take a while on a busy machine.
    expect(page.get_by_role("status")).to_contain_text("Invitation sent.", timeout=20_000)
    expect(page.locator("dl")).to_contain_text("Invited")
    (message,) = mail.outbox
    match = re.search(rf"{re.escape(base)}/\S+", message.body)
    assert match, message.body

    # The invitee chooses a password, and signs in with it.
    invitee_context = browser.new_context(locale="en-GB")
    invitee = invitee_context.new_page()
    try:
        invitee.goto(match.group(0))
        invitee.get_by_label("New password:", exact=True).fill(INVITEE_PASSWORD)
        invitee.get_by_label("New password confirmation").fill(INVITEE_PASSWORD)
        invitee.get_by_role("button", name="Set the password").click()
        # Signed in straight away: a page she may not read answers 403, not the sign-in page.
        expect(invitee.get_by_role("status")).to_contain_text("Your password is set.")
        assert invitee.goto(f"{base}/en/funding/pledges/").status == 403  # type: ignore[union-attr]

        # The administrator grants a programme officer's role in Afghanistan, for the AFSP.
        page.reload()
        expect(page.locator("dl")).to_contain_text("Active")
        grant = page.locator("form[action$='/roles/']")
        grant.get_by_label("Role").select_option(label="Programme officer")
        grant.get_by_label("Organisation").select_option(
            label="Islamic Organization for Food Security"
        )
        grant.get_by_label("Countries").select_option(label="Afghanistan")
        grant.get_by_label("Programmes").select_option(label="Afghanistan Food Security Programme")
        grant.get_by_role("button", name="Grant the role").click()
        expect(page.get_by_role("status")).to_contain_text("Role granted.")
        roles = page.locator("table").first
        expect(roles).to_contain_text("Programme officer")
        expect(roles).to_contain_text("AFSP")
        expect(roles).to_contain_text("Afghanistan")
        shot(page, "administrator/user-roles")
        assert invitee.goto(f"{base}/en/funding/pledges/").status == 200  # type: ignore[union-attr]

        # … and revokes it.
        roles.get_by_role("button", name="Revoke").click()
        expect(page.get_by_role("status")).to_contain_text("Role revoked.")
        expect(page.locator("table").first).to_contain_text("No role yet.")
        assert not RoleAssignment.objects.filter(user__email="nadia.officer@example.org").exists()
        assert invitee.goto(f"{base}/en/funding/pledges/").status == 403  # type: ignore[union-attr]
    finally:
        invitee_context.close()
