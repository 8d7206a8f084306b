"""Sunbula's matcher alone on 1,000,000 synthetic records: wall time, peak memory, phases.

The matcher runs in a child process of its own (generator 1, seed 7), so that its peak
resident memory is its own and a run over the time limit can be stopped and still
reported: the child prints each phase as it ends. The candidate pairs each blocking rule
makes are counted first, with Splink's counter, since they decide the time; precision and
recall of the matcher's own merges are measured on the generator's truth.

    python -m bench.registry_dedupe_scale [--records N] [--limit SECONDS] [--no-count]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from typing import Any

TARGET_SECONDS = 300


def _emit(event: str, **values: Any) -> None:
    sys.stdout.write(json.dumps({"event": event, **values}) + "\n")
    sys.stdout.flush()


@contextmanager
def _phases(started: float) -> Any:
    """Report when each of Splink's training and prediction steps ends."""
    from splink.internals.linker_components.inference import LinkerInference
    from splink.internals.linker_components.training import LinkerTraining

    patched: list[tuple[Any, str, Any]] = []
    steps: tuple[tuple[Any, str], ...] = (
        (LinkerTraining, "estimate_probability_two_random_records_match"),
        (LinkerTraining, "estimate_u_using_random_sampling"),
        (LinkerTraining, "estimate_parameters_using_expectation_maximisation"),
        (LinkerInference, "predict"),
    )
    for owner, name in steps:
        original = getattr(owner, name)

        def timed(*args: Any, _original: Any = original, _name: str = name, **kwargs: Any) -> Any:
            begun = time.perf_counter()
            value = _original(*args, **kwargs)
            now = time.perf_counter()
            _emit(_name, seconds=round(now - begun, 1), at=round(now - started, 1))
            return value

        patched.append((owner, name, original))
        setattr(owner, name, timed)
    try:
        yield
    finally:
        for owner, name, original in patched:
            setattr(owner, name, original)


def _count_pairs(rows: list[dict[str, str]]) -> None:
    """Pairs per blocking rule, as Splink counts them (exact up to 200,000 records, else from a
    10 % sample of each side of the join): each rule alone, and the pairs it adds."""
    from splink import DuckDBAPI
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    from sunbula.registry.matching import BLOCKING, blocking_sql, connect, load

    connection, spill = connect()
    try:
        load(connection, rows)
        proportion = 1.0 if len(rows) <= 200_000 else 0.1
        table = DuckDBAPI(connection=connection).register("people")
        counted = count_comparisons_from_blocking_rules(
            table,
            blocking_rules=[blocking_sql(rule) for rule in BLOCKING],
            link_type="dedupe_only",
            unique_id_column_name="record_id",
            record_sample_proportion=proportion,
        )
        for rule, record in zip(BLOCKING, counted, strict=True):
            alone = count_comparisons_from_blocking_rules(
                table,
                blocking_rules=blocking_sql(rule),
                link_type="dedupe_only",
                unique_id_column_name="record_id",
                record_sample_proportion=proportion,
            )[0]
            _emit(
                "rule",
                rule=" + ".join(rule),
                pairs=int(alone["marginal_comparison_count"]),
                added=int(record["marginal_comparison_count"]),
                estimate=bool(record["is_estimate"]),
            )
    finally:
        connection.close()
        shutil.rmtree(spill, ignore_errors=True)


def _truth_pairs(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {
        (left, right)
        for members in groups.values()
        for left, right in itertools.combinations(sorted(members), 2)
    }


def child(records: int, seed: int, count: bool) -> None:
    from bench.registry_generate import generate
    from sunbula.registry.matching import match

    begun = time.perf_counter()
    rows = generate(records, seed=seed)
    _emit("generate", seconds=round(time.perf_counter() - begun, 1))
    if count:
        begun = time.perf_counter()
        _count_pairs(rows)
        _emit("count pairs (apart)", seconds=round(time.perf_counter() - begun, 1))
    started = time.perf_counter()
    with _phases(started):
        result = match(rows)
    seconds = time.perf_counter() - started
    truth: dict[str, list[str]] = defaultdict(list)
    clusters: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        truth[row["true_id"]].append(row["record_id"])
        clusters[result.clusters[row["record_id"]]].append(row["record_id"])
    true_pairs, merged = _truth_pairs(truth), _truth_pairs(clusters)
    hits = len(true_pairs & merged)
    _emit(
        "match",
        seconds=round(seconds, 1),
        merges=len(result.merges),
        review=len(result.review),
        precision=round(hits / len(merged), 4) if merged else 1.0,
        recall=round(hits / len(true_pairs), 4) if true_pairs else 1.0,
    )


def measure(records: int, seed: int, limit: float, count: bool = True) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.registry_dedupe_scale", "--child"]
    command += ["--records", str(records), "--seed", str(seed)]
    command += [] if count else ["--no-count"]
    measured = run_child(command, limit)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {**measured, "peak_mib": peak_kib / 1024}


def run_child(command: list[str], limit: float) -> dict[str, Any]:
    """Run `command` for at most `limit` seconds: whether it finished, its wall time and the
    events it printed (all of them up to the limit when it is stopped)."""
    started = time.perf_counter()
    finished = True
    try:
        done = subprocess.run(  # noqa: S603 — our own module
            command, capture_output=True, text=True, timeout=limit, check=True
        )
        output = done.stdout
    except subprocess.TimeoutExpired as stopped:
        finished = False
        raw = stopped.stdout or b""
        output = raw.decode() if isinstance(raw, bytes) else raw
    wall = time.perf_counter() - started
    events = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return {"finished": finished, "wall": wall, "events": events}


def report(records: int, seed: int, measured: dict[str, Any], limit: float) -> str:
    events = measured["events"]
    rules = [event for event in events if event["event"] == "rule"]
    steps = [event for event in events if event["event"] not in ("rule", "match")]
    matched = next((event for event in events if event["event"] == "match"), None)
    if matched:
        outcome = (
            f"**{matched['seconds']:,.0f} s** for `match` ({matched['seconds'] / 60:.1f} min; "
            f"target ≤ {TARGET_SECONDS} s: {'met' if matched['seconds'] <= TARGET_SECONDS else 'missed'}), "
            f"{matched['merges']:,} merges and {matched['review']:,} review pairs "
            f"({matched['review'] / records:.1%} of the records); own merges hold precision "
            f"{matched['precision']:.4f} and recall {matched['recall']:.4f} of the true pairs"
        )
    else:
        outcome = f"**did not finish** within the {limit:,.0f} s limit (target ≤ {TARGET_SECONDS} s: missed)"
    lines = [
        "## Registry deduplication at scale",
        "",
        f"Sunbula's matcher alone (`sunbula.registry.matching.match`, Splink on DuckDB) on "
        f"{records:,} records of bench.registry_generate (seed {seed}), in a child process; "
        f"{os.cpu_count()} cores shared with other work. Outcome: {outcome}; peak resident "
        f"memory of the child {measured['peak_mib']:,.0f} MiB; wall time of the child "
        f"{measured['wall']:,.0f} s including generating the records.",
        "",
        "| step | seconds | at (s into `match`) |",
        "|---|---:|---:|",
        *(f"| {step['event']} | {step['seconds']:,} | {step.get('at', '—')} |" for step in steps),
        "",
        "Candidate pairs each blocking rule makes alone, and the pairs it adds to the rules "
        "above it, as Splink counts them"
        + (
            " (estimated from a 10 % sample of each side)"
            if any(r["estimate"] for r in rules)
            else ""
        )
        + ":",
        "",
        "| blocking rule | pairs alone | pairs added |",
        "|---|---:|---:|",
        *(f"| {rule['rule']} | {rule['pairs']:,} | {rule['added']:,} |" for rule in rules),
        f"| all rules | | {sum(rule['added'] for rule in rules):,} |",
        "",
    ]
    return "\n".join(lines)


def run(records: int = 1_000_000, seed: int = 7, limit: float = 900, count: bool = True) -> str:
    return report(records, seed, measure(records, seed, limit, count), limit)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Registry deduplication at scale")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=float, default=900, help="seconds before stopping")
    parser.add_argument("--no-count", action="store_true", help="skip counting pairs per rule")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.child:
        child(arguments.records, arguments.seed, not arguments.no_count)
    else:
        count = not arguments.no_count
        sys.stdout.write(run(arguments.records, arguments.seed, arguments.limit, count))


if __name__ == "__main__":
    main()
