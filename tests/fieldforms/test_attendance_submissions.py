"""A session's attendance from ODK Collect: the country's events, their sessions and approved
participants are CSVs in the manifest, and the participant is checked in as at the door."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree

from sunbula.core.models import User
from sunbula.fieldforms import services
from sunbula.fieldforms.models import Purpose, Submission
from sunbula.learning import services as learning
from sunbula.learning.models import Attendance
from tests.conftest import World
from tests.fieldforms.conftest import device_collect
from tests.learning.conftest import approved, at, make_event, register

pytestmark = pytest.mark.django_db

MANIFEST = "{http://openrosa.org/xforms/xformsManifest}"


def test_a_participant_is_checked_in_and_a_pending_one_waits_for_review(
    world: World, admin: User
) -> None:
    event = make_event(country=world.afghanistan, capacity=None)
    session = learning.session_add(
        actor=None, event=event, title="Country experiences", starts_at=at(9), ends_at=at(11)
    )
    amina = approved(event, world.afghanistan, "Amina Karimi")
    pending = register(event, world.afghanistan, "Omar Rahimi")
    form = services.form_publish(
        actor=admin,
        purpose=Purpose.EVENT_ATTENDANCE,
        country=world.afghanistan,
        title="Workshop attendance",
    ).form
    collect = device_collect(admin, form)
    manifest = ElementTree.fromstring(collect.get(f"forms/{form.form_id}/manifest").content)
    media = {
        item.findtext(f"{MANIFEST}filename"): collect.get(
            item.findtext(f"{MANIFEST}downloadUrl") or ""
        ).content.decode()
        for item in manifest.iter(f"{MANIFEST}mediaFile")
    }
    assert f"{session.pk},Country experiences 2021-12-22 09:00,{event.pk}" in media["sessions.csv"]
    assert f"{amina.pk},Amina Karimi,{event.pk}" in media["registrations.csv"]
    assert "Omar Rahimi" not in media["registrations.csv"]
    values = {"event": str(event.pk), "session": str(session.pk), "registration": str(amina.pk)}
    response, instance_id = collect.submit(form, values)
    assert response.status_code == 201, response.content
    attendance = Attendance.objects.get(registration=amina, session=session)
    assert attendance.checked_in_at is not None
    assert Submission.objects.get(instance_id=instance_id).records == [
        ["learning.attendance", attendance.pk]
    ]
    _response, waiting = collect.submit(form, {**values, "registration": str(pending.pk)})
    submission = Submission.objects.get(instance_id=waiting)
    assert submission.status == Submission.Status.REVIEW
    assert "approved participant" in submission.shown_reason
    assert Attendance.objects.count() == 1
