"""Sunbula's matcher alone on 1,000,000 synthetic records: wall time, peak memory, phases.

The matcher runs in a child process of its own (generator 1, seed 7), so that its peak
resident memory is its own and a run over the time limit can be stopped and still
reported: the child prints each phase as it ends. The candidate pairs each blocking rule
makes are counted first, in Python, since they decide the time.

    python -m bench.registry_dedupe_scale [--records N] [--limit SECONDS]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
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


def child(records: int, seed: int) -> None:
    from bench.registry_generate import generate
    from sunbula.registry.matching import BLOCKING, PREPARED_COLUMNS, match, prepare

    begun = time.perf_counter()
    rows = generate(records, seed=seed)
    _emit("generate", seconds=round(time.perf_counter() - begun, 1))
    begun = time.perf_counter()
    prepared = [prepare(row) for row in rows]
    _emit("prepare (apart)", seconds=round(time.perf_counter() - begun, 1))
    position = {column: index for index, column in enumerate(PREPARED_COLUMNS)}
    for rule in BLOCKING:
        sizes = Counter(
            tuple(row[position[column]] for column in rule)
            for row in prepared
            if all(row[position[column]] for column in rule)
        )
        _emit("rule", rule=" + ".join(rule), pairs=sum(n * (n - 1) // 2 for n in sizes.values()))
    del prepared
    started = time.perf_counter()
    with _phases(started):
        result = match(rows)
    _emit(
        "match",
        seconds=round(time.perf_counter() - started, 1),
        merges=len(result.merges),
        review=len(result.review),
    )


def measure(records: int, seed: int, limit: float) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.registry_dedupe_scale", "--child"]
    command += ["--records", str(records), "--seed", str(seed)]
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
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"finished": finished, "wall": wall, "peak_mib": peak_kib / 1024, "events": events}


def report(records: int, seed: int, measured: dict[str, Any], limit: float) -> str:
    events = measured["events"]
    rules = [event for event in events if event["event"] == "rule"]
    steps = [event for event in events if event["event"] not in ("rule", "match")]
    matched = next((event for event in events if event["event"] == "match"), None)
    if matched:
        outcome = (
            f"**{matched['seconds']:,.0f} s** for `match` ({matched['seconds'] / 60:.1f} min; "
            f"target ≤ {TARGET_SECONDS} s: {'met' if matched['seconds'] <= TARGET_SECONDS else 'missed'}), "
            f"{matched['merges']:,} merges and {matched['review']:,} review pairs"
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
        "Candidate pairs each blocking rule makes (before Splink drops pairs an earlier rule "
        "already made):",
        "",
        "| blocking rule | candidate pairs |",
        "|---|---:|",
        *(f"| {rule['rule']} | {rule['pairs']:,} |" for rule in rules),
        f"| all rules | {sum(rule['pairs'] for rule in rules):,} |",
        "",
    ]
    return "\n".join(lines)


def run(records: int = 1_000_000, seed: int = 7, limit: float = 900) -> str:
    return report(records, seed, measure(records, seed, limit), limit)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Registry deduplication at scale")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=float, default=900, help="seconds before stopping")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.child:
        child(arguments.records, arguments.seed)
    else:
        sys.stdout.write(run(arguments.records, arguments.seed, arguments.limit))


if __name__ == "__main__":
    main()
