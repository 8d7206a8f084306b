"""`sunbula serve`: collect static files and run gunicorn with a few workers."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sunbula.core.deployment import refuse_development_secret


class Command(BaseCommand):
    help = "Serve Sunbula with gunicorn (static files by WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        try:
            refuse_development_secret()
        except ImproperlyConfigured as refused:
            raise CommandError(str(refused)) from refused
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
