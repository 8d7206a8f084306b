"""Signing in by e-mail, and the lockout after repeated failures."""

from __future__ import annotations

import pytest
from django.test import Client

from sunbula.core.models import AuditEntry, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"


def _try(client: Client, email: str, password: str) -> int:
    return client.post(LOGIN, {"username": email, "password": password}).status_code


def test_right_password_signs_in_and_is_audited(client: Client, officer_afg: User) -> None:
    assert _try(client, officer_afg.email, PASSWORD) == 302
    assert client.get("/en/").status_code == 200
    assert AuditEntry.objects.filter(action="core.user.signed_in", actor=officer_afg).exists()


def test_wrong_password_is_refused_with_a_message(client: Client, officer_afg: User) -> None:
    response = client.post(LOGIN, {"username": officer_afg.email, "password": "nope"})
    assert response.status_code == 400
    assert "correct e-mail address and password" in response.content.decode()


def test_five_failures_lock_the_account_even_with_the_right_password(
    client: Client, officer_afg: User, settings: object
) -> None:
    for _attempt in range(5):
        assert _try(client, officer_afg.email, "wrong") == 400
    response = client.post(LOGIN, {"username": officer_afg.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert client.get("/en/sites/").status_code == 302  # still signed out


def test_lockout_is_per_account(client: Client, officer_afg: User, officer_kaz: User) -> None:
    for _attempt in range(5):
        _try(client, officer_afg.email, "wrong")
    assert _try(client, officer_kaz.email, PASSWORD) == 302


def test_a_success_resets_the_count(client: Client, officer_afg: User) -> None:
    for _attempt in range(4):
        _try(client, officer_afg.email, "wrong")
    assert _try(client, officer_afg.email, PASSWORD) == 302
    client.post("/en/accounts/logout/")
    for _attempt in range(4):
        _try(client, officer_afg.email, "wrong")
    assert _try(client, officer_afg.email, PASSWORD) == 302


def test_sign_in_applies_the_preferred_language(client: Client, officer_afg: User) -> None:
    from sunbula.core.services import user_set_language

    user_set_language(actor=officer_afg, user=officer_afg, language="ru")
    _try(client, officer_afg.email, PASSWORD)
    assert client.cookies["django_language"].value == "ru"
    assert client.get("/").status_code == 302
    assert client.get("/", follow=True).redirect_chain[0][0] == "/ru/"


def test_logout_is_a_post(client: Client, officer_afg: User) -> None:
    client.force_login(officer_afg)
    assert client.post("/en/accounts/logout/").status_code == 302
    assert client.get("/en/sites/").status_code == 302
