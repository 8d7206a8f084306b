"""Field capture that runs by itself: Kobo projects are pulled every 15 minutes."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from sunbula.core.schedules import Schedule, register
from sunbula.fieldforms import services
from sunbula.fieldforms.models import KoboSource


@task()
def kobo_pull_all() -> str:
    new = sum(
        services.kobo_pull(actor=None, source=source)
        for source in KoboSource.objects.select_related("form", "acting_user")
    )
    return f"{new} new submissions"


register(
    Schedule(
        "fieldforms.kobo_pull",
        kobo_pull_all,
        _("Submissions of connected KoboToolbox projects are pulled"),
        every=datetime.timedelta(minutes=15),
    )
)
