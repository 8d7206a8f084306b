"""Writes of signing in: failed attempts counted (not audited one by one), lockouts, and the
second factor kept by django-otp (an authenticator app and single-use recovery codes)."""

from __future__ import annotations

import datetime

import django_otp
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunbula.core.audit import audit_record
from sunbula.core.models import SignInFailures, User
from sunbula.core.signin import authenticator, failure_key, second_factor_required

Kind = SignInFailures.Kind
RECOVERY_DEVICE_NAME = "recovery codes"


@transaction.atomic
def sign_in_failure_record(*, email: str, address: str) -> bool:
    """Count a failed sign-in for the account at this address and for the address. Reaching
    a limit locks that pair (or that address) for LOGIN_LOCKOUT_MINUTES and writes the one
    audit entry of the lockout; a failure alone writes none. Returns whether it locked."""
    now = timezone.now()
    window = datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    # Counts that ended long ago are of no use to anyone.
    SignInFailures.objects.filter(first_failed_at__lt=now - 2 * window).filter(
        locked_until__isnull=True
    ).delete()
    locked = False
    counts = (
        (Kind.ACCOUNT_AT_ADDRESS, email, settings.LOGIN_FAILURE_LIMIT),
        (Kind.ADDRESS, "", settings.LOGIN_ADDRESS_FAILURE_LIMIT),
    )
    for kind, account, limit in counts:
        count, _created = SignInFailures.objects.select_for_update().get_or_create(
            kind=kind,
            key=failure_key(kind, email=account, address=address),
            defaults={"first_failed_at": now},
        )
        ended = count.locked_until is not None and count.locked_until <= now
        if ended or count.first_failed_at <= now - window:
            count.failures, count.first_failed_at, count.locked_until = 0, now, None
        count.failures += 1
        if count.failures >= limit and count.locked_until is None:
            count.locked_until = now + window
            locked = True
            audit_record(
                actor=None,
                action="core.user.sign_in_locked",
                object_repr=email.strip().lower() if account else address,
                after={
                    "kind": kind,
                    "address": address,
                    "failures": count.failures,
                    "until": count.locked_until,
                },
            )
        count.save()
    return locked


@transaction.atomic
def sign_in_record(*, user: User, address: str) -> None:
    """A correct password: the account's count at this address starts again (the address's
    own count does not, so one known password does not buy more guesses at others)."""
    SignInFailures.objects.filter(
        kind=Kind.ACCOUNT_AT_ADDRESS,
        key=failure_key(Kind.ACCOUNT_AT_ADDRESS, email=user.email, address=address),
    ).delete()
    audit_record(
        actor=user,
        action="core.user.signed_in",
        obj=user,
        object_repr=user.email,
        after={"address": address},
    )


@transaction.atomic
def second_factor_start(*, actor: User, key: str | None = None) -> TOTPDevice:
    """A new authenticator-app secret for `actor` (random, unless the demo gives its
    published `key`), unconfirmed until a code from the app is given; the one being set up
    before, if any, is dropped."""
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    device = TOTPDevice.objects.create(
        user=actor, name="authenticator app", confirmed=False, **({"key": key} if key else {})
    )
    audit_record(actor=actor, action="core.user.second_factor_started", obj=actor)
    return device


def _accepted(device: Device, code: str) -> Device | None:
    # django-otp verifies in a transaction of its own, so that a wrong code counts toward its
    # throttling (longer waits after each failure) even when the caller refuses.
    return django_otp.verify_token(device.user, device.persistent_id, code)


def _code(code: str) -> str:
    return "".join(code.split()).lower()


def second_factor_confirm(*, actor: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator app with a code it shows. It replaces any earlier app, and
    ten new recovery codes replace any earlier ones; they are returned to be shown once."""
    if device.user_id != actor.pk or device.confirmed:
        raise ValidationError({"code": _("Start the set-up again.")})
    if _accepted(device, _code(code)) is None:
        raise ValidationError(
            {"code": _("That code is not the one the app shows. Try the newest code.")}
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        codes = _recovery_codes_replace(actor)
        audit_record(actor=actor, action="core.user.second_factor_enabled", obj=actor)
    return codes


def second_factor_verify(*, user: User, code: str) -> Device | None:
    """The device that accepts `code` at sign-in: a code from the authenticator app, or an
    unused recovery code (which is spent). None when neither does; each wrong code makes the
    next try wait longer (django-otp's throttling)."""
    code = _code(code)
    by_app = code.isdigit()
    kind: type[Device] = TOTPDevice if by_app else StaticDevice
    device = kind.objects.filter(user=user, confirmed=True).order_by("-pk").first()
    accepted = _accepted(device, code) if device is not None else None
    if accepted is not None:
        audit_record(
            actor=user,
            action="core.user.second_factor_verified",
            obj=user,
            after={"with": "authenticator app" if by_app else "recovery code"},
        )
    return accepted


@transaction.atomic
def recovery_codes_regenerate(*, actor: User) -> list[str]:
    """Ten new recovery codes; the earlier ones stop working."""
    if authenticator(actor) is None:
        raise ValidationError(_("Set up an authenticator app first."))
    codes = _recovery_codes_replace(actor)
    audit_record(actor=actor, action="core.user.recovery_codes_regenerated", obj=actor)
    return codes


def _recovery_codes_replace(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_disable(*, actor: User, user: User) -> None:
    """Remove a user's authenticator app and recovery codes. Someone who must have a second
    factor cannot remove their own (they set up a new app instead); an administrator may
    remove another user's (a lost phone), who then sets one up at the next sign-in."""
    if actor.pk == user.pk and second_factor_required(user):
        raise ValidationError(
            _("Your role requires a second factor: set up a new authenticator app instead.")
        )
    removed, _by_kind = TOTPDevice.objects.filter(user=user).delete()
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    if not removed:
        raise ValidationError(_("%(user)s has no second factor to remove.") % {"user": user})
    audit_record(actor=actor, action="core.user.second_factor_disabled", obj=user)
