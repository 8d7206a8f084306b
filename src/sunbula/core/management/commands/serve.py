"""`sunbula serve`: collect static files (when a source changed) and run gunicorn with a few
workers, which count the limits on callers in one shared cache (Redis)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sunbula.core.deployment import (
    LOCAL_REDIS_URL,
    cache_is_shared,
    installation_key_prefix,
    redis_answers,
    refuse_development_secret,
    static_files_current,
)


class Command(BaseCommand):
    help = "Serve Sunbula with gunicorn (static files by WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        try:
            refuse_development_secret()
        except ImproperlyConfigured as refused:
            raise CommandError(str(refused)) from refused
        workers = self._with_a_shared_cache(workers)
        if not static_files_current():
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Serving on http://{host}:{port}/ (Ctrl+C stops)")
        self.stdout.flush()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "sunbula.config.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "5",
        ]
        os.execv(sys.executable, command)  # noqa: S606 — fixed arguments, no shell

    def _with_a_shared_cache(self, workers: int) -> int:
        """The workers share the counts of the limits on callers: through SUNBULA_CACHE_URL,
        else through a Redis on this machine; without either, one worker, so that a limit
        is not multiplied by the number of workers."""
        if workers <= 1 or cache_is_shared():
            return workers
        if redis_answers(LOCAL_REDIS_URL):
            os.environ["SUNBULA_CACHE_URL"] = LOCAL_REDIS_URL
            # Another installation on this machine (another demo) counts apart.
            os.environ.setdefault("SUNBULA_CACHE_KEY_PREFIX", installation_key_prefix())
            self.stdout.write(f"The {workers} workers count limits in Redis ({LOCAL_REDIS_URL}).")
            return workers
        self.stderr.write(
            "No SUNBULA_CACHE_URL and no Redis at 127.0.0.1:6379: serving with one worker, "
            "so that the limits on callers hold."
        )
        return 1
