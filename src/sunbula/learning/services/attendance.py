"""Attendance, checked in or imported from a meeting report, and the certificates it earns."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.audit import save_audited, snapshot, step_audited
from sunbula.core.errors import DomainError
from sunbula.core.figures import date_text
from sunbula.core.imports import ImportFile, Problem
from sunbula.core.models import User
from sunbula.learning.imports import ATTENDANCE_REPORT, Connection, Span, refuse
from sunbula.learning.imports import AttendanceImportError as AttendanceImportError
from sunbula.learning.models import (
    Attendance,
    Certificate,
    EventSession,
    Registration,
)
from sunbula.learning.services.registrations import NotEligible, RegistrationRefused, Status


class AttendanceRefused(DomainError):
    """Attendance cannot be recorded for the session yet (`EventSession.attendance_problem`)."""

    status_code = 409


def _refuse_unless_started(session: EventSession, now: datetime.datetime) -> None:
    if problem := session.attendance_problem(now):
        raise AttendanceRefused(problem)


@transaction.atomic
def attendance_check_in(
    *,
    actor: User | None,
    session: EventSession,
    registration: Registration,
    now: datetime.datetime | None = None,
) -> Attendance:
    """Check an approved participant in to a session, from the session's day on."""
    now = now or timezone.now()
    _refuse_unless_started(session, now)
    if registration.event_id != session.event_id or registration.status != Status.APPROVED:
        raise RegistrationRefused(_("This person is not an approved participant of the event."))
    attendance, _created = Attendance.objects.get_or_create(
        registration=registration, session=session
    )
    if attendance.checked_in_at is not None:
        return attendance
    return step_audited(
        actor=actor,
        obj=attendance,
        verb="checked_in",
        values={
            "checked_in_at": now,
            "minutes": max(attendance.minutes, session.length_minutes),
        },
        fields=("minutes", "checked_in_at"),
    )


@dataclass(frozen=True)
class AttendanceImportSummary:
    rows: int
    participants: int
    unmatched: list[str]


def _connect(
    spans: list[Span], connection: Connection, start: datetime.datetime, end: datetime.datetime
) -> None:
    """Add a connection, clipped to the session, to a participant's spans, joining those it
    overlaps: the spans stay apart, so someone who reconnects a hundred times holds a few."""
    joined, left = max(connection.joined, start), min(connection.left, end)
    if left <= joined:  # outside the session, or no time at all
        return
    apart: list[Span] = []
    for span_start, span_end in spans:
        if span_end < joined or span_start > left:
            apart.append((span_start, span_end))
        else:
            joined, left = min(span_start, joined), max(span_end, left)
    apart.append((joined, left))
    spans[:] = apart


def _to_come(connection: Connection, zone: datetime.tzinfo) -> Problem:
    """The line of a connection on a day still to come where the event is held."""
    return Problem(
        connection.line,
        "",
        _("joins on %(date)s, a day still to come: attendance is recorded once it happened.")
        % {"date": date_text(connection.joined.astimezone(zone).date())},
    )


@transaction.atomic
def attendance_import(
    *,
    actor: User | None,
    session: EventSession,
    report: ImportFile,
    now: datetime.datetime | None = None,
) -> AttendanceImportSummary:
    """Turn an online meeting's join/leave report into minutes per participant.

    People who joined several times get the time they were connected, overlaps counted
    once. A session whose day has not come takes no report; the whole file is refused,
    naming each bad line, if any line is unreadable or joins on a day still to come. The
    report is then read again and each address's time in the session summed as its lines
    come: memory holds the participants, not the lines.
    """
    now = now or timezone.now()
    _refuse_unless_started(session, now)
    zone = session.event.zone
    today = now.astimezone(zone).date()
    rows = 0
    spans: dict[str, list[Span]] = {}
    to_come: list[Problem] = []
    for connection in ATTENDANCE_REPORT.records(report, context=zone):
        rows += 1
        if connection.joined.astimezone(zone).date() > today:
            to_come.append(_to_come(connection, zone))
            continue
        _connect(
            spans.setdefault(connection.email, []), connection, session.starts_at, session.ends_at
        )
    if to_come:
        raise refuse(to_come)
    registrations = {
        registration.email: registration
        for registration in Registration.objects.filter(
            event=session.event, email__in=list(spans), status=Status.APPROVED
        )
    }
    unmatched = sorted(email for email in spans if email not in registrations)
    for email, registration in registrations.items():
        connected = sum((left - joined for joined, left in spans[email]), datetime.timedelta())
        minutes = int(connected.total_seconds() // 60)
        attendance, created = Attendance.objects.get_or_create(
            registration=registration, session=session
        )
        if not created and attendance.minutes == minutes:
            continue
        before = snapshot(attendance, ("minutes",))
        attendance.minutes = minutes
        save_audited(
            actor=actor,
            obj=attendance,
            verb="imported",
            before=None if created else before,
            fields=("minutes",),
        )
    return AttendanceImportSummary(rows=rows, participants=len(registrations), unmatched=unmatched)


@transaction.atomic
def certificate_issue(
    *, actor: User | None, registration: Registration, now: datetime.datetime | None = None
) -> Certificate:
    """Issue the certificate once the event is over, if the participant attended enough of
    its sessions (`Registration.certificate_problem`); one issued already is kept."""
    now = now or timezone.now()
    existing = Certificate.objects.filter(registration=registration).first()
    if existing is not None:
        return existing
    if problem := registration.certificate_problem(now):
        raise NotEligible(problem)
    attended, held = registration.sessions_attended()
    certificate = Certificate(
        registration=registration,
        code=secrets.token_hex(5).upper(),
        issued_at=now,
        sessions_attended=attended,
        sessions_held=held,
    )
    return save_audited(
        actor=actor,
        obj=certificate,
        verb="issued",
        fields=("registration", "sessions_attended", "sessions_held"),
    )
