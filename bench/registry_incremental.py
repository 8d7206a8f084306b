"""Matching one new registration against a 100,000-person registry: the arrival path.

A registry of `--records` people (bench.registry_generate, seed 7, a fifth of them people
registered again) is loaded through the import (`registry.importing.import_file`), then
`--samples` people are registered one at a time through `services.person_register`: half of
them someone already in the registry registered again (same phone or identity number), half
new people (seed 13). Each registration seals the record, stores it, audits it and matches it
against the country's registry (`services.duplicates._duplicates_match`: candidates share a
keyed look-up hash, read through its index; likely pairs go to the review queue). The match
alone (`likely_pairs`) is timed again on each new record. The baseline, in the same process,
is a plain primary-key fetch of a random person (`Person.objects.get(pk=…)`).

Each database runs in a process of its own: SQLite (a throw-away file) always, PostgreSQL
when DATABASE_URL is set (in a new database `<name>_incremental` on its server, made
again for each run; the database DATABASE_URL names is not touched).

    python -m bench.registry_incremental [--records N] [--samples N]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.registry_generate import generate
from bench.registry_import import _file, _setup

ROOT = Path(__file__).resolve().parent.parent
RECORDS = 100_000
SAMPLES = 200
TARGET_MS = 200
PERSONAL = ("given_name", "family_name", "father_name", "sex", "birth_date", "phone", "id_number")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))]


def _load(records: int) -> tuple[Any, list[dict[str, str]]]:
    """The registry, imported into a fresh database; the country and the rows of its file."""
    from sunbula.core import jobs
    from sunbula.core.models import AdminArea, Country, User
    from sunbula.registry import importing

    country = Country.objects.get(iso3="AFG")
    actor, _created = User.objects.get_or_create(email="bench.incremental@sunbula.example")
    areas = list(AdminArea.objects.filter(country=country).values_list("p_code", flat=True))
    content = _file(records, areas)
    with jobs.collector_paused():
        job = importing.import_file(
            actor=actor,
            country=country,
            stream=io.BytesIO(content),
            file_name="registry.csv",
            size=len(content),
        )
    if job.status != "succeeded":
        raise RuntimeError(f"the import failed: {job.problems[:3]}")
    return country, generate(records, seed=7)


def measure(records: int, samples: int) -> dict[str, Any]:
    _setup()
    from django.db import connection

    from sunbula.registry import services
    from sunbula.registry.models import Person
    from sunbula.registry.services.duplicates import likely_pairs

    started = time.perf_counter()
    country, rows = _load(records)
    loaded = time.perf_counter() - started
    rng = random.Random(13)  # noqa: S311 — which records to register again, not a secret
    again = [row for row in rng.sample(rows, samples) if row["phone"] or row["id_number"]]
    new = generate(samples, duplicate_share=0, seed=13)
    arrivals = [*again[: samples // 2], *new[: samples - min(len(again), samples // 2)]]
    rng.shuffle(arrivals)
    pks = list(Person.objects.filter(country=country).values_list("pk", flat=True))

    baseline, registered, matched, found = [], [], [], 0
    for row in arrivals:
        pk = rng.choice(pks)
        start = time.perf_counter()
        Person.objects.get(pk=pk)
        baseline.append(time.perf_counter() - start)

        start = time.perf_counter()
        person = services.person_register(
            actor=None,
            country=country,
            **{key: row[key] for key in PERSONAL if key != "given_name"},
            given_name=row["given_name"] or "Unknown",
        )
        registered.append(time.perf_counter() - start)

        start = time.perf_counter()
        found += bool(likely_pairs([person.pk]))
        matched.append(time.perf_counter() - start)
    to_ms = 1000.0
    return {
        "database": connection.vendor,
        "records": records,
        "samples": len(arrivals),
        "load_s": loaded,
        "found": found,
        "baseline_p95_ms": _p95(baseline) * to_ms,
        "baseline_median_ms": statistics.median(baseline) * to_ms,
        "register_p95_ms": _p95(registered) * to_ms,
        "register_median_ms": statistics.median(registered) * to_ms,
        "match_p95_ms": _p95(matched) * to_ms,
        "match_median_ms": statistics.median(matched) * to_ms,
    }


def _fresh_postgres() -> str:
    """A new database `<name>_incremental` on DATABASE_URL's server ('' without one): the
    database DATABASE_URL names is left as it is."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return ""
    import psycopg

    base, name = url.rsplit("/", 1)
    fresh = f"{name.split('?')[0]}_incremental"
    with psycopg.connect(f"{base}/postgres", connect_timeout=3, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.execute(f'CREATE DATABASE "{fresh}"')
    return f"{base}/{fresh}"


def _measure_in(environment: dict[str, str], records: int, samples: int) -> dict[str, Any]:
    result = subprocess.run(  # noqa: S603 — our own module
        [
            sys.executable,
            "-m",
            "bench.registry_incremental",
            "--measure",
            "--records",
            str(records),
            "--samples",
            str(samples),
        ],
        cwd=ROOT,
        env={**environment, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-2000:])
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def run(records: int = RECORDS, samples: int = SAMPLES) -> str:
    """The markdown section for BENCHMARKS.md."""
    sqlite_env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    sqlite_env["SUNBULA_VAR_DIR"] = tempfile.mkdtemp(prefix="sunbula-bench-incremental-")
    results = [("SQLite", _measure_in(sqlite_env, records, samples))]
    postgres = _fresh_postgres()
    if postgres:
        postgres_env = {
            **os.environ,
            "SUNBULA_VAR_DIR": tempfile.mkdtemp(prefix="sunbula-bench-incremental-"),
            "DATABASE_URL": postgres,
        }
        results.append(("PostgreSQL", _measure_in(postgres_env, records, samples)))
    first = results[0][1]
    lines = [
        "## Registry: matching one new registration",
        "",
        f"A registry of {first['records']:,} people (bench.registry_generate, seed 7) loaded "
        f"through the import, then {first['samples']} people registered one at a time through "
        "`person_register`: half of them someone already in the registry registered again, "
        "half new people. A registration seals, stores and audits the record and matches it "
        "against the country's registry on its keyed phone and identity-number look-up "
        "hashes, through their indexes, with no record decrypted; likely pairs go to the "
        "review queue. The match alone (`likely_pairs` of the new record) is timed again after "
        "each registration. The baseline, in the same process, is a plain primary-key fetch "
        "of a random person. Target: the arrival path ≤ "
        f"{TARGET_MS} ms p95 (`python -m bench.registry_incremental`).",
        "",
        "| database | registration p95 | median | match alone p95 | median "
        "| pk fetch p95 | registration vs pk fetch | match vs pk fetch | pairs found |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, figures in results:
        baseline = figures["baseline_p95_ms"]
        lines.append(
            f"| {name} | {figures['register_p95_ms']:.1f} ms "
            f"| {figures['register_median_ms']:.1f} ms | {figures['match_p95_ms']:.1f} ms "
            f"| {figures['match_median_ms']:.1f} ms | {baseline:.2f} ms "
            f"| {figures['register_p95_ms'] / baseline:,.0f}× "
            f"| {figures['match_p95_ms'] / baseline:,.0f}× "
            f"| {figures['found']} of {figures['samples']} |"
        )
    if len(results) == 1:
        lines += ["", "PostgreSQL: DATABASE_URL was not set."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=RECORDS)
    parser.add_argument("--samples", type=int, default=SAMPLES)
    parser.add_argument("--measure", action="store_true", help="measure here, print JSON")
    options = parser.parse_args(argv)
    if options.measure:
        sys.stdout.write(json.dumps(measure(options.records, options.samples)) + "\n")
    else:
        sys.stdout.write(run(options.records, options.samples) + "\n")


if __name__ == "__main__":
    main()
