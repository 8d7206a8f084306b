"""A participant who attended can no longer withdraw, on their page as in the service; a
certificate whose registration no longer earns it (withdrawn before this rule) is said to be
revoked where it is verified, and no longer downloads."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from sunbula.learning import services
from sunbula.learning.models import Attendance, Certificate, Registration
from tests.conftest import World
from tests.learning.conftest import Workshop, approved, at

pytestmark = pytest.mark.django_db


def _certified(workshop: Workshop, world: World) -> tuple[Registration, Certificate]:
    amina = approved(workshop.event, world.afghanistan, "Amina Karimi")
    for session in (workshop.morning, workshop.afternoon):
        services.attendance_check_in(actor=None, session=session, registration=amina, now=at(9))
    return amina, services.certificate_issue(actor=None, registration=amina)


def test_a_participant_who_attended_cannot_withdraw(workshop: Workshop, world: World) -> None:
    amina, certificate = _certified(workshop, world)
    with translation.override("en"), pytest.raises(services.RegistrationRefused) as refused:
        services.registration_withdraw(actor=None, registration=amina)
    assert str(refused.value) == (
        "Attendance is recorded for this registration; it can no longer be withdrawn."
    )
    client = Client()
    page = client.get(f"/en/learning/r/{amina.token}/").content.decode()
    assert 'value="withdraw"' not in page
    response = client.post(f"/en/learning/r/{amina.token}/respond/", {"answer": "withdraw"})
    assert response.status_code == 409
    assert "it can no longer be withdrawn" in response.content.decode()
    amina.refresh_from_db()
    assert amina.status == Registration.Status.APPROVED
    assert client.get(f"/en/learning/r/{amina.token}/certificate.pdf").status_code == 200
    verified = client.get(f"/en/learning/verify/?code={certificate.code}")
    assert "This certificate is genuine." in verified.content.decode()


def test_minutes_from_a_meeting_report_count_as_attending(workshop: Workshop, world: World) -> None:
    amina = approved(workshop.event, world.afghanistan, "Amina Karimi")
    report = (
        b"User Email,Join Time,Leave Time\n"
        b"amina@example.org,2021-12-22 09:00:00,2021-12-22 09:20:00\n"
    )
    services.attendance_import(actor=None, session=workshop.morning, report=report)
    with pytest.raises(services.RegistrationRefused):
        services.registration_withdraw(actor=None, registration=amina)


def test_a_participant_who_did_not_attend_still_withdraws(workshop: Workshop, world: World) -> None:
    amina = approved(workshop.event, world.afghanistan, "Amina Karimi")
    page = Client().get(f"/en/learning/r/{amina.token}/").content.decode()
    assert 'value="withdraw"' in page
    response = Client().post(f"/en/learning/r/{amina.token}/respond/", {"answer": "withdraw"})
    assert response.status_code == 302
    amina.refresh_from_db()
    assert amina.status == Registration.Status.WITHDRAWN


def test_a_certificate_whose_holder_withdrew_is_revoked(workshop: Workshop, world: World) -> None:
    """A registration withdrawn after its certificate was issued, before withdrawing was
    refused to those who attended."""
    amina, certificate = _certified(workshop, world)
    Registration.objects.filter(pk=amina.pk).update(status=Registration.Status.WITHDRAWN)
    client = Client()
    verified = client.get(f"/en/learning/verify/?code={certificate.code}")
    assert verified.status_code == 410
    html = verified.content.decode()
    assert "This certificate is genuine." not in html
    assert "This certificate is not valid." in html
    assert "This certificate has been revoked: its holder withdrew from the event." in html
    assert client.get(f"/en/learning/r/{amina.token}/certificate.pdf").status_code == 404
    assert "certificate.pdf" not in client.get(f"/en/learning/r/{amina.token}/").content.decode()
    arabic = client.get(f"/ar/learning/verify/?code={certificate.code}").content.decode()
    assert "أُلغيت هذه الشهادة" in arabic
    assert Attendance.objects.filter(registration=amina).count() == 2
