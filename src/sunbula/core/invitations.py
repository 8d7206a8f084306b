"""Invitation links: signed with the project's secret and dated, so a link expires without
a token table; accepted once, because it opens only an account that has no password yet."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sunbula.core.models import User
from sunbula.core.notifications import absolute_url, notice_value

SALT = "sunbula.core.invitation"
DEFAULT_MAX_AGE = datetime.timedelta(days=7)


def max_age() -> datetime.timedelta:
    age = getattr(settings, "SUNBULA_INVITATION_MAX_AGE", DEFAULT_MAX_AGE)
    return age if isinstance(age, datetime.timedelta) else datetime.timedelta(seconds=int(age))


def invitation_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=SALT)


def invited_user(token: str) -> User | None:
    """The account a valid, unexpired and unused invitation opens; None otherwise."""
    try:
        claim = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.BadSignature:
        return None
    if not isinstance(claim, dict) or not isinstance(claim.get("user"), int):
        return None
    user = User.objects.filter(pk=claim["user"], email=claim.get("email", "")).first()
    if user is None or not user.is_active or user.has_usable_password():
        return None
    return user


def invitation_link(user: User) -> str:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        path = reverse("core:invitation_accept", args=[invitation_token(user)])
    return absolute_url(path)


def send_invitation(user: User, *, inviter: str) -> None:
    """The invitation e-mail, in the invitee's language."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        days = max_age().days
        body = "\n\n".join(
            [
                _("Dear %(name)s,") % {"name": user.full_name or user.email},
                _("%(inviter)s invites you to Sunbula. Choose your password here:")
                % {"inviter": inviter},
                invitation_link(user),
                ngettext(
                    "The link works once, for %(days)s day.",
                    "The link works once, for %(days)s days.",
                    days,
                )
                % {"days": notice_value(days)},
            ]
        )
        send_mail(_("Your invitation to Sunbula"), body, None, [user.email])
