"""Attendance, checked in or imported from a meeting report, and the certificates it earns."""

from __future__ import annotations

import csv
import datetime
import io
import secrets
import zoneinfo
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.audit import audit_record, snapshot
from sunbula.core.errors import DomainError
from sunbula.core.models import User
from sunbula.learning.models import (
    Attendance,
    Certificate,
    EventSession,
    Registration,
)
from sunbula.learning.services.registrations import NotEligible, RegistrationRefused, Status


class AttendanceImportError(DomainError):
    status_code = 422

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


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


JOIN_COLUMNS = ("join time", "join_time", "joined")


LEAVE_COLUMNS = ("leave time", "leave_time", "left")


EMAIL_COLUMNS = ("user email", "email", "e-mail")


TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M")


def _column(header: list[str], names: Sequence[str]) -> int | None:
    lowered = [name.strip().lower() for name in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def _parse_time(text: str, zone: zoneinfo.ZoneInfo) -> datetime.datetime | None:
    text = text.strip()
    for pattern in TIME_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).replace(tzinfo=zone)
        except ValueError:
            continue
    return None


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
    try:
        text = report.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AttendanceImportError([_("The file is not UTF-8 text.")]) from error
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    columns = [
        _column(header, EMAIL_COLUMNS),
        _column(header, JOIN_COLUMNS),
        _column(header, LEAVE_COLUMNS),
    ]
    if None in columns:
        raise AttendanceImportError(
            [_("The first line must name the columns: e-mail, join time and leave time.")]
        )
    email_at, join_at, leave_at = (int(index) for index in columns if index is not None)
    zone = zoneinfo.ZoneInfo(session.event.time_zone)
    spans: dict[str, list[tuple[datetime.datetime, datetime.datetime]]] = defaultdict(list)
    problems: list[str] = []
    rows = 0
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        if len(row) <= max(email_at, join_at, leave_at):
            problems.append(_("Line %(line)s: missing columns.") % {"line": line})
            continue
        joined = _parse_time(row[join_at], zone)
        left = _parse_time(row[leave_at], zone)
        if joined is None or left is None:
            problems.append(_("Line %(line)s: unreadable time.") % {"line": line})
            continue
        if left < joined:
            problems.append(_("Line %(line)s: leaves before joining.") % {"line": line})
            continue
        spans[row[email_at].strip().lower()].append((joined, left))
    if problems:
        raise AttendanceImportError(problems)
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
    return AttendanceImportSummary(rows=rows, participants=len(registrations), unmatched=unmatched)


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
