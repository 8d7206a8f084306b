"""Supply work that runs by itself: stock about to expire is announced."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import ngettext
from django_tasks import task

from sunbula.core.figures import number_text
from sunbula.core.schedules import Schedule, register
from sunbula.supply import services


@task()
def stock_expiry() -> str:
    return f"{services.stock_expiry_notify(actor=None)} notices"


def _stock_expiry_label() -> str:
    """What the schedule does, naming the days its notices look ahead (in the reader's
    language, as the schedules page shows it)."""
    days = settings.STOCK_EXPIRY_NOTICE_DAYS
    return ngettext(
        "Logistics officers are told of stock expiring within %(days)s day",
        "Logistics officers are told of stock expiring within %(days)s days",
        days,
    ) % {"days": number_text(days)}


register(
    Schedule(
        "supply.stock_expiry",
        stock_expiry,
        lazy(_stock_expiry_label, str)(),
        daily_at=datetime.time(6, 30),
    )
)
