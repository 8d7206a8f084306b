"""`sunbula reports_work [--watch]`: make waiting reports outside the web process.

The web process makes each report in a thread of its own; this command is for deployments
that turn that off (REPORTS_IN_THREAD = False) and for runs left waiting by a restart.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sunbula.reports import tasks


class Command(BaseCommand):
    help = "Make waiting donor and governing-body reports; with --watch, keep looking."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--watch", action="store_true", help="keep running")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between looks")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            done = tasks.work_pending()
            if done:
                self.stdout.write(f"{done} report(s) made.")
            if not options["watch"]:
                return
            time.sleep(options["interval"])
