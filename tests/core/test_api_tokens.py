"""API tokens: kept as digests, expiring, narrower than their user, made and revoked by the
user on a page; the API asks for credentials with 401 and bounds how often it is called."""

from __future__ import annotations

import datetime
import hashlib
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import get_resolver
from django.utils import timezone

from sunbula.core import services
from sunbula.core.api_tokens import ApiAccess
from sunbula.core.models import ApiToken, AuditEntry, User
from tests.conftest import World, client_for
from tests.openapi import schema

SITES = "/api/v1/sites/"
APPEALS = "/api/v1/funding/appeals/"


def _soon(days: int = 30) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _token(user: User, **values: Any) -> tuple[ApiToken, str]:
    values.setdefault("name", "Script")
    values.setdefault("expires_on", _soon())
    return services.api_token_create(actor=user, user=user, **values)


def _bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_token_is_kept_only_as_a_digest_and_answers_as_its_user(
    officer_afg: User, world: World
) -> None:
    token, key = _token(officer_afg)
    token.refresh_from_db()
    stored = [str(value) for value in ApiToken.objects.values_list(flat=False).get()]
    assert not any(key in value for value in stored)
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]
    assert token.last_used_at is None
    names = [site["name"] for site in _bearer(key).get(SITES).json()["results"]]
    assert names == ["Kabul warehouse"]
    # Clients of the earlier tokens send the word Token.
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get(SITES).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AuditEntry.objects.filter(action="core.apitoken.created", object_id=token.pk).exists()


def test_no_credentials_or_a_dead_token_is_asked_for_credentials(
    officer_afg: User, admin: User, world: World
) -> None:
    answer = Client().get(SITES)
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"] == 'Bearer realm="api"'
    _made, key = _token(officer_afg)
    assert _bearer(key[:-2] + "xx").get(SITES).status_code == 401
    assert _bearer("short").get(SITES).status_code == 401

    expired, expired_key = _token(officer_afg)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    answer = _bearer(expired_key).get(SITES)
    assert answer.status_code == 401
    assert answer.json() == {"detail": "This token has expired."}

    revoked, revoked_key = _token(officer_afg)
    services.api_token_revoke(actor=officer_afg, token=revoked)
    assert _bearer(revoked_key).get(SITES).json() == {"detail": "This token was revoked."}

    services.user_deactivate(actor=admin, user=officer_afg)
    assert _bearer(key).get(SITES).status_code == 401
    assert ApiToken.objects.filter(user=officer_afg, revoked_at=None).count() == 0


def test_a_token_does_no_more_than_its_scope(admin: User, world: World) -> None:
    _reader, read_key = _token(admin)
    assert _bearer(read_key).get(SITES).status_code == 200
    refused = _bearer(read_key).post(
        SITES, {"name": "Herat depot"}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert refused.json() == {"detail": "This token may only read."}

    _writer, write_key = _token(admin, read_only=False)
    written = _bearer(write_key).post(SITES, {}, content_type="application/json")
    assert written.status_code == 400  # past the token, to the serializer

    _funding, funding_key = _token(admin, domains=["funding"])
    assert _bearer(funding_key).get(APPEALS).status_code == 200
    outside = _bearer(funding_key).get(SITES)
    assert outside.status_code == 403
    assert outside.json() == {"detail": "This token does not reach this part of Sunbula."}


def test_every_api_view_checks_the_token_scope() -> None:
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern) != "api/v1/":
            continue
        for view in pattern.url_patterns:  # type: ignore[attr-defined]
            cls = getattr(view.callback, "cls", None)
            if cls is not None:
                assert ApiAccess in cls.permission_classes, view.pattern


def test_a_token_expires_within_the_bound_and_is_named(officer_afg: User) -> None:
    with pytest.raises(ValidationError) as too_long:
        _token(officer_afg, expires_on=_soon(366))
    assert too_long.value.message_dict == {"expires_on": ["A token lasts at most 365 days."]}
    with pytest.raises(ValidationError) as past:
        _token(officer_afg, expires_on=timezone.localdate())
    assert "expires_on" in past.value.message_dict
    with pytest.raises(ValidationError) as unnamed:
        _token(officer_afg, name="  ")
    assert "name" in unnamed.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        _token(officer_afg, domains=["nowhere"])
    assert "domains" in unknown.value.message_dict
    assert not ApiToken.objects.exists()


def test_a_user_makes_and_revokes_their_own_tokens_on_a_page(
    officer_afg: User, officer_kaz: User, admin: User, world: World
) -> None:
    page = "/en/account/api-tokens/"
    client = client_for(officer_afg)
    assert client.get(page).status_code == 200
    refused = client.post(
        page, {"name": "Afghan export", "expires_on": _soon(400), "access": "read"}
    )
    assert refused.status_code == 422
    assert "A token lasts at most 365 days." in refused.content.decode()
    made = client.post(
        page,
        {"name": "Afghan export", "expires_on": _soon(), "access": "write", "domains": ["funding"]},
    )
    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"]
    token = ApiToken.objects.get(user=officer_afg)
    key = made.context["key"]
    assert key in made.content.decode()
    assert (token.read_only, token.domains) == (False, ["funding"])
    assert key not in client.get(page).content.decode()  # shown once

    others = client_for(officer_kaz)
    revoke = f"/en/account/api-tokens/{token.pk}/revoke/"
    assert others.post(revoke).status_code == 404
    assert client.post(revoke).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None

    _other, _key = _token(officer_kaz, name="Kazakh script")
    listing = client_for(admin).get("/en/users/api-tokens/", {"q": "officer.kaz"})
    assert "Kazakh script" in listing.content.decode()
    assert "Afghan export" not in listing.content.decode()
    assert client.get("/en/users/api-tokens/").status_code == 403
    assert client_for(admin).post(f"/en/account/api-tokens/{_other.pk}/revoke/").status_code == 302
    assert ApiToken.objects.filter(revoked_at=None).count() == 0


@override_settings(API_RATE_USER="2/minute", API_RATE_ANON="1/minute")
def test_the_api_is_throttled_per_token_and_per_address(officer_afg: User, world: World) -> None:
    cache.clear()
    _made, key = _token(officer_afg)
    client = _bearer(key)
    assert [client.get(SITES).status_code for _ in range(2)] == [200, 200]
    throttled = client.get(SITES, HTTP_ACCEPT_LANGUAGE="fr")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert throttled.json()["detail"].startswith("Trop de requêtes")
    # Another token of the same user has its own count.
    _other, other_key = _token(officer_afg)
    assert _bearer(other_key).get(SITES).status_code == 200

    assert Client().get(SITES).status_code == 401
    assert Client().get(SITES).status_code == 429
    assert _bearer("deadbeef.guess").get(SITES).status_code == 429
    cache.clear()


def test_the_schema_documents_the_tokens_and_the_refusals() -> None:
    documented = schema()
    assert documented["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"
    sites = documented["paths"][SITES]["get"]
    assert {"tokenAuth": []} in sites["security"]
    assert {"401", "403", "429"} <= set(sites["responses"])


def test_the_command_line_makes_lists_and_revokes_tokens(officer_afg: User) -> None:
    out = io.StringIO()
    call_command("api_token", "create", officer_afg.email, "--name", "Cron", stdout=out)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(prefix=key[:8])
    assert token.read_only
    listing = io.StringIO()
    call_command("api_token", "list", officer_afg.email, stdout=listing)
    assert token.prefix in listing.getvalue()
    call_command("api_token", "revoke", token.prefix, stdout=io.StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
