"""Periodic work: one declaration per schedule, run by `run_due()` once per period.

An app declares its schedules in its `tasks.py`, next to the task they run:

    register(Schedule("partners.agreements_expire", agreements_expire,
                      _("Agreements expire"), daily_at=datetime.time(0, 10)))

The worker calls `run_due()` every minute. Each due period is claimed by inserting a
`ScheduleRun` (unique on schedule and due time), so two workers never run one period
twice; the claimed run is queued as a task that records its start, end and outcome.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django_tasks import task
from django_tasks.base import Task

from sunbula.core.models import ScheduleRun

logger = logging.getLogger(__name__)

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Schedule:
    """Run `task` every `every`, or each day at `daily_at` (the server's time zone)."""

    name: str
    task: Task[[], Any] | Callable[[], Any]
    label: str | Promise
    every: datetime.timedelta | None = None
    daily_at: datetime.time | None = None

    def __post_init__(self) -> None:
        if (self.every is None) == (self.daily_at is None):
            raise ValueError(f"schedule {self.name}: give `every` or `daily_at`, not both")
        if self.every is not None and self.every < datetime.timedelta(minutes=1):
            raise ValueError(f"schedule {self.name}: at most once a minute")

    @property
    def every_minutes(self) -> int:
        return int(self.every.total_seconds() // 60) if self.every is not None else 0

    def due_at(self, now: datetime.datetime) -> datetime.datetime:
        """The start of the period `now` falls in: when this period's run fell due."""
        if self.every is not None:
            periods = (now - EPOCH) // self.every
            return EPOCH + periods * self.every
        local = timezone.localtime(now)
        at = self.daily_at or datetime.time(0, 0)
        today = timezone.make_aware(datetime.datetime.combine(local.date(), at), local.tzinfo)
        return today if local >= today else today - datetime.timedelta(days=1)

    def run(self) -> object:
        if isinstance(self.task, Task):
            return self.task.call()
        return self.task()


_schedules: dict[str, Schedule] = {}
_discovered = False


def register(schedule: Schedule) -> Schedule:
    _schedules[schedule.name] = schedule
    return schedule


def schedules() -> list[Schedule]:
    """Every declared schedule; each app's `tasks.py` is imported the first time."""
    global _discovered
    if not _discovered:
        autodiscover_modules("tasks")
        _discovered = True
    return sorted(_schedules.values(), key=lambda schedule: schedule.name)


def _claim(schedule: Schedule, due_at: datetime.datetime) -> ScheduleRun | None:
    try:
        with transaction.atomic():
            return ScheduleRun.objects.create(name=schedule.name, due_at=due_at)
    except IntegrityError:  # this period is taken already, by us or another worker
        return None


def run_due(now: datetime.datetime | None = None) -> list[str]:
    """Queue each schedule whose current period has no run yet; the names queued."""
    now = now or timezone.now()
    queued: list[str] = []
    for schedule in schedules():
        due_at = schedule.due_at(now)
        if ScheduleRun.objects.filter(name=schedule.name, due_at=due_at).exists():
            continue
        run = _claim(schedule, due_at)
        if run is None:
            continue
        schedule_run.enqueue(run.pk)
        queued.append(schedule.name)
    return queued


def _finish(run: ScheduleRun, outcome: str, message: str) -> None:
    run.outcome = outcome
    run.message = message[:255]
    run.finished_at = timezone.now()
    run.save(update_fields=["outcome", "message", "finished_at"])


@task()
def schedule_run(run_pk: int) -> str:
    """Run one claimed period of a schedule and record how it went."""
    run = ScheduleRun.objects.get(pk=run_pk)
    schedule = {schedule.name: schedule for schedule in schedules()}.get(run.name)
    if schedule is None:
        _finish(run, ScheduleRun.Outcome.FAILED, "unknown schedule")
        return run.outcome
    run.started_at = timezone.now()
    run.outcome = ScheduleRun.Outcome.RUNNING
    run.save(update_fields=["started_at", "outcome"])
    try:
        result = schedule.run()
    except Exception as error:  # recorded for the administrator; the log has the traceback
        logger.exception("schedule %s failed", run.name)
        _finish(run, ScheduleRun.Outcome.FAILED, f"{type(error).__name__}: {error}")
    else:
        _finish(run, ScheduleRun.Outcome.SUCCEEDED, "" if result is None else str(result))
    return run.outcome
