"""`sunbula worker`: the process that runs the task queue (django-tasks' database backend).

It is django-tasks-db's worker with Sunbula's rounds added: when it starts and every
SUNBULA_SCHEDULE_INTERVAL seconds (between tasks, never during one) it takes up what dead
workers left (`core.jobs.recover`) and queues the schedules that are due
(`core.schedules.run_due`). Any number of workers may run, on one machine or several: each
task is claimed under a row lock (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, an
exclusive transaction on SQLite).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult

from sunbula.core import jobs, schedules

logger = logging.getLogger(__name__)


def _close_old_connections(**kwargs: Any) -> None:
    """Django's check of the connection between tasks, unless a transaction is open around
    the worker (a test running it in the process): closing would end that transaction."""
    if not connection.in_atomic_block:
        close_old_connections(**kwargs)


db_worker.close_old_connections = _close_old_connections  # type: ignore[attr-defined]  # its loop calls it


class Worker(DatabaseWorker):
    """The database backend's worker, which also recovers and schedules on its rounds."""

    def __init__(
        self,
        *,
        interval: float = 1.0,
        batch: bool = False,
        schedules: bool = True,
        **options: object,
    ) -> None:
        super().__init__(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name=str(options.get("backend_name", "default")),
            startup_delay=bool(options.get("startup_delay", False)),
            max_tasks=options.get("max_tasks"),  # type: ignore[arg-type]
            worker_id=jobs.this_worker(),
            excluded_queue_names=[],
        )
        self.next_round = 0.0
        self.schedules = schedules

    def rounds(self) -> None:
        """Recover and schedule, if SUNBULA_SCHEDULE_INTERVAL has passed since the last time."""
        if time.monotonic() < self.next_round:
            return
        self.next_round = time.monotonic() + float(settings.SUNBULA_SCHEDULE_INTERVAL)
        _close_old_connections()
        try:
            recovered = jobs.recover()
            if recovered:
                logger.warning("took up %s task(s) or job(s) left by stopped workers", recovered)
            queued = schedules.run_due() if self.schedules else []
            if queued:
                logger.info("queued schedules: %s", ", ".join(queued))
        except Exception:  # a failed round is tried again at the next; the worker goes on
            logger.exception("the worker's round failed")

    def run(self) -> None:
        """Work until stopped (or, with `batch`, until nothing is ready), with rounds between."""
        autodiscover_modules("tasks")  # each app's tasks register their jobs for recovery
        once = self.batch
        self.batch = True  # the database worker returns when nothing is ready
        while True:
            self.rounds()
            try:
                super().run()
            except jobs.TRANSIENT_ERRORS:  # the database is away: look again after a while
                logger.warning("the task queue cannot be read", exc_info=True)
                _close_old_connections()
            finished = self.max_tasks is not None and self._run_tasks >= self.max_tasks
            if once or finished or not self.running:
                return
            time.sleep(self.interval)

    def run_task(self, db_task_result: DBTaskResult) -> None:  # type: ignore[type-arg]
        try:
            super().run_task(db_task_result)
        finally:
            if self.running:
                self.rounds()


def run_pending() -> int:
    """Run every task that is ready, in this process, and return how many ran.

    What `sunbula worker --batch` does, except that it queues no schedules; tests call it
    where they need a task's effect.
    """
    worker = Worker(interval=0, batch=True, schedules=False)
    worker.run()
    return worker._run_tasks
