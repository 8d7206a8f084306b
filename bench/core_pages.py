"""Core pages: time per request as a ratio to /healthz in the same process, and queries."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable


def _setup() -> None:
    from bench.django_setup import setup_django

    setup_django()
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


def run() -> str:
    """The markdown section for BENCHMARKS.md."""
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

    # Filters whose choices run to hundreds (every country, every area) for a user who
    # sees everywhere: the same pages with Django's widget templates and with Sunbula's.
    from django.test import override_settings

    everywhere = Client()
    everywhere.force_login(User.objects.get(email="me.officer@sunbula.example"))
    widgets = []
    for label, url in (
        ("pledge list, every country", "/en/funding/pledges/"),
        ("household list, every area", "/en/registry/households/"),
    ):
        assert everywhere.get(url).status_code == 200, url
        with override_settings(FORM_RENDERER="django.forms.renderers.DjangoTemplates"):
            django_seconds = _median_seconds(lambda url=url: everywhere.get(url))
        ours = _median_seconds(lambda url=url: everywhere.get(url))
        widgets.append((label, url, django_seconds / baseline, ours / baseline))

    lines = [
        "## Core pages",
        "",
        "Each figure is the median time of 30 requests to a page,",
        "divided by the median time of `/healthz` (one `SELECT 1`) in the same process on the",
        "same SQLite database with the demo data, so it compares across machines.",
        "",
        "| page | URL | time vs /healthz | queries |",
        "|---|---|---:|---:|",
        *(f"| {label} | `{url}` | {ratio:.1f}× | {count} |" for label, url, ratio, count in rows),
        "",
        "Pages whose filters offer hundreds of choices, for an M&E officer of every country, with",
        "Django's widget templates (one template per option) and with Sunbula's select, which",
        "writes its options in Python (`core/templatetags/sunbula_forms.py`):",
        "",
        "| page | URL | Django's widgets vs /healthz | Sunbula's vs /healthz |",
        "|---|---|---:|---:|",
        *(
            f"| {label} | `{url}` | {django:.1f}× | {ours:.1f}× |"
            for label, url, django, ours in widgets
        ),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(run())
