"""An event's sessions are shown at the event's own time, under its time zone's label."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from sunbula.learning import services
from tests.conftest import client_for
from tests.learning.conftest import DAY, at

pytestmark = pytest.mark.django_db


def test_an_almaty_event_shows_its_sessions_in_almaty_time(organiser: User) -> None:
    event = services.event_create(
        actor=None,
        title="Grain reserves workshop",
        kind="workshop",
        modality="online",
        meeting_link="https://meet.example.org/grain",
        time_zone="Asia/Almaty",
        starts_on=DAY,
        ends_on=DAY,
        working_language="en",
        capacity=None,
        approval_required=False,
    )
    # 04:00 to 06:30 UTC is 10:00 to 12:30 in Almaty (UTC+6 until 2024).
    services.session_add(
        actor=None, event=event, title="Opening", starts_at=at(4), ends_at=at(6, 30)
    )
    html = client_for(organiser).get(f"/en/learning/events/{event.pk}/").content.decode()
    assert "(Asia/Almaty)" in html
    assert "<bdi>Dec 22, 2021, 10:00\u202fAM</bdi> – <bdi>12:30\u202fPM</bdi>" in html
    assert "4:00" not in html
