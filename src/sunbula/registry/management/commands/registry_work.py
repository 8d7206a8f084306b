"""`sunbula registry_work [--watch]`: process waiting imports outside the web process.

The web process runs each upload in a thread of its own; this command is for deployments that
turn that off (REGISTRY_IMPORT_IN_THREAD = False) and for jobs left waiting by a restart.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sunbula.registry import importing


class Command(BaseCommand):
    help = "Process waiting registry imports; with --watch, keep looking every few seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--watch", action="store_true", help="keep running")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between looks")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            done = importing.work_pending()
            if done:
                self.stdout.write(f"{done} import(s) processed.")
            if not options["watch"]:
                return
            time.sleep(options["interval"])
