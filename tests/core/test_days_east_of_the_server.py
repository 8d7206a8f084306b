"""A day that has begun for someone is not a day to come: at half past one in the morning in
Kabul, a server on UTC still has yesterday, and an officer recording what happened today is
not refused. A day that has begun nowhere still is."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone

from sunbula.core.validation import is_to_come, today_somewhere

# 21:00 UTC on 1 June 2024: half past one on 2 June in Kabul, ten in the morning in Kiribati.
KABUL_NIGHT = datetime.datetime(2024, 6, 1, 21, 0, tzinfo=datetime.UTC)


def test_the_day_begun_east_of_the_server_is_today_somewhere() -> None:
    with time_machine.travel(KABUL_NIGHT, tick=False):
        assert timezone.localdate() == datetime.date(2024, 6, 1)
        assert today_somewhere() == datetime.date(2024, 6, 2)
        assert not is_to_come(datetime.date(2024, 6, 2))
        assert is_to_come(datetime.date(2024, 6, 3))


def test_just_after_midnight_utc_the_next_day_has_begun_in_the_pacific() -> None:
    with time_machine.travel(datetime.datetime(2024, 6, 1, 0, 5, tzinfo=datetime.UTC), tick=False):
        assert today_somewhere() == datetime.date(2024, 6, 1)
    with time_machine.travel(datetime.datetime(2024, 6, 1, 10, 5, tzinfo=datetime.UTC), tick=False):
        assert today_somewhere() == datetime.date(2024, 6, 2)
