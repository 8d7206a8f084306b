"""Field capture that runs by itself: Kobo projects are pulled every 15 minutes, and one
project at once when a person asks for it; refused sends past the days they are kept are
removed each night."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from sunbula.core.models import User
from sunbula.core.schedules import Schedule, register
from sunbula.fieldforms import kobo_client, services
from sunbula.fieldforms.models import KoboSource


@task()
def kobo_pull_all() -> str:
    """Pull every connected project; one whose server cannot be reached keeps why on its
    page, and the others are pulled all the same."""
    new = failed = 0
    for source in KoboSource.objects.select_related("form", "acting_user").order_by("pk"):
        try:
            new += services.kobo_pull(actor=None, source=source, fetch=kobo_client.kobo_fetch)
        except kobo_client.KOBO_FAILURES:
            failed += 1  # kept on the project by kobo_pull
    return f"{new} new submissions, {failed} projects failed"


@task()
def kobo_pull_one(source_id: int, actor_id: int | None = None) -> str:
    """Pull one project now, on behalf of the person who asked."""
    source = KoboSource.objects.select_related("form", "acting_user").filter(pk=source_id).first()
    if source is None:
        return "disconnected before the pull ran"
    actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
    try:
        new = services.kobo_pull(actor=actor, source=source, fetch=kobo_client.kobo_fetch)
    except kobo_client.KOBO_FAILURES:
        return f"failed: {source.shown_failure}"
    return f"{new} new submissions"


@task()
def refused_sends_purge() -> str:
    """Remove the refused sends older than the days they are kept."""
    return f"{services.refused_sends_purge(actor=None)} removed"


def kobo_pull_queue(*, actor: User, source: KoboSource, from_start: bool = False) -> str:
    """Queue a pull of the project on the task queue, as the scheduled pull runs (with
    `from_start`, of every submission again); the request is audited with it, or neither is
    kept. Returns the task's id."""
    with transaction.atomic():
        services.kobo_pull_request(actor=actor, source=source, from_start=from_start)
        return str(kobo_pull_one.enqueue(source.pk, actor.pk).id)


register(
    Schedule(
        "fieldforms.kobo_pull",
        kobo_pull_all,
        _("Submissions of connected KoboToolbox projects are pulled"),
        every=datetime.timedelta(minutes=15),
    )
)
register(
    Schedule(
        "fieldforms.refused_sends_purge",
        refused_sends_purge,
        _("Refused sends older than the days they are kept are removed"),
        daily_at=datetime.time(3, 15),
    )
)
