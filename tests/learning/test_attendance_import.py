"""A meeting's join/leave report becomes minutes per participant, overlaps counted once."""

from __future__ import annotations

import pytest
from django.utils import translation

from sunbula.core.models import AuditEntry
from sunbula.learning import services
from sunbula.learning.models import Attendance
from tests.conftest import World
from tests.learning.conftest import Workshop, approved

pytestmark = pytest.mark.django_db

# The morning session runs 09:00–11:00 UTC.
REPORT = b"""Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)
Amina,amina@example.org,2021-12-22 08:55:00,2021-12-22 09:40:00,45
Amina,amina@example.org,2021-12-22 10:00:00,2021-12-22 10:30:00,30
Bolat,bolat@example.org,2021-12-22 09:10:00,2021-12-22 10:00:00,50
Bolat,bolat@example.org,2021-12-22 09:50:00,2021-12-22 10:20:00,30
Chinara,chinara@example.org,2021-12-22 09:00:00,2021-12-22 12:00:00,180
Guest,guest@example.org,2021-12-22 09:00:00,2021-12-22 09:05:00,5
"""


def _minutes(workshop: Workshop) -> dict[str, int]:
    return {
        attendance.registration.full_name: attendance.minutes
        for attendance in Attendance.objects.filter(session=workshop.morning).select_related(
            "registration"
        )
    }


def test_minutes_per_participant(workshop: Workshop, world: World) -> None:
    workshop.event.capacity = None
    workshop.event.save()
    for name in ("Amina A", "Bolat B", "Chinara C"):
        approved(workshop.event, world.afghanistan, name)
    summary = services.attendance_import(actor=None, session=workshop.morning, report=REPORT)
    assert summary.rows == 6
    assert summary.participants == 3
    assert summary.unmatched == ["guest@example.org"]
    assert _minutes(workshop) == {
        # Joined twice: 09:00–09:40 (before the start is cut off) and 10:00–10:30.
        "Amina A": 70,
        # Joined twice with an overlap: 09:10–10:20 counted once.
        "Bolat B": 70,
        # Stayed past the end: cut at 11:00.
        "Chinara C": 120,
    }


def test_importing_the_same_report_again_changes_nothing(workshop: Workshop, world: World) -> None:
    approved(workshop.event, world.afghanistan, "Amina A")
    services.attendance_import(actor=None, session=workshop.morning, report=REPORT)
    entries = AuditEntry.objects.count()
    services.attendance_import(actor=None, session=workshop.morning, report=REPORT)
    assert AuditEntry.objects.count() == entries
    assert _minutes(workshop) == {"Amina A": 70}


def test_a_bad_line_refuses_the_whole_file_naming_the_line(
    workshop: Workshop, world: World
) -> None:
    approved(workshop.event, world.afghanistan, "Amina A")
    bad = REPORT.replace(b"2021-12-22 10:30:00", b"half past ten")
    with translation.override("en"), pytest.raises(services.AttendanceImportError) as refused:
        services.attendance_import(actor=None, session=workshop.morning, report=bad)
    assert refused.value.problems == ["Line 3: unreadable time."]
    assert not Attendance.objects.exists()


def test_a_file_without_the_columns_is_refused(workshop: Workshop) -> None:
    with pytest.raises(services.AttendanceImportError):
        services.attendance_import(actor=None, session=workshop.morning, report=b"who,when\nx,y\n")
