"""How a program signs in to the API with a token, what the token lets it do, and how often.

A key is `<prefix>.<secret>`: the prefix (public, kept in clear) finds the token, and only
the SHA-256 digest of the whole key is stored. Keys issued before tokens were hashed are 40
hex characters; their first characters are their prefix, so both kinds are found the same way.

`TokenAuthentication` is the API's first authentication class: it answers 401 with a
`WWW-Authenticate` challenge when no credentials are sent (session authentication, which
follows, has no challenge, so DRF would otherwise answer 403). `ApiAccess` keeps a token
within its scope (read only, some domains) on top of the user's own rights, and bounds
unauthenticated callers by address. The throttles count per token (or signed-in user) and
per address, in the cache, at the rates in settings."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from sunbula.core.models import ApiToken, User

# The words an Authorization header may start with: `Bearer <key>`, or `Token <key>` as
# clients of the earlier tokens send it.
KEYWORDS = (b"bearer", b"token")
REALM = 'Bearer realm="api"'
# A token's last use is written at most this often (a write per request would cost more than
# the request).
LAST_USED_EVERY = datetime.timedelta(minutes=5)


def new_key() -> str:
    """A fresh key: a random public prefix and a random 256-bit secret."""
    return f"{secrets.token_hex(ApiToken.PREFIX_LENGTH // 2)}.{secrets.token_urlsafe(32)}"


def prefix_of(key: str) -> str:
    return key[: ApiToken.PREFIX_LENGTH]


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def domain_of(view: Any) -> str | None:
    """The app label of the domain an API view belongs to (None: not one of Sunbula's)."""
    module = type(view).__module__
    if not module.startswith("sunbula."):
        return None
    config = apps.get_containing_app_config(module)
    return config.label if config is not None else None


def domain_choices() -> list[tuple[str, str]]:
    """The domains a token may be limited to, by app label, in the reader's language."""
    return [
        (config.label, str(config.verbose_name))
        for config in apps.get_app_configs()
        if config.name.startswith("sunbula.")
    ]


class TokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <key>` (or `Token <key>`): the token's user, with the token as
    `request.auth`; refused when the key is unknown, expired or revoked, or its user is no
    longer active."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        words = get_authorization_header(request).split()
        if not words or words[0].lower() not in KEYWORDS:
            return None
        if len(words) != 2:
            raise self._refused(request, _("Send the token after the word Bearer, alone."))
        try:
            key = words[1].decode()
        except UnicodeDecodeError as garbled:
            raise self._refused(request, _("This token is not valid.")) from garbled
        return self._check(request, key)

    def _check(self, request: Request, key: str) -> tuple[User, ApiToken]:
        token = (
            ApiToken.objects.select_related("user").filter(prefix=prefix_of(key)).first()
            if len(key) > ApiToken.PREFIX_LENGTH
            else None
        )
        if token is None or not hmac.compare_digest(token.digest, digest_of(key)):
            raise self._refused(request, _("This token is not valid."))
        now = timezone.now()
        if token.revoked_at is not None:
            raise self._refused(request, _("This token was revoked."))
        if token.expires_at <= now:
            raise self._refused(request, _("This token has expired."))
        if not token.user.is_active:
            raise self._refused(request, _("This token's user is deactivated."))
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            # Bookkeeping, not a change anyone makes: no audit entry (like a last sign-in).
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        _in_their_language(request, token.user)
        return token.user, token

    @staticmethod
    def _refused(request: Request, message: str) -> exceptions.APIException:
        """A refusal, counted against the caller's address (guessing keys is bounded)."""
        throttle = AddressRateThrottle()
        if not throttle.allow_request(request, None):  # type: ignore[arg-type]
            return exceptions.Throttled(wait=throttle.wait())
        return exceptions.AuthenticationFailed(message)

    def authenticate_header(self, request: Request) -> str:
        return REALM


def _in_their_language(request: Request, user: User) -> None:
    """A script that names no language (no `Accept-Language`, no language cookie) is answered
    in the one its token's user chose, as their e-mails and notices are written."""
    named = request.META.get("HTTP_ACCEPT_LANGUAGE") or request.COOKIES.get(
        settings.LANGUAGE_COOKIE_NAME
    )
    if named or not translation.check_for_language(user.preferred_language):
        return
    translation.activate(user.preferred_language)
    request._request.LANGUAGE_CODE = translation.get_language()


def token_of(request: Request) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


class ApiAccess(BasePermission):
    """A token does no more than its scope allows: a read-only token only reads, and a token
    limited to some domains reaches nothing outside them. A caller without credentials is
    counted against its address before being asked for them (401)."""

    message: str | None = None

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            throttle = AddressRateThrottle()
            if not throttle.allow_request(request, view):
                raise exceptions.Throttled(wait=throttle.wait())
            return True  # IsAuthenticated, next, asks for credentials
        token = token_of(request)
        if token is None:
            return True
        if token.read_only and request.method not in SAFE_METHODS:
            self.message = _("This token may only read.")
            return False
        domain = domain_of(view)
        if token.domains and domain is not None and domain not in token.domains:
            self.message = _("This token does not reach this part of Sunbula.")
            return False
        return True


class _SettingsRate(SimpleRateThrottle):
    """A throttle whose rate is read from settings when it runs (so a test can change it)."""

    setting = ""

    def get_rate(self) -> str | None:
        rate: str | None = getattr(settings, self.setting)
        return rate


class TokenRateThrottle(_SettingsRate):
    """Requests per token, or per signed-in user for the browser's session."""

    scope = "user"
    setting = "API_RATE_USER"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = token_of(request)
        if token is not None:
            return f"throttle_token_{token.pk}"
        if request.user and request.user.is_authenticated:
            return f"throttle_user_{request.user.pk}"
        return None


class AddressRateThrottle(_SettingsRate):
    """Requests per client address from callers who are not (or not validly) authenticated."""

    scope = "anon"
    setting = "API_RATE_ANON"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        user = getattr(request, "_user", None)
        if user is not None and user.is_authenticated:
            return None
        return f"throttle_address_{self.get_ident(request)}"
