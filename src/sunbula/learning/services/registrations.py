"""Registrations and the waiting list: submit, approve, reject, withdraw, offer, remind."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from typing import Any, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunbula.core.audit import audit_record, save_audited, step_audited
from sunbula.core.bulk import add_amounts
from sunbula.core.errors import DomainError, NotPermitted
from sunbula.core.figures import date_text, datetime_text
from sunbula.core.lists import joined
from sunbula.core.models import Country, User
from sunbula.core.notifications import (
    NoticeKind,
    absolute_url,
    mail_after_commit,
    notify,
    register_kind,
)
from sunbula.learning.access import may_nominate, may_record_nomination
from sunbula.learning.models import (
    FREES_A_DELEGATION_PLACE,
    Delegation,
    Event,
    Registration,
    RegistrationTally,
)

Status = Registration.Status


OFFER_HOURS = 48


# Registrations accepted from one network address per hour, against floods.
REGISTRATIONS_PER_ADDRESS_PER_HOUR = 5


HOLDS_A_PLACE = (Status.APPROVED, Status.OFFERED)


REGISTRATION_FIELDS = (
    "status",
    "rejection_reason",
    "offer_expires_at",
)


class RegistrationRefused(DomainError):
    status_code = 409


class TooManyRegistrations(DomainError):
    status_code = 429


class NotEligible(DomainError):
    status_code = 409


@transaction.atomic
def registrations_close_due(
    *, actor: User | None, now: datetime.datetime | None = None
) -> list[Event]:
    """Close registration of every event whose closing time or start has come."""
    now = now or timezone.now()
    candidates = Event.objects.filter(
        registration_closed_at__isnull=True,
        starts_on__lte=(now + datetime.timedelta(days=1)).date(),
    ) | Event.objects.filter(registration_closed_at__isnull=True, registration_closes__lte=now)
    closed = []
    for event in candidates.order_by("pk").distinct():
        if now < event.registration_deadline:
            continue
        locked = _lock(event)
        step_audited(
            actor=actor,
            obj=locked,
            verb="registration_closed",
            values={"registration_closed_at": now},
            fields=("registration_closed_at",),
        )
        closed.append(locked)
    return closed


def _places_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=HOLDS_A_PLACE).count()


def _has_free_place(event: Event) -> bool:
    return event.capacity is None or _places_taken(event) < event.capacity


def _lock(event: Event) -> Event:
    """Serialise decisions about one event's places."""
    return Event.objects.select_for_update().get(pk=event.pk)


# What each e-mail to a participant says; rendered in the participant's language.
SUBJECTS = {
    "received": gettext_lazy("Registration received: %(event)s"),
    "approved": gettext_lazy("Your place is confirmed: %(event)s"),
    "waitlisted": gettext_lazy("You are on the waiting list: %(event)s"),
    "offered": gettext_lazy("A place is free for you: %(event)s"),
    "rejected": gettext_lazy("Registration not accepted: %(event)s"),
    "reminder": gettext_lazy("Reminder: %(event)s"),
}
BODIES = {
    "received": gettext_lazy("We received your registration. The organisers will confirm it."),
    "approved": gettext_lazy("Your registration is approved. We look forward to seeing you."),
    "waitlisted": gettext_lazy("The event is full. We will write as soon as a place is free."),
    "offered": gettext_lazy(
        "A place has become free. Accept it before %(expires)s, or it passes to the "
        "next person on the waiting list."
    ),
    "rejected": gettext_lazy("Your registration was not accepted: %(reason)s"),
    "reminder": gettext_lazy("The event starts on %(date)s."),
}
GREETING = gettext_lazy("Dear %(name)s,")
YOUR_REGISTRATION = gettext_lazy("Your registration: %(link)s")


def _mail(registration: Registration, kind: str) -> None:
    """Tell the participant, in their own language, where their registration stands; the
    e-mail leaves once the transaction commits, never while the event row is locked."""
    if registration.is_illustrative:
        return  # synthetic demo participants have no mailbox
    with translation.override(registration.language):
        link = absolute_url(registration.get_absolute_url())
        # Figures as the participant reads them, at the clock of the event's time zone.
        zone = registration.event.zone
        expires = (
            f"{datetime_text(registration.offer_expires_at, zone)} ({registration.event.time_zone})"
            if registration.offer_expires_at
            else ""
        )
        body = "\n\n".join(
            [
                str(GREETING) % {"name": registration.full_name},
                str(BODIES[kind])
                % {
                    "expires": expires,
                    "reason": registration.rejection_reason,
                    "date": date_text(registration.event.starts_on),
                },
                str(YOUR_REGISTRATION) % {"link": link},
            ]
        )
        subject = str(SUBJECTS[kind]) % {"event": registration.event.local_title}
    mail_after_commit(
        address=registration.email,
        language=registration.language,
        subject=subject,
        body=body,
        link=link,
    )


class _StatusChange(TypedDict, total=False):
    offer_expires_at: datetime.datetime | None
    rejection_reason: str


def _tally(registration: Registration, status: str, change: int) -> None:
    """Count the registration in (+1) or out of (-1) its event's tally for `status`."""
    add_amounts(
        RegistrationTally,
        {"event_id": registration.event_id, "status": status},
        {"registrations": change},
    )


@transaction.atomic
def registration_tallies_rebuild(*, actor: User | None) -> int:
    """Count every event's registrations by status again, replacing the tallies kept; return
    the rows written."""
    RegistrationTally.objects.all().delete()
    counted = (
        Registration.objects.order_by().values_list("event_id", "status").annotate(n=Count("pk"))
    )
    rows = RegistrationTally.objects.bulk_create(
        [
            RegistrationTally(event_id=event, status=status, registrations=n)
            for event, status, n in counted
        ],
        batch_size=1000,
    )
    audit_record(
        actor=actor,
        action="learning.registration_tallies.rebuilt",
        object_repr=str(RegistrationTally._meta.verbose_name_plural),
        after={"rows": len(rows)},
    )
    return len(rows)


def _set_status(
    *, actor: User | None, registration: Registration, status: str, **values: Unpack[_StatusChange]
) -> Registration:
    was = registration.status
    step_audited(
        actor=actor,
        obj=registration,
        verb=status,
        values={"status": status, **values},
        fields=REGISTRATION_FIELDS,
    )
    _tally(registration, was, -1)
    _tally(registration, status, +1)
    return registration


def _offer_next(*, actor: User | None, event: Event, now: datetime.datetime) -> None:
    """Offer each free place to the first person waiting, with an offer that expires."""
    while _has_free_place(event):
        waiting = (
            Registration.objects.filter(event=event, status=Status.WAITLISTED)
            .order_by("submitted_at", "pk")
            .first()
        )
        if waiting is None:
            return
        _set_status(
            actor=actor,
            registration=waiting,
            status=Status.OFFERED,
            offer_expires_at=now + datetime.timedelta(hours=OFFER_HOURS),
        )
        _mail(waiting, "offered")


def _source_digest(address: str) -> str:
    """A keyed hash of the sender's address: enough to count, not to know who."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def registration_submit(
    *,
    actor: User | None,
    event: Event,
    full_name: str,
    email: str,
    country: Country,
    institution: str,
    role: str,
    language: str = "en",
    listening_language: str = "",
    answers: dict[str, Any] | None = None,
    source: str = "",
    invited: bool = False,
    delegation: Delegation | None = None,
    received_by: str = "",
    is_illustrative: bool = False,
    now: datetime.datetime | None = None,
) -> Registration:
    """Register someone: pending approval, or approved, or on the waiting list when full.
    They listen in a language the event offers, its working language unless they say."""
    now = now or timezone.now()
    event = _lock(event)
    closed = event.closed_to_nomination() if invited else event.closed_to_registration(now)
    if closed:
        raise RegistrationRefused(closed)
    listening_language = listening_language or event.working_language
    offered = dict(event.listening_choices)
    if listening_language not in offered:
        raise ValidationError(
            {
                "listening_language": _(
                    "Choose a listening language this event offers: %(languages)s."
                )
                % {"languages": joined(offered.values())}
            }
        )
    digest = _source_digest(source) if source else ""
    if digest:
        recent = Registration.objects.filter(
            source_digest=digest, submitted_at__gte=now - datetime.timedelta(hours=1)
        ).count()
        if recent >= REGISTRATIONS_PER_ADDRESS_PER_HOUR:
            raise TooManyRegistrations(
                _("Too many registrations from your network. Try again in an hour.")
            )
    email = email.strip().lower()
    if Registration.objects.filter(event=event, email=email).exists():
        raise ValidationError({"email": _("This e-mail address is already registered.")})
    # Places go to approved people: a registration waiting for approval holds none yet.
    if event.approval_required and not invited:
        status = Status.PENDING
    elif _has_free_place(event):
        status = Status.APPROVED
    else:
        status = Status.WAITLISTED
    registration = Registration(
        event=event,
        full_name=full_name.strip(),
        email=email,
        country=country,
        institution=institution.strip(),
        role=role,
        language=language,
        listening_language=listening_language,
        answers=answers or {},
        status=status,
        invited=invited,
        delegation=delegation,
        received_by=received_by,
        submitted_at=now,
        token=secrets.token_urlsafe(24),
        source_digest=digest,
        is_illustrative=is_illustrative,
    )
    save_audited(
        actor=actor,
        obj=registration,
        verb="submitted",
        fields=("event", "country", "role", "status", "invited", "delegation", "received_by"),
    )
    _tally(registration, registration.status, +1)
    kinds = {Status.WAITLISTED: "waitlisted", Status.PENDING: "received"}
    _mail(registration, kinds.get(Status(status), "approved"))
    return registration


@transaction.atomic
def registration_approve(*, actor: User | None, registration: Registration) -> Registration:
    """Approve a pending registration; if the event is full it joins the waiting list."""
    _lock(registration.event)
    registration.refresh_from_db()
    if registration.status != Status.PENDING:
        raise RegistrationRefused(_("Only a pending registration can be approved."))
    if _has_free_place(registration.event):
        _set_status(actor=actor, registration=registration, status=Status.APPROVED)
        _mail(registration, "approved")
    else:
        _set_status(actor=actor, registration=registration, status=Status.WAITLISTED)
        _mail(registration, "waitlisted")
    return registration


@transaction.atomic
def registration_reject(
    *, actor: User | None, registration: Registration, reason: str
) -> Registration:
    registration.refresh_from_db()
    if registration.status not in (Status.PENDING, Status.WAITLISTED):
        raise RegistrationRefused(_("Only a pending or waiting registration can be rejected."))
    _set_status(
        actor=actor,
        registration=registration,
        status=Status.REJECTED,
        rejection_reason=reason.strip(),
    )
    _mail(registration, "rejected")
    return registration


@transaction.atomic
def registration_withdraw(
    *, actor: User | None, registration: Registration, now: datetime.datetime | None = None
) -> Registration:
    """The participant withdraws, unless they attended (`Registration.withdrawal_problem`);
    a place they held goes to the first person waiting."""
    now = now or timezone.now()
    event = _lock(registration.event)
    registration.refresh_from_db()
    if problem := registration.withdrawal_problem():
        raise RegistrationRefused(problem)
    _set_status(
        actor=actor, registration=registration, status=Status.WITHDRAWN, offer_expires_at=None
    )
    _offer_next(actor=actor, event=event, now=now)
    return registration


@transaction.atomic
def offer_accept(
    *, actor: User | None, registration: Registration, now: datetime.datetime | None = None
) -> Registration:
    now = now or timezone.now()
    _lock(registration.event)
    registration.refresh_from_db()
    if registration.status != Status.OFFERED:
        raise RegistrationRefused(_("There is no open offer for this registration."))
    if registration.offer_expires_at is None or registration.offer_expires_at < now:
        raise RegistrationRefused(_("The offer has expired."))
    _set_status(
        actor=actor, registration=registration, status=Status.APPROVED, offer_expires_at=None
    )
    _mail(registration, "approved")
    return registration


@transaction.atomic
def offers_expire(*, actor: User | None, now: datetime.datetime | None = None) -> int:
    """Close offers past their expiry and pass each place to the next person waiting."""
    now = now or timezone.now()
    expired = list(
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lt=now)
        .select_related("event")
        .order_by("event_id", "pk")
    )
    for registration in expired:
        event = _lock(registration.event)
        _set_status(actor=actor, registration=registration, status=Status.OFFER_EXPIRED)
        _offer_next(actor=actor, event=event, now=now)
    return len(expired)


# A nomination an organiser records on a delegation's behalf is told to its focal point.
NOMINATION_RECORDED = "learning.nomination_recorded"
register_kind(
    NoticeKind(NOMINATION_RECORDED, gettext_lazy("Nominations recorded for your delegation"))
)
NOMINATION_RECORDED_SUBJECT = gettext_lazy(
    "A nomination was recorded for your delegation: %(event)s"
)
NOMINATION_RECORDED_BODY = gettext_lazy(
    "%(organiser)s recorded the nomination of %(name)s (%(institution)s) to the delegation "
    "of %(country)s, as received by %(reference)s."
)


@transaction.atomic
def delegate_nominate(
    *,
    actor: User,
    delegation: Delegation,
    full_name: str,
    email: str,
    institution: str,
    role: str,
    language: str = "en",
    listening_language: str = "",
    received_by: str = "",
) -> Registration:
    """A country focal point nominates an official; nominees skip approval, within the quota.
    An organiser of the event records, on the delegation's behalf, a nomination its member
    state sent by note verbale or e-mail (`received_by`, its reference, is then required),
    and the focal point is told in their language."""
    locked = Delegation.objects.select_for_update().get(pk=delegation.pk)
    received_by = received_by.strip()
    on_behalf = not may_nominate(actor, locked)
    if on_behalf and not may_record_nomination(actor, locked):
        raise NotPermitted(_("Only the delegation's focal point may nominate."))
    if on_behalf and not received_by:
        raise ValidationError(
            {
                "received_by": _(
                    "Give the note verbale or e-mail the nomination came in, with its number "
                    "and date."
                )
            }
        )
    active = locked.members.exclude(status__in=FREES_A_DELEGATION_PLACE).count()
    if active >= locked.quota:
        raise RegistrationRefused(
            _("The delegation's quota of %(quota)s is reached.") % {"quota": locked.quota}
        )
    nominee = registration_submit(
        actor=actor,
        event=locked.event,
        full_name=full_name,
        email=email,
        country=locked.country,
        institution=institution,
        role=role,
        language=language,
        listening_language=listening_language,
        invited=True,
        delegation=locked,
        received_by=received_by,
    )
    if on_behalf:
        notify(
            recipient=locked.focal_point,
            kind=NOMINATION_RECORDED,
            subject=NOMINATION_RECORDED_SUBJECT,
            body=NOMINATION_RECORDED_BODY,
            link=reverse_lazy("learning:event_detail", args=[locked.event_id]),
            params={
                "event": locked.event,
                "organiser": actor,
                "name": nominee.full_name,
                "institution": nominee.institution,
                "country": locked.country,
                "reference": received_by,
            },
        )
    return nominee


@transaction.atomic
def reminders_send(
    *, actor: User | None, event: Event, now: datetime.datetime | None = None
) -> int:
    """Remind every approved participant of the event, each in their own language; not
    once the event is cancelled or has taken place."""
    refusal = event.change_problem() or event.ended_problem(now or timezone.now())
    if refusal:
        raise RegistrationRefused(refusal)
    approved = list(
        Registration.objects.filter(event=event, status=Status.APPROVED).select_related("event")
    )
    for registration in approved:
        _mail(registration, "reminder")
    audit_record(
        actor=actor,
        action="learning.event.reminded",
        obj=event,
        after={"participants": len(approved)},
    )
    return len(approved)


# Days before an event starts that its approved participants are reminded.
REMINDER_DAYS_BEFORE = 2


@transaction.atomic
def reminders_send_due(*, actor: User | None, today: datetime.date | None = None) -> list[Event]:
    """Remind the participants of every event (not cancelled) that starts
    `REMINDER_DAYS_BEFORE` days from `today`; run once a day, each event is reminded once."""
    today = today or timezone.localdate()
    day = today + datetime.timedelta(days=REMINDER_DAYS_BEFORE)
    events = list(Event.objects.filter(starts_on=day, cancelled_at__isnull=True).order_by("pk"))
    noon = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    for event in events:
        reminders_send(actor=actor, event=event, now=noon)
    return events
