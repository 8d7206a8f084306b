"""A second factor (django-otp: an authenticator app and recovery codes): required for
administrators and for protection clearance before any page, optional for everyone else."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunbula.core.models import AuditEntry, User
from tests.conftest import PASSWORD, client_for
from tests.second_factor import authenticator_for, code_for

pytestmark = pytest.mark.django_db

SET_UP = "/en/accounts/security/set-up/"
VERIFY = "/en/accounts/verify/"


@contextmanager
def _after_the_wait() -> Iterator[None]:
    """A wrong code makes the next try wait (a second, doubling with each failure)."""
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        yield


def _signed_in_with_password(user: User) -> Client:
    client = Client()
    response = client.post("/en/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_an_administrator_sets_up_a_second_factor_before_any_page(admin: User) -> None:
    client = _signed_in_with_password(admin)
    for page in ("/en/", "/en/organisations/", "/en/users/"):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(SET_UP), page
    assert client.get("/api/v1/organisations/").status_code == 403

    set_up = client.get(SET_UP)
    assert set_up.status_code == 200 and b"<svg" in set_up.content
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert client.post(SET_UP, {"code": "000000"}).status_code == 422
    with _after_the_wait():
        confirmed = client.post(SET_UP, {"code": code_for(device), "next": "/en/organisations/"})
    assert confirmed.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", confirmed.content.decode())
    assert len(codes) == 10
    assert client.get("/en/organisations/").status_code == 200
    assert AuditEntry.objects.filter(action="core.user.second_factor_enabled").exists()


def test_protection_clearance_requires_a_second_factor(protection_officer: User) -> None:
    client = _signed_in_with_password(protection_officer)
    assert client.get("/en/").headers["Location"].startswith(SET_UP)


def test_signing_in_asks_for_the_code_after_the_password(admin: User) -> None:
    device = authenticator_for(admin)
    client = _signed_in_with_password(admin)
    asked = client.get("/en/organisations/")
    assert asked["Location"] == f"{VERIFY}?next=%2Fen%2Forganisations%2F"
    assert client.get(SET_UP).status_code == 302  # owes a code, not a set-up
    assert client.post(VERIFY, {"code": "123456"}).status_code == 400
    assert client.get("/en/").status_code == 302
    with _after_the_wait():
        given = client.post(f"{VERIFY}?next=%2Fen%2Forganisations%2F", {"code": code_for(device)})
    assert given["Location"] == "/en/organisations/"
    assert client.get("/en/organisations/").status_code == 200


def test_a_recovery_code_works_once(officer_afg: User) -> None:
    client = client_for(officer_afg)
    client.get(SET_UP)
    pending = TOTPDevice.objects.get(user=officer_afg, confirmed=False)
    codes = re.findall(
        r"<code>([a-z2-7]{8})</code>",
        client.post(SET_UP, {"code": code_for(pending)}).content.decode(),
    )
    first = _signed_in_with_password(officer_afg)
    assert first.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert first.get("/en/").status_code == 200
    again = _signed_in_with_password(officer_afg)
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 400
    with _after_the_wait():
        assert again.post(VERIFY, {"code": codes[1]}).status_code == 302


def test_the_second_factor_is_optional_for_others_and_they_may_turn_it_off(
    officer_afg: User,
) -> None:
    client = _signed_in_with_password(officer_afg)
    assert client.get("/en/").status_code == 200
    security = client.get("/en/accounts/security/")
    assert b"Set up an authenticator app" in security.content
    client.get(SET_UP)
    pending = TOTPDevice.objects.get(user=officer_afg, confirmed=False)
    client.post(SET_UP, {"code": code_for(pending)})
    assert client.post("/en/accounts/security/disable/").status_code == 302
    assert not TOTPDevice.objects.filter(user=officer_afg).exists()
    assert _signed_in_with_password(officer_afg).get("/en/").status_code == 200


def test_an_administrator_cannot_turn_off_their_own(admin: User) -> None:
    client = client_for(admin)
    client.post("/en/accounts/security/disable/")
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_new_recovery_codes_replace_the_old(officer_afg: User) -> None:
    client = client_for(officer_afg)
    client.get(SET_UP)
    pending = TOTPDevice.objects.get(user=officer_afg, confirmed=False)
    old = re.findall(
        r"<code>([a-z2-7]{8})</code>",
        client.post(SET_UP, {"code": code_for(pending)}).content.decode(),
    )
    new = re.findall(
        r"<code>([a-z2-7]{8})</code>",
        client.post("/en/accounts/security/recovery-codes/").content.decode(),
    )
    assert len(new) == 10 and not set(old) & set(new)
    assert _signed_in_with_password(officer_afg).post(VERIFY, {"code": old[0]}).status_code == 400


def test_an_administrator_of_users_removes_someone_s_lost_second_factor(
    admin: User, protection_officer: User
) -> None:
    authenticator_for(protection_officer)
    response = client_for(admin).post(f"/en/users/{protection_officer.pk}/second-factor/reset/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=protection_officer).exists()
    # At the next sign-in they set up a new one.
    client = _signed_in_with_password(protection_officer)
    assert client.get("/en/").headers["Location"].startswith(SET_UP)
    assert client_for(protection_officer).post(
        f"/en/users/{admin.pk}/second-factor/reset/"
    ).status_code in (403, 404)


def test_removing_a_second_factor_nobody_set_up_says_so_and_records_nothing(
    admin: User, officer_afg: User
) -> None:
    client = client_for(admin)
    response = client.post(f"/en/users/{officer_afg.pk}/second-factor/reset/", follow=True)
    assert "has no second factor to remove" in response.content.decode()
    assert "The second factor is removed." not in response.content.decode()
    assert not AuditEntry.objects.filter(action="core.user.second_factor_disabled").exists()


def test_a_user_s_page_offers_to_remove_a_second_factor_only_when_there_is_one(
    admin: User, officer_afg: User
) -> None:
    client = client_for(admin)
    page = f"/en/users/{officer_afg.pk}/"
    reset = f"/en/users/{officer_afg.pk}/second-factor/reset/"
    html = client.get(page).content.decode()
    assert reset not in html
    assert "Remove the second factor" not in html
    assert "The user has not set up a second factor." in html
    TOTPDevice.objects.create(user=officer_afg, name="being set up", confirmed=False)
    assert reset not in client.get(page).content.decode()
    authenticator_for(officer_afg)
    html = client.get(page).content.decode()
    assert reset in html
    assert "Remove the second factor" in html
    assert "The user has not set up a second factor." not in html
