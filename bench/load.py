"""Load: 10,000 requests at 32 connections to the real server (`sunbula serve`) on the demo.

The demo is loaded into a database of its own, the server started on loopback as `make demo`
starts it, and wrk (Debian's package) sends a bounded number of requests over the main pages
and API as a signed-in programme officer, then the same number to /healthz from the same
server. Every answer must be a 2xx with no socket error; the figures are ratios to /healthz.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

REQUESTS = 10_000
CONNECTIONS = 32
THREADS = 2
WORKERS = 2  # what `sunbula serve` (and so `make demo`) starts
# wrk gives up on a request after this long (its default, 2 s, would count a queued request
# on a loaded machine as an error), and on the whole run after RUN_LIMIT.
REQUEST_TIMEOUT = "30s"
RUN_LIMIT = "900s"
PERSONA = "officer.afg@sunbula.example"

PAGES = [
    ("core:home", {}),
    ("programmes:project_list", {}),
    ("funding:pledge_list", {}),
    ("core:site_list", {}),
    ("core:organisation_list", {}),
    ("registry:household_list", {}),
    ("supply:balance_list", {}),
    ("assistance:cycle_list", {}),
    ("reports:country_dashboard", {"iso3": "AFG"}),
]
API = [
    "/api/v1/projects/",
    "/api/v1/funding/pledges/",
    "/api/v1/sites/",
    "/api/v1/organisations/",
    "/api/v1/registry/households/",
    "/api/v1/supply/balances/",
    "/api/v1/assistance/cycles/",
    "/api/v1/countries/",
]

# Each wrk thread sends its share of the requests, cycling through the paths, and stops when
# it has its answers, leaving a file to say so (wrk itself waits out its whole duration: the
# run is ended by SIGINT once every thread is done); the counts are gathered from every thread
# when the run ends.
SCRIPT = """
local paths, limit, cookie, marker = {}, 0, "", ""
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("number", #threads)
end

function init(args)
  for line in io.lines(args[1]) do table.insert(paths, line) end
  limit = tonumber(args[2])
  cookie = args[3]
  marker = args[4] .. "/done-" .. number
  answered, failed, next_path = 0, 0, math.random(#paths)
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path], {["Cookie"] = cookie})
end

function response(status, headers, body)
  answered = answered + 1
  if status < 200 or status > 299 then failed = failed + 1 end
  if answered >= limit then
    io.open(marker, "w"):close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local answered_all, failed_all = 0, 0
  for _, thread in ipairs(threads) do
    answered_all = answered_all + thread:get("answered")
    failed_all = failed_all + thread:get("failed")
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.6f, "answered": %d, "not_2xx": %d, '
    .. '"socket_errors": %d, "p50": %d, "p95": %d, "p99": %d}\\n',
    summary.requests, summary.duration / 1e6, answered_all, failed_all,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _sunbula(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "sunbula", *arguments]


def _wait_for(url: str, seconds: float, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped with status {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 — loopback
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.5)


def _session_cookie_and_paths() -> tuple[str, list[str]]:
    """A session for the persona, made in the demo's database, and the paths to ask."""
    from bench.django_setup import setup_django

    setup_django()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from sunbula.core import signin
    from sunbula.core.models import User

    # Signed in as the sign-in page leaves a session, with the signed "last seen" cookie that
    # keeps an idle session alive (core.signin).
    user = User.objects.get(email=PERSONA)
    client = Client()
    client.force_login(user)
    session = client.session
    signin.session_begin(session, user)
    session.save()
    cookie = "; ".join(
        [
            f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
            f"{signin.SEEN_COOKIE}={signin.seen_cookie_value(session)}",
        ]
    )
    with translation.override("en"):
        pages = [reverse(name, kwargs=kwargs) for name, kwargs in PAGES]
    return cookie, pages + API


def _wrk(base: str, paths: list[str], cookie: str, work: Path) -> dict[str, Any]:
    listing = work / f"paths-{len(paths)}.txt"
    listing.write_text("\n".join(paths) + "\n")
    script = work / "load.lua"
    script.write_text(SCRIPT)
    limit = REQUESTS // THREADS
    markers = Path(tempfile.mkdtemp(prefix="done-", dir=work))
    wrk = subprocess.Popen(  # noqa: S603 — fixed arguments
        [
            shutil.which("wrk") or "/usr/bin/wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{RUN_LIMIT}",
            f"--timeout={REQUEST_TIMEOUT}",
            "-s",
            str(script),
            base,
            "--",
            str(listing),
            str(limit),
            cookie,
            str(markers),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    while wrk.poll() is None and len(list(markers.iterdir())) < THREADS:
        time.sleep(0.05)
    wrk.send_signal(signal.SIGINT)  # every thread has its answers: end the run now
    stdout, _stderr = wrk.communicate(timeout=60)
    line = next(line for line in stdout.splitlines() if line.startswith("{"))
    figures: dict[str, Any] = json.loads(line)
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def run() -> str:
    """The markdown section for BENCHMARKS.md."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (make bench installs it: apt-get install wrk)")
    work = Path(tempfile.mkdtemp(prefix="sunbula-load-"))
    environment = {**os.environ, "SUNBULA_VAR_DIR": os.environ.get("SUNBULA_VAR_DIR", str(work))}
    os.environ["SUNBULA_VAR_DIR"] = environment["SUNBULA_VAR_DIR"]
    subprocess.run(  # noqa: S603 — our own command
        _sunbula("demo", "--no-serve"), env=environment, check=True, capture_output=True
    )
    cookie, paths = _session_cookie_and_paths()
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 — our own command
        _sunbula("serve", "--port", str(port), "--workers", str(WORKERS)),
        # gunicorn's own settings: a worker is not killed while a queue of 32 waits on a
        # machine shared with other work (its default gives a request 30 s).
        env={**environment, "GUNICORN_CMD_ARGS": "--timeout 120"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/healthz", 900, server)
        for path in paths:  # each path answers the persona before the load starts
            request = urllib.request.Request(base + path, headers={"Cookie": cookie})  # noqa: S310
            with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 — loopback
                assert answer.status == 200 and answer.url == base + path, path
        main = _wrk(base, paths, cookie, work)
        baseline = _wrk(base, ["/healthz"], cookie, work)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    for figures in (main, baseline):
        errors = figures["not_2xx"] + figures["socket_errors"]
        assert figures["answered"] >= REQUESTS and errors == 0, figures
    rows = [
        f"| main pages and API ({len(paths)} addresses) | {main['answered']:,} "
        f"| {main['not_2xx']} | {main['socket_errors']} | {main['rps'] / baseline['rps']:.2f}× | "
        + " | ".join(f"{main[p] / baseline[p]:.1f}×" for p in ("p50", "p95", "p99"))
        + " |",
        f"| `/healthz` (baseline) | {baseline['answered']:,} | {baseline['not_2xx']} "
        f"| {baseline['socket_errors']} | 1× ({baseline['rps']:.0f}/s) | "
        + " | ".join(f"1× ({baseline[p] / 1000:.0f} ms)" for p in ("p50", "p95", "p99"))
        + " |",
    ]
    return "\n".join(
        [
            "## Load",
            "",
            f"{REQUESTS:,} requests at {CONNECTIONS} concurrent connections (wrk, {THREADS} "
            f"threads, loopback) to `sunbula serve` ({WORKERS} gunicorn workers, as `make demo` "
            "runs it) on the demo's SQLite database, as the Afghanistan programme officer "
            "signed in, cycling through the main list pages, a dashboard and the API lists; then "
            "as many to `/healthz` on the same server. An error is any answer other than 2xx, or "
            "a socket error (connect, read, write, timeout); the run fails on one. Throughput "
            "and latency percentiles are ratios to `/healthz` (its own figures in brackets, for "
            "this machine only).",
            "",
            "| requests to | answered | not 2xx | socket errors | requests/s vs /healthz "
            "| p50 vs /healthz | p95 vs /healthz | p99 vs /healthz |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
            f"Pages and API: {', '.join(f'`{path}`' for path in paths)}.",
        ]
    )
