"""Signing in by e-mail, and the lockouts after repeated failures: per account at an address
and per address over every account, counted without an audit entry each, and never for ever."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from sunbula.core.models import AuditEntry, User
from tests.conftest import PASSWORD
from tests.second_factor import authenticator_for, code_for

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"
ATTACKER = "198.51.100.66"
OFFICE = "203.0.113.10"


def _try(client: Client, email: str, password: str, address: str = OFFICE) -> int:
    return client.post(
        LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address
    ).status_code


def test_right_password_signs_in_and_is_audited(client: Client, officer_afg: User) -> None:
    assert _try(client, officer_afg.email, PASSWORD) == 302
    assert client.get("/en/").status_code == 200
    assert AuditEntry.objects.filter(action="core.user.signed_in", actor=officer_afg).exists()


def test_wrong_password_is_refused_with_a_message(client: Client, officer_afg: User) -> None:
    response = client.post(LOGIN, {"username": officer_afg.email, "password": "nope"})
    assert response.status_code == 400
    assert "correct e-mail address and password" in response.content.decode()


def test_five_failures_lock_the_account_at_that_address_even_with_the_right_password(
    client: Client, officer_afg: User
) -> None:
    for _attempt in range(5):
        assert _try(client, officer_afg.email, "wrong", ATTACKER) == 400
    response = client.post(
        LOGIN, {"username": officer_afg.email, "password": PASSWORD}, REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert client.get("/en/sites/").status_code == 302  # still signed out


def test_failures_write_no_audit_entry_each_and_the_lockout_one(
    client: Client, officer_afg: User
) -> None:
    before = AuditEntry.objects.count()
    for _attempt in range(4):
        _try(client, officer_afg.email, "wrong", ATTACKER)
    assert AuditEntry.objects.count() == before
    _try(client, officer_afg.email, "wrong", ATTACKER)
    _try(client, officer_afg.email, "wrong", ATTACKER)  # refused while locked: not counted
    entry = AuditEntry.objects.get(pk__gt=AuditEntry.objects.order_by("pk")[before - 1].pk)
    assert entry.action == "core.user.sign_in_locked"
    assert entry.object_repr == officer_afg.email
    assert entry.after is not None and entry.after["address"] == ATTACKER


def test_a_locked_out_administrator_still_signs_in_from_another_address(
    admin: User,
) -> None:
    """Someone who keeps failing as the administrator locks out only their own address."""
    device = authenticator_for(admin)
    attacker = Client()
    for _attempt in range(20):
        _try(attacker, admin.email, "guess", ATTACKER)
    assert _try(attacker, admin.email, PASSWORD, ATTACKER) == 429
    office = Client()
    assert _try(office, admin.email, PASSWORD, OFFICE) == 302
    verify = office.get("/en/", follow=True)
    assert verify.redirect_chain[-1][0].startswith("/en/accounts/verify/")
    confirmed = office.post(
        "/en/accounts/verify/?next=/en/", {"code": code_for(device)}, REMOTE_ADDR=OFFICE
    )
    assert confirmed.status_code == 302 and confirmed["Location"] == "/en/"
    assert office.get("/en/").status_code == 200


def test_a_lockout_ends(client: Client, officer_afg: User, settings: Any) -> None:
    for _attempt in range(5):
        _try(client, officer_afg.email, "wrong", ATTACKER)
    assert _try(client, officer_afg.email, PASSWORD, ATTACKER) == 429
    later = timezone.now() + datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        assert _try(client, officer_afg.email, PASSWORD, ATTACKER) == 302


def test_spraying_one_password_over_many_accounts_locks_the_address(
    officer_afg: User, officer_kaz: User, settings: Any
) -> None:
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    sprayer = Client()
    for number in range(6):
        assert _try(sprayer, f"person{number}@example.org", "Summer2026!", ATTACKER) == 400
    # Every account is refused from that address now, a real one with its password too...
    assert _try(sprayer, officer_kaz.email, PASSWORD, ATTACKER) == 429
    assert AuditEntry.objects.filter(action="core.user.sign_in_locked").count() == 1
    # ...and from any other address nothing changed.
    assert _try(Client(), officer_kaz.email, PASSWORD, OFFICE) == 302


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


def test_behind_a_proxy_the_address_it_passes_counts(officer_afg: User, settings: Any) -> None:
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    client = Client(REMOTE_ADDR="10.0.0.2")  # the proxy
    for _attempt in range(5):
        client.post(
            LOGIN,
            {"username": officer_afg.email, "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.1, {ATTACKER}",
        )
    office = {"HTTP_X_FORWARDED_FOR": f"{ATTACKER}, {OFFICE}"}  # a client cannot pick it
    assert (
        client.post(
            LOGIN, {"username": officer_afg.email, "password": PASSWORD}, **office
        ).status_code
        == 302
    )
