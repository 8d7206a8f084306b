"""The whole-registry check on PostgreSQL: read and unseal, match, merge, queue, timed apart.

The records of bench.registry_generate (seed 7) are sealed and stored in AFG's registry of the
database DATABASE_URL names (a database of its own: the country's registry is emptied first),
with COPY; each generated district is an area of the country (those the demo lacks are added),
so the matcher reads what bench.registry_dedupe_scale gives it from the file. Then a child process
runs the check as `sunbula registry_dedupe --inline` does (registry.tasks.run_check_here), so
that its peak resident memory is its own and a check over the time limit can be stopped and
still reported: the child prints each phase as it ends.

    createdb sunbula_dcheck
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunbula_dcheck \\
        python -m bench.registry_check_scale [--records N] [--limit SECONDS]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from bench.registry_dedupe_scale import TARGET_SECONDS, _emit, run_child


def _setup() -> Any:
    from bench.django_setup import setup_django

    setup_django()
    from django.core.management import call_command

    from sunbula.core.models import Country
    from sunbula.registry.protection import ensure_key_file

    ensure_key_file()
    call_command("migrate", verbosity=0, skip_checks=True)
    if not Country.objects.filter(iso3="AFG").exists():
        from sunbula.core.demo import load_core_demo

        load_core_demo(log=lambda _line: None)
    return Country.objects.get(iso3="AFG")


def _districts(country: Any) -> dict[str, int]:
    """The generator's districts as areas of the country, each under its province (those
    the demo lacks are added): each record's area says what the generated file says."""
    from bench.registry_generate import PROVINCES
    from sunbula.core.models import AdminArea

    areas: dict[str, int] = {}
    for province_code, codes in PROVINCES.items():
        province, _new = AdminArea.objects.get_or_create(
            country=country, level=1, p_code=province_code, defaults={"name": province_code}
        )
        for code in codes:
            district, _new = AdminArea.objects.get_or_create(
                country=country, level=2, p_code=code, defaults={"name": code, "parent": province}
            )
            areas[code] = district.pk
    return areas


def load(records: int, seed: int) -> dict[str, Any]:
    """Store the generated records as AFG's whole registry; what it took."""
    country = _setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.registry_generate import generate
    from sunbula.core.bulk import insert_rows
    from sunbula.registry import protection
    from sunbula.registry.models import DedupeRun, Person
    from sunbula.registry.services.persons import _derived

    with connection.cursor() as cursor:
        tables = [Person._meta.db_table, DedupeRun._meta.db_table]
        cursor.execute(
            "TRUNCATE registry_merge, registry_duplicatepair, "
            + ", ".join(connection.ops.quote_name(table) for table in tables)
            + " CASCADE"
        )
    districts = _districts(country)
    begun = time.perf_counter()
    rows = generate(records, seed=seed)
    generated = time.perf_counter() - begun
    sealer = protection.Sealer()
    now = timezone.now()
    columns = (
        "country_id",
        "admin_area_id",
        "external_id",
        "sealed",
        "name_key",
        "given_key",
        "family_key",
        "phone_hash",
        "id_number_hash",
        "sex",
        "relation_to_head",
        "id_document_type",
        "displacement_status",
        "vulnerabilities",
        "status",
        "is_synthetic",
        "created_at",
        "updated_at",
    )
    begun = time.perf_counter()
    stored = []
    for row in rows:
        personal = {
            "given_name": row["given_name"] or "Unknown",
            "family_name": row["family_name"],
            "father_name": row["father_name"],
            "birth_date": row["birth_date"],
            "phone": row["phone"],
            "id_number": row["id_number"],
        }
        derived = _derived(personal, sealer)
        sealed_parts = {**personal, **{k: v for k, v in derived.items() if k.endswith("_latin")}}
        area = districts.get(row["admin2_pcode"])
        stored.append(
            (
                country.pk,
                area,
                row["record_id"],
                sealer.seal(sealed_parts),
                derived["name_key"],
                derived["given_key"],
                derived["family_key"],
                derived["phone_hash"],
                derived["id_number_hash"],
                row["sex"],
                "",
                "",
                Person._meta.get_field("displacement_status").default,
                "[]",
                Person.Status.ACTIVE.value,
                True,
                now,
                now,
            )
        )
    sealed = time.perf_counter() - begun
    rows.clear()
    begun = time.perf_counter()
    with transaction.atomic():
        insert_rows(Person, columns, stored, ids=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_person")
    copied = time.perf_counter() - begun
    return {"generate": generated, "seal": sealed, "copy": copied, "records": len(stored)}


@contextmanager
def _timed(phases: dict[str, float], targets: list[tuple[Any, str, str]]) -> Any:
    """Add the time each named function takes to its phase."""
    patched: list[tuple[Any, str, Callable[..., Any]]] = []
    for owner, name, phase in targets:
        original = getattr(owner, name)

        def timed(*args: Any, _original: Any = original, _phase: str = phase, **kw: Any) -> Any:
            begun = time.perf_counter()
            try:
                return _original(*args, **kw)
            finally:
                seconds = time.perf_counter() - begun
                phases[_phase] = phases.get(_phase, 0.0) + seconds
                _emit("phase", phase=_phase, seconds=round(seconds, 1))

        patched.append((owner, name, original))
        setattr(owner, name, timed)
    try:
        yield
    finally:
        for owner, name, original in reversed(patched):
            setattr(owner, name, original)


def child() -> None:
    """Check AFG's registry inline, as `sunbula registry_dedupe --inline` does."""
    country = _setup()
    from sunbula.core.models import User
    from sunbula.registry import dedupe, tasks
    from sunbula.registry.services import checks

    actor = User.objects.filter(is_superuser=True).order_by("pk").first()
    if actor is None:
        actor = User.objects.create_superuser(email="bench.check@sunbula.example")
    phases: dict[str, float] = {}
    targets = [
        (dedupe, "read_records", "read and unseal"),
        (dedupe.matching, "match", "match"),
        (dedupe.services, "dedupe_run_finish", "close: lock, merge, queue"),
    ]
    targets += [(checks, "_merge_clusters", "merge"), (checks, "_queue_pairs", "queue")]
    started = time.perf_counter()
    with _timed(phases, targets):
        run = tasks.run_check_here(actor=actor, country=country)
    _emit(
        "check",
        seconds=round(time.perf_counter() - started, 1),
        status=run.status,
        reason=run.reason,
        records=run.records_read,
        candidates=run.candidate_pairs,
        merged=run.merged,
        queued=run.queued,
        phases={phase: round(seconds, 1) for phase, seconds in phases.items()},
        peak_mib=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    )


def measure(records: int, seed: int, limit: float) -> dict[str, Any]:
    loaded = load(records, seed)
    from django.db import connections

    connections.close_all()
    command = [sys.executable, "-m", "bench.registry_check_scale", "--child"]
    measured = run_child(command, limit)
    return {**measured, "loaded": loaded, "load_average": os.getloadavg()}


def report(records: int, measured: dict[str, Any], limit: float) -> str:
    loaded = measured["loaded"]
    checked = next((event for event in measured["events"] if event["event"] == "check"), None)
    lines = [
        f"{records:,} records stored in {sum(loaded[k] for k in ('generate', 'seal', 'copy')):,.0f} s "
        f"(generate {loaded['generate']:,.0f} s, derive and seal {loaded['seal']:,.0f} s, "
        f"COPY {loaded['copy']:,.0f} s); load average at the end "
        + ", ".join(f"{value:.1f}" for value in measured["load_average"]),
    ]
    if checked is None:
        ended = [f"{event['phase']} {event['seconds']} s" for event in measured["events"]]
        lines.append(f"The check did not finish within {limit:,.0f} s; ended: {ended}.")
        return "\n".join(lines) + "\n"
    seconds = checked["seconds"]
    lines += [
        f"Check: **{seconds:,.0f} s** (target ≤ {TARGET_SECONDS} s: "
        f"{'met' if seconds <= TARGET_SECONDS else 'missed'}), status {checked['status']}, "
        f"{checked['records']:,} records, {checked['candidates']:,} pairs scored, "
        f"{checked['merged']:,} merged, {checked['queued']:,} queued; peak resident memory "
        f"{checked['peak_mib']:,} MiB.",
        "",
        "| phase | seconds | share |",
        "|---|---:|---:|",
        *(
            f"| {phase} | {value:,} | {value / seconds:.0%} |"
            for phase, value in checked["phases"].items()
        ),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The whole-registry check at scale")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=float, default=900, help="seconds before stopping")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.child:
        child()
    else:
        measured = measure(arguments.records, arguments.seed, arguments.limit)
        sys.stdout.write(report(arguments.records, measured, arguments.limit))


if __name__ == "__main__":
    main()
