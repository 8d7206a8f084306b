"""The task queue (django-tasks' database backend): tasks per second and queueing latency.

Every figure is of the empty task (`sunbula.core.tasks.noop`), so what is measured is the
queue itself, on SQLite (the embedded default) and on PostgreSQL (production) in the same
run, each in a process of its own on a fresh database:

1. calling the empty task in the process: the baseline;
2. queueing N empty tasks (`noop.enqueue()`, one committed row each);
3. one real worker (`python -m sunbula worker --batch`) running them: tasks per second from
   the first start to the last finish, read from the task rows; then two workers at once;
4. the latency from queueing to start: an idle worker (polling every second, its default)
   and one task queued every 0.25 s, `started_at - enqueued_at` of each.

    python -m bench.task_queue [--tasks N]
    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/sunbula_bench_tasks (the default)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/sunbula_bench_tasks"
)
TASKS = 1000
LATENCY_SAMPLES = 20


def _setup() -> None:
    from bench.django_setup import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def _worker(*options: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 — our own command
        [sys.executable, "-m", "sunbula", "worker", "--verbosity", "0", *options],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.DEVNULL,
    )


def _span(ids: list[Any]) -> float:
    from django.db.models import Max, Min
    from django_tasks_db.models import DBTaskResult

    bounds = DBTaskResult.objects.filter(id__in=ids).aggregate(
        first=Min("started_at"), last=Max("finished_at")
    )
    return float((bounds["last"] - bounds["first"]).total_seconds())


def _through_workers(count: int, workers: int) -> float:
    """Tasks per second: `count` empty tasks queued, then run by `workers` workers."""
    from django_tasks_db.models import DBTaskResult

    from sunbula.core.tasks import noop

    ids = [noop.enqueue().id for _ in range(count)]
    processes = [_worker("--batch", "--interval", "0") for _ in range(workers)]
    for process in processes:
        process.wait()
    assert DBTaskResult.objects.filter(id__in=ids, status="SUCCESSFUL").count() == count
    return count / _span(ids)


def measure(count: int) -> dict[str, Any]:
    """The figures of the database this process is configured with."""
    _setup()
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from sunbula.core.tasks import noop

    started = time.perf_counter()
    for _ in range(count):
        noop.call()
    called = count / (time.perf_counter() - started)

    started = time.perf_counter()
    for _ in range(count):
        noop.enqueue()
    queued = count / (time.perf_counter() - started)
    DBTaskResult.objects.all().delete()

    one = _through_workers(count, 1)
    two = _through_workers(count, 2)

    worker = _worker("--interval", "1")
    time.sleep(8)  # the worker starts and goes idle
    ids = []
    for _ in range(LATENCY_SAMPLES):
        ids.append(noop.enqueue().id)
        time.sleep(0.25)
    deadline = time.monotonic() + 60
    while DBTaskResult.objects.filter(id__in=ids, status="SUCCESSFUL").count() < len(ids):
        assert time.monotonic() < deadline, "the worker did not run the tasks"
        time.sleep(0.2)
    worker.terminate()
    worker.wait()
    latencies = sorted(
        (row.started_at - row.enqueued_at).total_seconds() * 1000
        for row in DBTaskResult.objects.filter(id__in=ids)
    )
    return {
        "database": connection.vendor,
        "called": called,
        "queued": queued,
        "one_worker": one,
        "two_workers": two,
        "latency_median_ms": statistics.median(latencies),
        "latency_p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
        "latency_min_ms": latencies[0],
    }


def _postgres_ready() -> bool:
    try:
        import psycopg

        base, name = POSTGRES.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", connect_timeout=3, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    except Exception:
        return False
    return True


def _measure_in(environment: dict[str, str], count: int) -> dict[str, Any]:
    result = subprocess.run(  # noqa: S603 — our own module
        [sys.executable, "-m", "bench.task_queue", "--measure", "--tasks", str(count)],
        cwd=ROOT,
        env={**environment, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"},
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def run(count: int = TASKS) -> str:
    """The markdown section for BENCHMARKS.md."""
    sqlite_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    sqlite_env["SUNBULA_VAR_DIR"] = tempfile.mkdtemp(prefix="sunbula-bench-tasks-")
    results = [("SQLite (embedded)", _measure_in(sqlite_env, count))]
    if _postgres_ready():
        postgres_env = {
            **sqlite_env,
            "SUNBULA_VAR_DIR": tempfile.mkdtemp(prefix="sunbula-bench-tasks-"),
            "DATABASE_URL": POSTGRES,
        }
        results.append(("PostgreSQL (production)", _measure_in(postgres_env, count)))
    lines = [
        "## Task queue",
        "",
        f"django-tasks with its database backend, {count:,} empty tasks "
        "(`sunbula.core.tasks.noop`) per figure, each backend in a process of its own on a "
        "fresh database, in the same run (`python -m bench.task_queue`). The baseline is the "
        "empty task called in the process; queueing is `noop.enqueue()`, one committed row "
        "each; workers are real `sunbula worker --batch` processes, timed from the first "
        "task's start to the last one's finish as the task rows record them. Latency is from "
        f"queueing to start, for {LATENCY_SAMPLES} tasks queued 0.25 s apart to an idle worker "
        "that looks for work every second (its default `--interval`).",
        "",
        "| backend | called in process | queued | run, 1 worker | run, 2 workers "
        "| 1 worker vs in-process call | latency median | p95 | min |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, figures in results:
        lines.append(
            f"| {name} | {figures['called']:,.0f}/s | {figures['queued']:,.0f}/s "
            f"| {figures['one_worker']:,.0f}/s | {figures['two_workers']:,.0f}/s "
            f"| 1/{figures['called'] / figures['one_worker']:,.0f} "
            f"| {figures['latency_median_ms']:,.0f} ms | {figures['latency_p95_ms']:,.0f} ms "
            f"| {figures['latency_min_ms']:,.0f} ms |"
        )
    if len(results) == 1:
        lines += ["", f"PostgreSQL: no server answered at {POSTGRES}."]
    lines += [
        "",
        "A task costs the queue a row written when it is queued and two updates when it runs "
        "(claimed, finished), each its own transaction; that, not the task, bounds the rate. "
        "On SQLite one writer at a time holds the database, so a second worker adds little; "
        "on PostgreSQL workers claim with `SELECT … FOR UPDATE SKIP LOCKED` and do not wait "
        "for each other. Latency is the idle worker's polling interval, half a second on "
        "average; a busy worker looks again at once.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=TASKS)
    parser.add_argument("--measure", action="store_true", help="(internal) one backend")
    options = parser.parse_args()
    if options.measure:
        sys.stdout.write(json.dumps(measure(options.tasks)) + "\n")
    else:
        sys.stdout.write(run(options.tasks) + "\n")


if __name__ == "__main__":
    main()
