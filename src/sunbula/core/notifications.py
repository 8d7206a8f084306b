"""Notices to people: an in-app notification for a user and, if wanted, an e-mail.

`notify()` is the one way to tell a user something. It writes the notice in the user's
language and, if the user takes that kind by e-mail, sends it once the transaction commits.
`mail_after_commit()` is the same e-mail for someone without an account (a participant, a
donor's focal point). Figures and dates among the parameters are written as the recipient
reads them (`Amount` and `Quantity` carry their currency or unit). Links are absolute, built
from `SUNBULA_BASE_URL`. Neither writes an audit entry: the service that calls them records
the change that caused the notice.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _

from sunbula.core import figures
from sunbula.core.models import Notification, NotificationPreference, User

logger = logging.getLogger(__name__)

Text = str | Promise


@dataclass(frozen=True)
class NoticeKind:
    """A kind of notice a user may take by e-mail or not; `email` is the default."""

    code: str
    label: Text
    email: bool = True


_kinds: dict[str, NoticeKind] = {}


def register_kind(kind: NoticeKind) -> None:
    """Declare a kind of notice (from the app that sends it), for the preferences page."""
    _kinds[kind.code] = kind


def notice_kinds() -> list[NoticeKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.code)


def absolute_url(path: Text) -> str:
    """`path` (a site path, or already a full URL) as a link that works from a mailbox."""
    text = str(path)
    if not text or "://" in text:
        return text
    return f"{str(settings.SUNBULA_BASE_URL).rstrip('/')}/{text.lstrip('/')}"


@dataclass(frozen=True)
class Amount:
    """A sum of money among a notice's parameters, written with its currency."""

    value: Decimal
    currency: object


@dataclass(frozen=True)
class Quantity:
    """A quantity among a notice's parameters, written with its unit."""

    value: Decimal
    unit: object = ""


def _figure(value: object) -> str | None:
    """`value` as the active language writes it, if it is a figure or a date."""
    if isinstance(value, Amount):
        return figures.money_text(value.value, value.currency)
    if isinstance(value, Quantity):
        return figures.quantity_text(value.value, value.unit)
    if isinstance(value, datetime.datetime):
        return figures.datetime_text(value)
    if isinstance(value, datetime.date):
        text = figures.date_text(value)
        if figures.language() in figures.SOLAR_HIJRI_LANGUAGES:
            text = f"{text} ({figures.solar_hijri_text(value)})"
        return text
    if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        return figures.number_text(value)
    return None


def notice_value(value: object) -> str:
    """A parameter of a notice in the active language: a figure or date in the reader's
    format (in right-to-left text isolated, unless a bare number, so that it keeps its
    place), a record by its name in that language."""
    figure = _figure(value)
    if figure is None:
        return str(value)
    if get_language_bidi() and not figure.isdigit():
        return figures.isolated(figure, html=False)
    return figure


def _render(text: Text, params: Mapping[str, object] | None) -> str:
    """`text` in the active language, with `params` rendered in that language too."""
    rendered = str(text)
    if params:
        rendered = rendered % {name: notice_value(value) for name, value in params.items()}
    return rendered


def _one_line(text: str) -> str:
    """`text` on one line; the no-break spaces inside a figure ("12 500,00 USD") stay."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    link: str
    language: str


def render_notice(
    *,
    language: str,
    subject: Text,
    body: Text,
    link: Text = "",
    params: Mapping[str, object] | None = None,
) -> Rendered:
    """Subject, body and link in `language`; lazy texts, lazy links (`reverse_lazy`) and
    records whose name depends on the language are all rendered in it."""
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        return Rendered(
            subject=_one_line(_render(subject, params))[:255],
            body=_render(body, params),
            link=str(link),
            language=language,
        )


def _send(address: str, notice: Rendered) -> None:
    with translation.override(notice.language):
        link = absolute_url(notice.link)
        context = {
            "subject": notice.subject,
            "body": notice.body,
            "link": link,
            "language": notice.language,
            "direction": "rtl" if get_language_bidi() else "ltr",
        }
        text = render_to_string("core/email/notice.txt", context)
        html = render_to_string("core/email/notice.html", context)
    message = EmailMultiAlternatives(notice.subject, text, None, [address])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except OSError:  # the change is committed; a mail server that is down must not undo it
        logger.exception("could not send %r to %s", notice.subject, address)


def mail_after_commit(
    *,
    address: str,
    language: str,
    subject: Text,
    body: Text,
    link: Text = "",
    params: Mapping[str, object] | None = None,
) -> Rendered:
    """E-mail someone in `language` once the current transaction commits (at once outside one)."""
    notice = render_notice(language=language, subject=subject, body=body, link=link, params=params)
    transaction.on_commit(lambda: _send(address, notice))
    return notice


def wants_email(user: User, kind: str) -> bool:
    choice = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("email", flat=True)
        .first()
    )
    if choice is not None:
        return choice
    known = _kinds.get(kind)
    return known.email if known is not None else True


def notify(
    *,
    recipient: User,
    kind: str,
    subject: Text,
    body: Text = "",
    link: Text = "",
    params: Mapping[str, object] | None = None,
    key: str = "",
) -> Notification | None:
    """Tell `recipient` something: an in-app notice and, if they take `kind` by e-mail, an
    e-mail after commit, both in their language. With a `key`, a notice already given under
    that key is not given again (None is returned)."""
    if not recipient.is_active:
        return None
    if key and Notification.objects.filter(recipient=recipient, key=key).exists():
        return None
    notice = render_notice(
        language=recipient.preferred_language,
        subject=subject,
        body=body,
        link=link,
        params=params,
    )
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                subject=notice.subject,
                body=notice.body,
                link=notice.link,
                key=key,
            )
    except IntegrityError:  # another worker gave the same notice a moment ago
        return None
    if recipient.email and wants_email(recipient, kind):
        transaction.on_commit(lambda: _send(recipient.email, notice))
    return notification


register_kind(NoticeKind("core.general", _("General notices")))
