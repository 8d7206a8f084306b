"""The whole server under load on the national-scale dataset (bench.scale_dataset).

`sunbula serve` (gunicorn, one worker per core, persistent database connections) is started
against the dataset's database; wrk, at 16 connections on loopback, is pointed at one address
at a time for a bounded number of seconds: list pages (with filters), detail pages,
dashboards, the pledge-to-plate trace, the search by name in Arabic script and in Latin
letters (page and API) and the API's lists; and, first and last, at `/healthz`, the
minimal Django view of the same server. Each address is reported as its p50/p95 and as its
throughput relative to `/healthz`. The resident memory of every worker is sampled while the
load runs. An address that times out or fails is reported as such; the others still are.

    DATABASE_URL=postgres://…/sunbula_scale python -m bench.load_scale [--seconds N] [--only search,api]

It is run by hand, not by `make bench`: the dataset takes half an hour to generate.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.load import _free_port, _sunbula, _wait_for
from bench.scale_dataset import REFERENCE, REGISTRY_KEY

CONNECTIONS = 16
THREADS = 2
SECONDS = 20
REQUEST_TIMEOUT = "10s"
OFFICER = "officer.afg@sunbula.example"
PROTECTION = "protection.afg@sunbula.example"  # sees the names: they are decrypted per row

SCRIPT = """
local cookie = ""
function init(args) cookie = args[1] end
function request() return wrk.format("GET", nil, {["Cookie"] = cookie}) end
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.6f, "not_2xx": %d, "socket_errors": %d, '
    .. '"p50": %d, "p95": %d, "p99": %d}\\n',
    summary.requests, summary.duration / 1e6, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""

TARGETS = {
    "list": "p95 < 100 ms, ≥ 25 % of /healthz",
    "dashboard": "p95 < 150 ms",
    "trace": "p95 < 100 ms",
    "search": "p95 < 300 ms",
    "detail": "",
    "api": "",
    "baseline": "",
}


@dataclass
class Address:
    kind: str
    label: str
    path: str
    persona: str = OFFICER
    figures: dict[str, Any] = field(default_factory=dict)
    problem: str = ""


def _addresses() -> list[Address]:
    """The addresses to load, found in the dataset."""
    from django.urls import reverse
    from django.utils import translation

    from sunbula.assistance.models import Cycle, Distribution
    from sunbula.funding.models import Pledge
    from sunbula.learning.models import Event
    from sunbula.registry.models import Household, Person
    from sunbula.supply.models import Lot

    cycle = Cycle.objects.get(name="Benchmark cycle")
    pledge = Pledge.objects.get(reference="DEMO-FFH23-KAZ")
    event = Event.objects.filter(title="Scale event 1").first() or Event.objects.first()
    # The newest generated records: found through the indexes like any other.
    person = Person.objects.filter(external_id__startswith=REFERENCE).order_by("-pk").first()
    household = Household.objects.filter(reference__startswith=REFERENCE).order_by("-pk").first()
    distribution = Distribution.objects.filter(entitlement__cycle=cycle).order_by("pk").first()
    lot = Lot.objects.filter(reference__startswith=REFERENCE).order_by("-pk").first()
    found = (person, household, distribution, lot, event)
    if any(record is None for record in found):
        raise SystemExit("The database does not hold the benchmark dataset (bench.scale_dataset).")
    assert person and household and distribution and lot and event
    arabic, latin = "محمد احمدزی", "Mohammad Ahmadzai"
    with translation.override("en"):

        def url(name: str, *args: Any) -> str:
            return reverse(name, args=args)

        return [
            Address(
                "list", "people, active", url("registry:person_list") + "?status=active", PROTECTION
            ),
            Address("list", "households", url("registry:household_list")),
            Address(
                "list",
                "distributions of a cycle (5,000,000)",
                url("assistance:distribution_desk", cycle.pk),
            ),
            Address("list", "pledges, 2023", url("funding:pledge_list") + "?year=2023"),
            Address("list", "sites", url("core:site_list") + "?q=Scale"),
            Address("list", "events", url("learning:event_list")),
            Address(
                "list", "registrations of an event", url("learning:registration_list", event.pk)
            ),
            Address("detail", "person", url("registry:person_detail", person.pk), PROTECTION),
            Address("detail", "household", url("registry:household_detail", household.pk)),
            Address(
                "detail", "distribution", url("assistance:distribution_detail", distribution.pk)
            ),
            Address("detail", "pledge", url("funding:pledge_detail", pledge.pk)),
            Address("detail", "lot", url("supply:lot_detail", lot.pk)),
            Address("dashboard", "home", url("core:home")),
            Address("dashboard", "funding overview", url("funding:overview")),
            Address("dashboard", "country dashboard", url("reports:country_dashboard", "AFG")),
            Address("trace", "pledge to plate", url("assistance:pledge_trace", pledge.pk)),
            Address(
                "search", "name, Arabic script", url("core:search") + f"?q={arabic}", PROTECTION
            ),
            Address(
                "search", "name, Latin letters", url("core:search") + f"?q={latin}", PROTECTION
            ),
            Address("search", "API, Arabic script", f"/api/v1/search/?q={arabic}", PROTECTION),
            Address("search", "API, Latin letters", f"/api/v1/search/?q={latin}", PROTECTION),
            Address("api", "persons", "/api/v1/registry/people/", PROTECTION),
            Address("api", "pledges", "/api/v1/funding/pledges/"),
            Address("api", "households", "/api/v1/registry/households/"),
        ]


def _cookies() -> dict[str, str]:
    """A signed-in session for each persona, made in the dataset's database."""
    from django.conf import settings
    from django.db import transaction
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from sunbula.core import signin
    from sunbula.core.demo import load_personas
    from sunbula.core.models import User

    with transaction.atomic():
        load_personas()
    cookies = {}
    for email in (OFFICER, PROTECTION):
        user = User.objects.get(email=email)
        client = Client()
        client.force_login(user)
        session = client.session
        signin.session_begin(session, user)
        device = signin.authenticator(user)
        if device is not None:  # the second factor given, as at the sign-in page
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session[signin.SECOND_FACTOR] = signin.NOT_NEEDED
        session.save()
        cookies[email] = "; ".join(
            [
                f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
                f"{signin.SEEN_COOKIE}={signin.seen_cookie_value(session)}",
            ]
        )
    return cookies


def _workers(server: int) -> list[int]:
    children = Path(f"/proc/{server}/task/{server}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _sample_memory(server: int, peak: dict[int, float], stop: threading.Event) -> None:
    while not stop.wait(0.5):
        for pid in _workers(server):
            peak[pid] = max(peak.get(pid, 0.0), _rss_mb(pid))


def _load(base: str, address: Address, cookie: str, work: Path, seconds: int) -> None:
    script = work / "scale.lua"
    script.write_text(SCRIPT)
    command = [
        shutil.which("wrk") or "/usr/bin/wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        f"--timeout={REQUEST_TIMEOUT}",
        "-s",
        str(script),
        base + urllib.request.quote(address.path, safe="/?=&"),
        "--",
        cookie,
    ]
    try:
        done = subprocess.run(  # noqa: S603 — fixed arguments
            command, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
        line = next(line for line in done.stdout.splitlines() if line.startswith("{"))
    except (subprocess.TimeoutExpired, StopIteration) as failed:
        address.problem = f"no figures ({type(failed).__name__})"
        return
    figures: dict[str, Any] = json.loads(line)
    figures["rps"] = figures["requests"] / figures["seconds"] if figures["seconds"] else 0.0
    address.figures = figures
    if figures["not_2xx"] or figures["socket_errors"]:
        address.problem = (
            f"{figures['not_2xx']} answers not 2xx, {figures['socket_errors']} socket errors"
        )


def _check(base: str, address: Address, cookie: str) -> None:
    request = urllib.request.Request(  # noqa: S310 — loopback
        base + urllib.request.quote(address.path, safe="/?=&"), headers={"Cookie": cookie}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310 — loopback
            if answer.status != 200 or answer.url != request.full_url:
                address.problem = f"answers {answer.status} at {answer.url}"
    except OSError as failed:
        address.problem = f"answers {failed}"


def measure(seconds: int = SECONDS, kinds: frozenset[str] = frozenset()) -> str:
    """The section of BENCHMARKS.md: every address, or those of the `kinds` given."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Give the dataset's database in DATABASE_URL (bench.scale_dataset).")
    work = Path(tempfile.mkdtemp(prefix="sunbula-load-scale-"))
    os.environ.setdefault("SUNBULA_VAR_DIR", str(work))
    os.environ.setdefault("SUNBULA_REGISTRY_KEYS", REGISTRY_KEY)
    os.environ.setdefault("SUNBULA_SECRET_KEY", secrets.token_urlsafe(50))
    from bench.django_setup import setup_django

    setup_django()
    from django.db import connection

    from sunbula.registry.models import Person

    cookies = _cookies()
    addresses = [each for each in _addresses() if not kinds or each.kind in kinds]
    people = Person.objects.count()
    connection.close()
    workers = os.cpu_count() or 1
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 — our own command
        _sunbula("serve", "--port", str(port), "--workers", str(workers)),
        env={**os.environ, "GUNICORN_CMD_ARGS": "--timeout 120"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    first = Address("baseline", "/healthz (first)", "/healthz")
    last = Address("baseline", "/healthz (last)", "/healthz")
    peak: dict[int, float] = {}
    stop = threading.Event()
    load_before = os.getloadavg()
    try:
        _wait_for(f"{base}/healthz", 600, server)
        sampler = threading.Thread(target=_sample_memory, args=(server.pid, peak, stop))
        sampler.start()
        _load(base, first, "", work, seconds)
        for address in addresses:
            cookie = cookies[address.persona]
            _check(base, address, cookie)
            if not address.problem:
                _load(base, address, cookie, work, seconds)
            # The requests still queued when wrk stops are served before the next address.
            _wait_for(f"{base}/healthz", 300, server)
            sys.stderr.write(f"{address.label}: {address.figures or address.problem}\n")
        _load(base, last, "", work, seconds)
    finally:
        stop.set()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    load_after = os.getloadavg()
    baseline_rps = first.figures.get("rps") or 1.0
    rows = []
    for address in [first, *addresses, last]:
        figures = address.figures
        if not figures:
            rows.append(f"| {address.kind} | {address.label} | — | — | — | — | {address.problem} |")
            continue
        rows.append(
            f"| {address.kind} | {address.label} | {figures['p50'] / 1000:.0f} | "
            f"{figures['p95'] / 1000:.0f} | {figures['rps']:.1f} | "
            f"{figures['rps'] / baseline_rps:.0%} | "
            f"{'; '.join(part for part in (TARGETS[address.kind], address.problem) if part)} |"
        )
    memory = ", ".join(f"{mb:.0f}" for mb in sorted(peak.values(), reverse=True)) or "not sampled"
    return "\n".join(
        [
            "## Load at national scale",
            "",
            f"Database: PostgreSQL, the dataset of `bench.scale_dataset` ({people:,} persons). "
            f"`sunbula serve` with {workers} gunicorn workers (one per core) and persistent "
            f"database connections; wrk, {CONNECTIONS} connections, {THREADS} threads, "
            f"{seconds} s per address, on loopback. Load average before and after: "
            f"{load_before[0]:.1f}, {load_after[0]:.1f} (other work shares the machine; the "
            "ratio to `/healthz`, measured first, is the figure to compare; it is measured "
            "again last to show the server is as fast at the end).",
            "",
            "| kind | address | p50 (ms) | p95 (ms) | requests/s | vs /healthz | target |",
            "|---|---|---:|---:|---:|---:|---|",
            *rows,
            "",
            f"Peak resident memory per worker while serving (MB): {memory} (target < 300 MB).",
            "",
            "Addresses: " + ", ".join(f"`{address.path}`" for address in addresses) + ".",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=SECONDS)
    parser.add_argument(
        "--only", default="", help="the kinds of address to load, e.g. search,api (all if none)"
    )
    arguments = parser.parse_args()
    kinds = frozenset(kind for kind in arguments.only.split(",") if kind)
    sys.stdout.write(measure(arguments.seconds, kinds) + "\n")


if __name__ == "__main__":
    main()
