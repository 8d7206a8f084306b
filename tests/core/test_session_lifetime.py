"""A session ends after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after
signing in however busy it is."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from sunbula.core.models import User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_an_idle_session_ends(officer_afg: User, settings: Any) -> None:
    settings.SESSION_IDLE_MINUTES = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for(officer_afg)
        assert client.get("/en/sites/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert client.get("/en/sites/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=58), tick=False):
        assert client.get("/en/sites/").status_code == 200  # in use: 29 minutes since the last
    with time_machine.travel(start + datetime.timedelta(minutes=89), tick=False):
        response = client.get("/en/sites/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_busy_session_still_ends_after_its_lifetime(officer_afg: User, settings: Any) -> None:
    settings.SESSION_IDLE_MINUTES = 30
    settings.SESSION_MAX_HOURS = 2
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for(officer_afg)
    for minutes in range(20, 120, 20):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            assert client.get("/en/sites/").status_code == 200, minutes
    with time_machine.travel(start + datetime.timedelta(minutes=121), tick=False):
        assert client.get("/en/sites/").status_code == 302
        assert client.get("/api/v1/organisations/").status_code in (401, 403)


def test_the_session_cookie_lives_no_longer_than_the_session(settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE <= settings.SESSION_MAX_HOURS * 3600
