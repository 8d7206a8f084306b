"""Staff check people in at the door and upload a meeting report; bad files answer 422."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunbula.core.models import User
from sunbula.learning.models import Attendance
from tests.conftest import World, client_for
from tests.learning.conftest import Workshop, approved

pytestmark = pytest.mark.django_db


def test_a_scanned_code_checks_the_participant_in(
    workshop: Workshop, world: World, organiser: User
) -> None:
    amina = approved(workshop.event, world.afghanistan, "Amina Karimi")
    client = client_for(organiser)
    url = f"/en/learning/sessions/{workshop.morning.pk}/check-in/"
    assert "Amina Karimi" in client.get(url).content.decode()
    response = client.post(url, {"code": amina.token}, follow=True)
    assert "Amina Karimi checked in." in response.content.decode()
    attendance = Attendance.objects.get(registration=amina, session=workshop.morning)
    assert attendance.checked_in_at is not None and attendance.counts
    unknown = client.post(url, {"code": "nonsense"}, follow=True)
    assert "No approved participant has this code." in unknown.content.decode()
    nothing = client.post(url, {"code": ""}, follow=True)
    assert "No approved participant has this code." in nothing.content.decode()


def test_the_meeting_report_is_uploaded_and_a_bad_one_is_named(
    workshop: Workshop, world: World, organiser: User
) -> None:
    approved(workshop.event, world.afghanistan, "Amina Karimi")
    client = client_for(organiser)
    url = f"/en/learning/sessions/{workshop.morning.pk}/attendance/"
    good = SimpleUploadedFile(
        "report.csv",
        b"User Email,Join Time,Leave Time\n"
        b"amina@example.org,2021-12-22 09:00:00,2021-12-22 09:30:00\n"
        b"amina@example.org,2021-12-22 10:00:00,2021-12-22 10:45:00\n",
    )
    response = client.post(url, {"report": good}, follow=True)
    assert "2 lines read. Minutes recorded for 1 participant." in response.content.decode()
    assert Attendance.objects.get().minutes == 75
    bad = SimpleUploadedFile("report.csv", b"User Email,Join Time,Leave Time\nx,soon,later\n")
    response = client.post(url, {"report": bad})
    assert response.status_code == 422
    assert "Line 2: unreadable time." in response.content.decode()
