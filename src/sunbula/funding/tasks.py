"""Funding work that runs by itself: reminders of outstanding pledges."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from sunbula.core.schedules import Schedule, register
from sunbula.funding import services


@task()
def pledge_reminders() -> str:
    return f"{len(services.pledge_reminders_send(actor=None))} reminders"


register(
    Schedule(
        "funding.pledge_reminders",
        pledge_reminders,
        _("Donors' focal points are reminded of outstanding pledges"),
        daily_at=datetime.time(7, 0),
    )
)
