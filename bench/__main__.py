"""`make bench`: run every benchmark in bench/ and write BENCHMARKS.md.

Each benchmark compares a page with a baseline request served in the same process, on the
same database, so the figures are ratios that hold from one machine to the next.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunbula.config.settings")
    os.environ.setdefault("SUNBULA_VAR_DIR", tempfile.mkdtemp(prefix="sunbula-bench-"))
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sunbula.core.demo import load_demo

    load_demo(log=lambda _line: None)


def _median_seconds(action: Callable[[], object], repeat: int = 30) -> float:
    action()  # warm up
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from sunbula.core.models import User

    client = Client()
    client.force_login(User.objects.get(email="officer.afg@sunbula.example"))
    baseline = _median_seconds(lambda: client.get("/healthz"))
    rows = []
    for label, url in (
        ("home page", "/en/"),
        ("organisation list", "/en/organisations/"),
        ("member-state list (57)", "/ar/member-states/"),
        ("site list, scoped", "/en/sites/"),
        ("organisations API page", "/api/v1/organisations/"),
    ):
        seconds = _median_seconds(lambda url=url: client.get(url))
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        rows.append((label, url, seconds / baseline, len(queries)))

    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench`. Each figure is the median time of 30 requests to a page,",
        "divided by the median time of `/healthz` (one `SELECT 1`) in the same process on the",
        "same SQLite database with the demo data, so it compares across machines.",
        "",
        "| page | URL | time vs /healthz | queries |",
        "|---|---|---:|---:|",
        *(f"| {label} | `{url}` | {ratio:.1f}× | {count} |" for label, url, ratio, count in rows),
        "",
    ]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines), encoding="utf-8")
    sys.stdout.write("\n".join(lines))


if __name__ == "__main__":
    main()
