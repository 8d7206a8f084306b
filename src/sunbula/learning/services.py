"""Every write to events, registrations, attendance, certificates and farmer courses.

Keyword-only, atomic, validated and audited. Public callers (the registration form, a
farmer's phone) act with `actor=None`; the audit entry then has no user.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sunbula.core.audit import audit_record, create_audited, snapshot
from sunbula.core.errors import DomainError
from sunbula.core.models import AdminArea, Country, User
from sunbula.learning.imports import ATTENDANCE_REPORT
from sunbula.learning.imports import AttendanceImportError as AttendanceImportError
from sunbula.learning.models import (
    Attendance,
    Certificate,
    Course,
    Delegation,
    Enrolment,
    Event,
    EventSession,
    Lesson,
    Question,
    Registration,
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


# Events, sessions, questions, delegations


@transaction.atomic
def event_create(*, actor: User | None, title: str, **values: Any) -> Event:
    return create_audited(actor=actor, model=Event, values={"title": title, **values})


@transaction.atomic
def session_add(
    *,
    actor: User | None,
    event: Event,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    title_translations: dict[str, str] | None = None,
) -> EventSession:
    return create_audited(
        actor=actor,
        model=EventSession,
        values={
            "event": event,
            "title": title,
            "title_translations": title_translations or {},
            "starts_at": starts_at,
            "ends_at": ends_at,
        },
    )


@transaction.atomic
def question_add(
    *,
    actor: User | None,
    event: Event,
    label: str,
    kind: str,
    required: bool = False,
    choices: Sequence[str] = (),
    shown_if: Question | None = None,
    shown_if_answer: str = "",
    label_translations: dict[str, str] | None = None,
    position: int = 0,
) -> Question:
    return create_audited(
        actor=actor,
        model=Question,
        values={
            "event": event,
            "label": label,
            "label_translations": label_translations or {},
            "kind": kind,
            "required": required,
            "choices": list(choices),
            "shown_if": shown_if,
            "shown_if_answer": shown_if_answer,
            "position": position,
        },
    )


@transaction.atomic
def delegation_create(
    *, actor: User | None, event: Event, country: Country, focal_point: User, quota: int
) -> Delegation:
    return create_audited(
        actor=actor,
        model=Delegation,
        values={"event": event, "country": country, "focal_point": focal_point, "quota": quota},
    )


# Registrations and the waiting list


def _places_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=HOLDS_A_PLACE).count()


def _has_free_place(event: Event) -> bool:
    return event.capacity is None or _places_taken(event) < event.capacity


def _lock(event: Event) -> Event:
    """Serialise decisions about one event's places."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _link(registration: Registration) -> str:
    base = str(getattr(settings, "SUNBULA_BASE_URL", "")).rstrip("/")
    with translation.override(registration.language):
        return base + registration.get_absolute_url()


def _mail(registration: Registration, kind: str) -> None:
    """Tell the participant, in their own language, where their registration stands."""
    if registration.is_illustrative:
        return  # synthetic demo participants have no mailbox
    with translation.override(registration.language):
        event = registration.event.local_title
        subjects = {
            "received": _("Registration received: %(event)s"),
            "approved": _("Your place is confirmed: %(event)s"),
            "waitlisted": _("You are on the waiting list: %(event)s"),
            "offered": _("A place is free for you: %(event)s"),
            "rejected": _("Registration not accepted: %(event)s"),
            "reminder": _("Reminder: %(event)s"),
        }
        bodies = {
            "received": _("We received your registration. The organisers will confirm it."),
            "approved": _("Your registration is approved. We look forward to seeing you."),
            "waitlisted": _("The event is full. We will write as soon as a place is free."),
            "offered": _(
                "A place has become free. Accept it before %(expires)s, or it passes to the "
                "next person on the waiting list."
            )
            % {
                "expires": timezone.localtime(registration.offer_expires_at).strftime(
                    "%Y-%m-%d %H:%M %Z"
                )
                if registration.offer_expires_at
                else ""
            },
            "rejected": _("Your registration was not accepted: %(reason)s")
            % {"reason": registration.rejection_reason},
            "reminder": _("The event starts on %(date)s.")
            % {"date": registration.event.starts_on.isoformat()},
        }
        body = "\n\n".join(
            [
                _("Dear %(name)s,") % {"name": registration.full_name},
                bodies[kind],
                _("Your registration: %(link)s") % {"link": _link(registration)},
            ]
        )
        send_mail(
            subjects[kind] % {"event": event},
            body,
            None,
            [registration.email],
        )


def _set_status(
    *, actor: User | None, registration: Registration, status: str, **values: Any
) -> Registration:
    before = snapshot(registration, REGISTRATION_FIELDS)
    registration.status = status
    for name, value in values.items():
        setattr(registration, name, value)
    registration.full_clean()
    registration.save()
    audit_record(
        actor=actor,
        action=f"learning.registration.{status}",
        obj=registration,
        before=before,
        after=snapshot(registration, REGISTRATION_FIELDS),
    )
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
    listening_language: str = "en",
    answers: dict[str, Any] | None = None,
    source: str = "",
    invited: bool = False,
    delegation: Delegation | None = None,
    is_illustrative: bool = False,
    now: datetime.datetime | None = None,
) -> Registration:
    """Register someone: pending approval, or approved, or on the waiting list when full."""
    now = now or timezone.now()
    event = _lock(event)
    if not invited:
        if event.registration_opens and now < event.registration_opens:
            raise RegistrationRefused(_("Registration has not opened yet."))
        if event.registration_closes and now > event.registration_closes:
            raise RegistrationRefused(_("Registration is closed."))
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
        raise RegistrationRefused(_("This e-mail address is already registered."))
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
        submitted_at=now,
        token=secrets.token_urlsafe(24),
        source_digest=digest,
        is_illustrative=is_illustrative,
    )
    registration.full_clean()
    registration.save()
    audit_record(
        actor=actor,
        action="learning.registration.submitted",
        obj=registration,
        after=snapshot(registration, ("event", "country", "role", "status", "invited")),
    )
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
    """The participant withdraws; a place they held goes to the first person waiting."""
    now = now or timezone.now()
    event = _lock(registration.event)
    registration.refresh_from_db()
    if registration.status in (Status.WITHDRAWN, Status.REJECTED):
        raise RegistrationRefused(_("This registration is no longer active."))
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
    listening_language: str = "en",
) -> Registration:
    """A country focal point nominates an official; nominees skip approval, within the quota."""
    locked = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if actor.pk != locked.focal_point_id and not actor.is_superuser:
        raise RegistrationRefused(_("Only the delegation's focal point may nominate."))
    active = locked.members.exclude(status__in=[Status.WITHDRAWN, Status.REJECTED]).count()
    if active >= locked.quota:
        raise RegistrationRefused(
            _("The delegation's quota of %(quota)s is reached.") % {"quota": locked.quota}
        )
    return registration_submit(
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
    )


@transaction.atomic
def reminders_send(*, actor: User | None, event: Event) -> int:
    """Remind every approved participant of the event, each in their own language."""
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


# Attendance and certificates


@transaction.atomic
def attendance_check_in(
    *,
    actor: User | None,
    session: EventSession,
    registration: Registration,
    now: datetime.datetime | None = None,
) -> Attendance:
    now = now or timezone.now()
    if registration.event_id != session.event_id or registration.status != Status.APPROVED:
        raise RegistrationRefused(_("This person is not an approved participant of the event."))
    attendance, _created = Attendance.objects.get_or_create(
        registration=registration, session=session
    )
    if attendance.checked_in_at is not None:
        return attendance
    before = snapshot(attendance, ("minutes", "checked_in_at"))
    attendance.checked_in_at = now
    attendance.minutes = max(attendance.minutes, session.length_minutes)
    attendance.full_clean()
    attendance.save()
    audit_record(
        actor=actor,
        action="learning.attendance.checked_in",
        obj=attendance,
        before=before,
        after=snapshot(attendance, ("minutes", "checked_in_at")),
    )
    return attendance


@dataclass(frozen=True)
class AttendanceImportSummary:
    rows: int
    participants: int
    unmatched: list[str]


def _merged_minutes(
    spans: list[tuple[datetime.datetime, datetime.datetime]],
    start: datetime.datetime,
    end: datetime.datetime,
) -> int:
    """Minutes covered by the spans inside the session, counting overlaps once."""
    clipped = sorted((max(a, start), min(b, end)) for a, b in spans if b > start and a < end)
    total = datetime.timedelta()
    current_start: datetime.datetime | None = None
    current_end: datetime.datetime | None = None
    for a, b in clipped:
        if current_end is None or current_start is None or a > current_end:
            if current_end is not None and current_start is not None:
                total += current_end - current_start
            current_start, current_end = a, b
        else:
            current_end = max(current_end, b)
    if current_end is not None and current_start is not None:
        total += current_end - current_start
    return int(total.total_seconds() // 60)


@transaction.atomic
def attendance_import(
    *, actor: User | None, session: EventSession, report: bytes
) -> AttendanceImportSummary:
    """Turn an online meeting's join/leave report into minutes per participant.

    People who joined several times get the time they were connected, overlaps counted
    once. The whole file is refused, naming each bad line, if any line is unreadable.
    """
    zone = zoneinfo.ZoneInfo(session.event.time_zone)
    connections = ATTENDANCE_REPORT.read(report, context=zone)
    spans = connections.spans
    registrations = {
        registration.email: registration
        for registration in Registration.objects.filter(
            event=session.event, email__in=list(spans), status=Status.APPROVED
        )
    }
    unmatched = sorted(email for email in spans if email not in registrations)
    for email, registration in registrations.items():
        minutes = _merged_minutes(spans[email], session.starts_at, session.ends_at)
        attendance, created = Attendance.objects.get_or_create(
            registration=registration, session=session
        )
        if not created and attendance.minutes == minutes:
            continue
        before = snapshot(attendance, ("minutes",))
        attendance.minutes = minutes
        attendance.full_clean()
        attendance.save()
        audit_record(
            actor=actor,
            action="learning.attendance.imported",
            obj=attendance,
            before=None if created else before,
            after={"minutes": minutes},
        )
    return AttendanceImportSummary(
        rows=connections.rows, participants=len(registrations), unmatched=unmatched
    )


def _sessions_attended(registration: Registration) -> tuple[int, int]:
    """(sessions that count as attended, sessions held) for the certificate rule."""
    held = registration.event.sessions.count()
    attended = sum(
        1 for attendance in registration.attendances.select_related("session") if attendance.counts
    )
    return attended, held


@transaction.atomic
def certificate_issue(
    *, actor: User | None, registration: Registration, now: datetime.datetime | None = None
) -> Certificate:
    """Issue the certificate if the participant attended enough of the sessions."""
    existing = Certificate.objects.filter(registration=registration).first()
    if existing is not None:
        return existing
    if registration.status != Status.APPROVED:
        raise NotEligible(_("Only approved participants receive a certificate."))
    attended, held = _sessions_attended(registration)
    share = registration.event.certificate_share
    if held == 0 or attended * 100 < share * held:
        raise NotEligible(
            _("Attended %(attended)s of %(held)s sessions; the certificate needs %(share)s %%.")
            % {"attended": attended, "held": held, "share": f"{share:g}"}
        )
    certificate = Certificate(
        registration=registration,
        code=secrets.token_hex(5).upper(),
        issued_at=now or timezone.now(),
        sessions_attended=attended,
        sessions_held=held,
    )
    certificate.full_clean()
    certificate.save()
    audit_record(
        actor=actor,
        action="learning.certificate.issued",
        obj=certificate,
        after=snapshot(certificate, ("registration", "sessions_attended", "sessions_held")),
    )
    return certificate


# Farmer courses


@transaction.atomic
def course_create(*, actor: User | None, title: str, **values: Any) -> Course:
    return create_audited(actor=actor, model=Course, values={"title": title, **values})


@transaction.atomic
def lesson_add(*, actor: User | None, course: Course, position: int, **values: Any) -> Lesson:
    return create_audited(
        actor=actor, model=Lesson, values={"course": course, "position": position, **values}
    )


def _normalise_phone(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not re.fullmatch(r"\+?\d{7,15}", digits):
        raise ValidationError({"phone": _("Enter a phone number of 7 to 15 digits.")})
    return digits


def _phone_digest(phone: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), _normalise_phone(phone).encode(), hashlib.sha256
    ).hexdigest()


@transaction.atomic
def farmer_enrol(
    *,
    actor: User | None,
    course: Course,
    phone: str,
    district: AdminArea,
    sex: str,
    language: str,
    is_illustrative: bool = False,
    now: datetime.datetime | None = None,
) -> Enrolment:
    """Enrol a farmer by phone; enrolling again with the same phone finds the enrolment."""
    digest = _phone_digest(phone)
    existing = Enrolment.objects.filter(course=course, phone_digest=digest).first()
    if existing is not None:
        return existing
    if district.country_id != course.country_id:
        raise ValidationError({"district": _("Choose a district of the course's country.")})
    return create_audited(
        actor=actor,
        model=Enrolment,
        values={
            "course": course,
            "phone_digest": digest,
            "phone_last_digits": _normalise_phone(phone)[-3:],
            "district": district,
            "sex": sex,
            "language": language,
            "enrolled_at": now or timezone.now(),
            "is_illustrative": is_illustrative,
        },
    )


@transaction.atomic
def lesson_complete(
    *,
    actor: User | None,
    enrolment: Enrolment,
    lesson: Lesson,
    now: datetime.datetime | None = None,
) -> Enrolment:
    """Mark a lesson done; the course is complete when every lesson is."""
    if lesson.course_id != enrolment.course_id:
        raise ValidationError({"lesson": _("This lesson belongs to another course.")})
    if enrolment.lessons_done.filter(pk=lesson.pk).exists():
        return enrolment
    before = snapshot(enrolment, ("lessons_done", "completed_at"))
    enrolment.lessons_done.add(lesson)
    remaining = Lesson.objects.filter(course=enrolment.course).exclude(
        Q(pk__in=enrolment.lessons_done.all())
    )
    if enrolment.completed_at is None and not remaining.exists():
        enrolment.completed_at = now or timezone.now()
        enrolment.save(update_fields=["completed_at"])
    audit_record(
        actor=actor,
        action="learning.enrolment.lesson_completed",
        obj=enrolment,
        before=before,
        after=snapshot(enrolment, ("lessons_done", "completed_at")),
    )
    return enrolment
