"""Supply work that runs by itself: stock about to expire is announced."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from sunbula.core.schedules import Schedule, register
from sunbula.supply import services


@task()
def stock_expiry() -> str:
    return f"{services.stock_expiry_notify(actor=None)} notices"


register(
    Schedule(
        "supply.stock_expiry",
        stock_expiry,
        _("Logistics officers are told of stock expiring within 90 days"),
        daily_at=datetime.time(6, 30),
    )
)
