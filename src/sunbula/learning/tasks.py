"""Learning work that runs by itself: registration closes, lapsed offers pass on,
participants are reminded of an event before it starts."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from sunbula.core.schedules import Schedule, register
from sunbula.learning import services


@task()
def registrations_close() -> str:
    return f"{len(services.registrations_close_due(actor=None))} closed"


@task()
def offers_lapse() -> str:
    return f"{services.offers_expire(actor=None)} lapsed"


@task()
def event_reminders() -> str:
    return f"{len(services.reminders_send_due(actor=None))} events reminded"


register(
    Schedule(
        "learning.registrations_close",
        registrations_close,
        _("Registration closes at its closing time or the event's start"),
        every=datetime.timedelta(minutes=15),
    )
)
register(
    Schedule(
        "learning.offers_lapse",
        offers_lapse,
        _("Lapsed offers of a place pass to the next person waiting"),
        every=datetime.timedelta(minutes=15),
    )
)
register(
    Schedule(
        "learning.event_reminders",
        event_reminders,
        _("Approved participants are reminded of an event two days before it starts"),
        daily_at=datetime.time(8, 0),
    )
)
