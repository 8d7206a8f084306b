"""Partnership work that runs by itself: agreements expire, late work is announced."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from sunbula.core.schedules import Schedule, register
from sunbula.partners import services


@task()
def agreements_expire() -> str:
    expired = services.agreements_expire_due(actor=None)
    return f"{len(expired)} expired"


@task()
def overdue_work_notify() -> str:
    return f"{services.overdue_owners_notify(actor=None)} notices"


register(
    Schedule(
        "partners.agreements_expire",
        agreements_expire,
        _("Agreements past their end date expire"),
        daily_at=datetime.time(0, 10),
    )
)
register(
    Schedule(
        "partners.overdue_work_notify",
        overdue_work_notify,
        _("Owners of overdue deliverables and follow-up actions are told"),
        daily_at=datetime.time(6, 0),
    )
)
