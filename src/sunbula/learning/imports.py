"""Reading an online meeting's join/leave report into its connections.

Nothing here writes: the parser, plugged into the import pipeline, yields when each
e-mail address was connected, one line at a time, or names every unreadable line, and the
service turns the connections into minutes of attendance.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunbula.core.errors import DomainError
from sunbula.core.imports import SMALL_FILE_LIMITS, Importer, Problem, Table

JOIN_COLUMNS = ("join time", "join_time", "joined")
LEAVE_COLUMNS = ("leave time", "leave_time", "left")
EMAIL_COLUMNS = ("user email", "email", "e-mail")
TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M")

Span = tuple[datetime.datetime, datetime.datetime]


class AttendanceImportError(DomainError):
    status_code = 422

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def refuse(problems: list[Problem]) -> AttendanceImportError:
    return AttendanceImportError([str(problem) for problem in problems])


@dataclass(frozen=True)
class Connection:
    """One line of the report (its number `line`): an e-mail address connected from
    `joined` until `left`."""

    email: str
    joined: datetime.datetime
    left: datetime.datetime
    line: int


def _column(header: list[str], names: Sequence[str]) -> int | None:
    lowered = [name.strip().lower() for name in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def _parse_time(text: str, zone: datetime.tzinfo) -> datetime.datetime | None:
    text = text.strip()
    for pattern in TIME_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).replace(tzinfo=zone)
        except ValueError:
            continue
    return None


def parse_connections(table: Table, zone: datetime.tzinfo) -> Iterator[Connection]:
    """Every connection of the report; each unreadable line is named in the table's problems."""
    lines = iter(table)
    _number, header = next(lines, (1, []))
    columns = [
        _column(header, EMAIL_COLUMNS),
        _column(header, JOIN_COLUMNS),
        _column(header, LEAVE_COLUMNS),
    ]
    if None in columns:
        table.problem(
            0, "", _("The first line must name the columns: e-mail, join time and leave time.")
        )
        return
    email_at, join_at, leave_at = (int(index) for index in columns if index is not None)
    for line, row in lines:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(email_at, join_at, leave_at):
            table.problem(line, "", _("missing columns."))
            continue
        joined = _parse_time(row[join_at], zone)
        left = _parse_time(row[leave_at], zone)
        if joined is None or left is None:
            table.problem(line, "", _("unreadable time."))
            continue
        if left < joined:
            table.problem(line, "", _("leaves before joining."))
            continue
        yield Connection(row[email_at].strip().lower(), joined, left, line)


ATTENDANCE_REPORT: Importer[datetime.tzinfo, Connection] = Importer(
    name="learning.attendance_report",
    label=gettext_lazy("Attendance report of an online session"),
    parser=parse_connections,
    refuse=refuse,
    formats=("csv",),
    limits=SMALL_FILE_LIMITS,
)
