"""`sunbula worker`: run the task queue (see sunbula.core.worker)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from sunbula.core.worker import Worker


class Command(BaseCommand):
    help = (
        "Run queued tasks (imports, reports, schedules); start as many as you like, "
        "on one machine or several."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks when idle"
        )
        parser.add_argument("--batch", action="store_true", help="run what is ready, then exit")
        parser.add_argument("--max-tasks", type=int, default=None, help="exit after N tasks")

    def handle(
        self, *args: Any, interval: float, batch: bool, max_tasks: int | None, **options: Any
    ) -> None:
        level = logging.WARNING if options["verbosity"] < 2 else logging.DEBUG
        handler = logging.StreamHandler(self.stdout)
        for name in ("django_tasks", "django_tasks_db", "sunbula"):
            log = logging.getLogger(name)
            log.setLevel(level)
            if not log.handlers:
                log.addHandler(handler)
        for database in connections.all():  # a worker keeps its connection between tasks
            if not database.settings_dict.get("CONN_MAX_AGE"):
                database.settings_dict["CONN_MAX_AGE"] = None
        worker = Worker(interval=interval, batch=batch, max_tasks=max_tasks)
        worker.configure_signals()
        self.stdout.write(f"Worker {worker.worker_id} running (Ctrl+C stops)")
        self.stdout.flush()
        worker.run()
