"""The home dashboard on the pledge-to-plate benchmark dataset: p95 of the whole home page.

Uses the dataset of bench.assistance_trace (generated, or found from an earlier run on the
same DATABASE_URL), signs a director in, and times `GET /en/` — every panel of the home page,
the pledge-to-plate funnel and the people reached among them — against `/healthz` in the
same process.

    DATABASE_URL=postgres://… python -m bench.reports_dashboard [--people N] [--distributions N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

from bench.assistance_trace import generated
from bench.django_setup import setup_django

RUNS = 40


def _timings(action: Callable[[], object], runs: int = RUNS) -> list[float]:
    action()
    timings = []
    for _ in range(runs):
        begin = time.perf_counter()
        action()
        timings.append((time.perf_counter() - begin) * 1000)
    return sorted(timings)


def run(people: int = 200_000, distributions: int = 1_000_000) -> str:
    setup_django()
    from django.conf import settings

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sunbula.core.models import Organisation, Role
    from sunbula.core.services import role_grant, user_create

    call_command("migrate", verbosity=0)
    generated(people, distributions)
    user = user_create(actor=None, email=f"director-{time.time_ns()}@example.org", password=None)
    role_grant(
        actor=None,
        user=user,
        role=Role.ADMINISTRATOR,
        organisation=Organisation.objects.get(acronym="IOFS"),
    )
    client = Client()
    client.force_login(user)
    # An administrator gives a second factor; the bench signs in past it.
    session = client.session
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page = client.get("/en/")
    assert page.status_code == 200 and b"From pledge to plate" in page.content
    baseline = _timings(lambda: client.get("/healthz"))
    home = _timings(lambda: client.get("/en/"))
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/")
    p95 = home[int(0.95 * (len(home) - 1))]
    return "\n".join(
        [
            "## Reports: home dashboard",
            "",
            f"Database: {connection.vendor}. The dataset of the pledge-to-plate trace benchmark: "
            f"{people:,} beneficiaries and {distributions:,} distributions. {RUNS} requests of "
            "the whole home page (funnel, people reached, alerts, upcoming events and every "
            "other panel and tile) for an administrator who sees every country.",
            "",
            "| page | median (ms) | p95 (ms) | median vs /healthz | queries | target |",
            "|---|---:|---:|---:|---:|---|",
            f"| `/en/` | {statistics.median(home):.1f} | {p95:.1f} | "
            f"{statistics.median(home) / statistics.median(baseline):.1f}× | "
            f"{len(queries)} | p95 < 150 ms |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--distributions", type=int, default=1_000_000)
    arguments = parser.parse_args()
    sys.stdout.write(run(arguments.people, arguments.distributions) + "\n")


if __name__ == "__main__":
    main()
