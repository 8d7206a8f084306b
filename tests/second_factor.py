"""The second factor in tests: a confirmed authenticator app for a persona, and the code the
app would show, computed from the device's secret by django-otp's own TOTP."""

from __future__ import annotations

import time

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from sunbula.core import signin
from sunbula.core.models import User


def authenticator_for(user: User) -> TOTPDevice:
    """The user's confirmed authenticator app, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now; if this time step's code was taken already (a second
    sign-in within 30 seconds), the next step's, which the device accepts too."""
    device.refresh_from_db()
    step_now = int((time.time() - device.t0) // device.step) + device.drift
    ahead = max(0, device.last_t + 1 - step_now)
    code = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift + ahead,
    )
    return f"{code:0{device.digits}d}"


def pass_second_factor(page: Page, email: str) -> None:
    """In the browser, after the password: give the code the account owes, if any (on the
    set-up page, from the secret just made; then past the recovery codes)."""
    user = User.objects.get(email=email)
    owed = signin.owed(user)
    if owed is None:
        return
    code = page.locator("input[name=code]")
    expect(code).to_be_visible()
    confirmed = owed == signin.VERIFY
    device = TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()
    assert device is not None, owed
    code.fill(code_for(device))
    page.locator("form:has(input[name=code]) button[type=submit]").click()
    if not confirmed:
        expect(page.locator(".recovery-codes li")).to_have_count(10)
        page.locator("a.button.primary").click()
    expect(page.locator("input[name=code]")).to_have_count(0)
