"""What a sign-in needs to know: whether an account or an address is locked out, whether a
second factor is required, and the session's state (when it began, when it was last used,
whether its second factor was given). The writes are in core.services.signin."""

from __future__ import annotations

from base64 import b32encode
from typing import Literal

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.signing import BadSignature, TimestampSigner, b62_decode
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunbula.core.access import has_protection_clearance, holds_role
from sunbula.core.models import Role, SignInFailures, User

Kind = SignInFailures.Kind

# Session keys. A session's second factor is given when django-otp's own key names the
# device that verified it; until then SECOND_FACTOR says what the session still owes.
SIGNED_IN_AT = "sunbula.signed_in_at"
SEEN_BY_COOKIE = "sunbula.seen_by_cookie"
SEEN_COOKIE = "sunbula_seen"
_SEEN_SIGNER = TimestampSigner(salt="sunbula.seen")
SECOND_FACTOR = "sunbula.second_factor"
VERIFY: Literal["verify"] = "verify"
SET_UP: Literal["set_up"] = "set_up"
NOT_NEEDED: Literal["not_needed"] = "not_needed"
Owed = Literal["verify", "set_up"]
# The last-used time is renewed at most this often.
SEEN_PRECISION_SECONDS = 60


def client_address(request: HttpRequest) -> str:
    """The address a request came from: as the proxy in front of Sunbula saw it, when one is
    configured to say (the last address of CLIENT_ADDRESS_HEADER, the one it added itself),
    else as the server saw it."""
    if settings.CLIENT_ADDRESS_HEADER:
        forwarded = request.headers.get(settings.CLIENT_ADDRESS_HEADER, "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last[:64]
    return str(request.META.get("REMOTE_ADDR", ""))


def failure_key(kind: str, *, email: str = "", address: str) -> str:
    """The stored key of a count: a keyed hash, so the table holds no e-mail or address."""
    value = f"{email.strip().lower()}\x00{address}" if kind == Kind.ACCOUNT_AT_ADDRESS else address
    return salted_hmac("sunbula.signin", value, algorithm="sha256").hexdigest()


def sign_in_locked(*, email: str, address: str) -> bool:
    """Whether signing in to `email` from `address` is refused for now: too many failures for
    that account from that address, or from that address over every account. Neither lockout
    reaches another address, and both end after LOGIN_LOCKOUT_MINUTES."""
    account = failure_key(Kind.ACCOUNT_AT_ADDRESS, email=email, address=address)
    return SignInFailures.objects.filter(
        Q(kind=Kind.ACCOUNT_AT_ADDRESS, key=account)
        | Q(kind=Kind.ADDRESS, key=failure_key(Kind.ADDRESS, address=address)),
        locked_until__gt=timezone.now(),
    ).exists()


def second_factor_required(user: User) -> bool:
    """Administrators and anyone with protection clearance must give a second factor."""
    return (
        user.is_superuser or holds_role(user, Role.ADMINISTRATOR) or has_protection_clearance(user)
    )


def authenticator(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    """The user's authenticator app (confirmed), or the one being set up (not confirmed)."""
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()


def has_second_factor(user: User) -> bool:
    """Whether the user set up a second factor (an authenticator app or recovery codes): what
    an administrator may remove after a lost phone. One query."""
    confirmed = {"user": OuterRef("pk"), "confirmed": True}
    return bool(
        User.objects.filter(pk=user.pk)
        .filter(
            Exists(TOTPDevice.objects.filter(**confirmed))
            | Exists(StaticDevice.objects.filter(**confirmed))
        )
        .exists()
    )


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def authenticator_secret(device: TOTPDevice) -> str:
    return authenticator_secret_of(device.key)


def authenticator_secret_of(key: str) -> str:
    """A device's key (hex) as people type it into an authenticator app: base32, in groups
    of four."""
    secret = b32encode(bytes.fromhex(key)).decode().rstrip("=")
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def owed(user: User) -> Owed | None:
    """What a new session of `user` owes before any page: a code, a set-up, or nothing."""
    if authenticator(user) is not None:
        return VERIFY
    return SET_UP if second_factor_required(user) else None


def session_begin(session: SessionBase, user: User) -> None:
    """At sign-in: when the session began, and what it owes."""
    session[SIGNED_IN_AT] = _now()
    session[SEEN_BY_COOKIE] = True
    session[SECOND_FACTOR] = owed(user) or NOT_NEEDED


def session_verified(request: HttpRequest, device: Device) -> None:
    """The second factor was given: a new session key, marked verified by django-otp."""
    request.session.cycle_key()
    otp_login(request, device)
    request.session[SECOND_FACTOR] = NOT_NEEDED


def session_unverified(session: SessionBase, user: User) -> None:
    """The user's second factor was removed: this session owes what a new one would."""
    session.pop(DEVICE_ID_SESSION_KEY, None)
    session[SECOND_FACTOR] = owed(user) or NOT_NEEDED


def session_owes(session: SessionBase, user: User) -> Owed | None:
    """What this session still owes; worked out once for a session begun without it."""
    if session.get(DEVICE_ID_SESSION_KEY):
        return None
    state = session.get(SECOND_FACTOR)
    if state is None:
        state = owed(user) or NOT_NEEDED
        session[SECOND_FACTOR] = state
    return None if state == NOT_NEEDED else state


def session_expired(request: HttpRequest) -> bool:
    """Whether the session has been open for SESSION_MAX_HOURS, or idle for
    SESSION_IDLE_MINUTES. When it was last used is kept in a signed cookie bound to the
    session (SEEN_COOKIE), renewed at most once a minute, so that a page writes nothing to
    the database; a session that has had the cookie and comes without a valid one is idle."""
    session = request.session
    began = session.get(SIGNED_IN_AT)
    if not isinstance(began, int):
        session[SIGNED_IN_AT] = _now()  # a session from before these limits: from now on
    elif _now() - began >= settings.SESSION_MAX_HOURS * 60 * 60:
        return True
    if _seen_at(request) is not None:
        return False
    if session.get(SEEN_BY_COOKIE):
        return True
    session[SEEN_BY_COOKIE] = True
    return False


def seen_cookie_renew(request: HttpRequest, response: HttpResponseBase) -> None:
    """Note that the signed-in session was used now, unless noted within the minute."""
    seen = _seen_at(request)
    if seen is not None and _now() - seen < SEEN_PRECISION_SECONDS:
        return
    response.set_cookie(
        SEEN_COOKIE,
        seen_cookie_value(request.session),
        max_age=settings.SESSION_IDLE_MINUTES * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def seen_cookie_value(session: SessionBase) -> str:
    return _SEEN_SIGNER.sign(_session_mark(session))


def _seen_at(request: HttpRequest) -> int | None:
    """When the cookie says this session was last used, if it is valid, this session's, and
    younger than SESSION_IDLE_MINUTES."""
    value = request.COOKIES.get(SEEN_COOKIE, "")
    try:
        mark = _SEEN_SIGNER.unsign(value, max_age=settings.SESSION_IDLE_MINUTES * 60)
    except BadSignature:
        return None
    if not constant_time_compare(mark, _session_mark(request.session)):
        return None
    # The signer's own timestamp: "mark:timestamp:signature".
    return int(b62_decode(value.rsplit(":", 2)[-2]))


def _session_mark(session: SessionBase) -> str:
    return salted_hmac("sunbula.seen", session.session_key or "", algorithm="sha256").hexdigest()


def _now() -> int:
    return int(timezone.now().timestamp())
