"""Imports and exports stream: their peak memory at two file sizes ten times apart.

On a throw-away SQLite database, in one process, tracemalloc measures the peak of the
memory Python allocates (above what was held before) while:

1. the registry's people list is downloaded as CSV and as XLSX (`?format=csv|xlsx`, the
   whole response read and dropped), at 5,000 and 50,000 rows (the most a download holds);
2. a registry people file is imported as the import worker does (`importing.process` on the
   kept file on disk: checked in one pass, stored from a second), at 20,000 and 200,000 rows
   (the most a file may have);
3. each of the four small-file importers (3W activities, IPC phase populations, SDG values,
   an online session's attendance report) is given a file on disk as a stream, as its page
   hands it an upload, at 0.48 and 4.8 MB (just under their 5 MB limit): once read alone
   (the pipeline's two passes, checking then yielding the records, none kept), once read and
   stored by the importer's service, as the page calls it, in its one transaction (what was
   stored is deleted before the next file).

A design that holds the rows grows ten times from the small file to the large one; one that
streams stays at about 1×. As a baseline from the same run, the table also gives the memory
of the large file's rows held as a list of cells (what reading the whole file would hold),
and for each small-file importer the large file's records held at once, as its service
took them before.

    python -m bench.streaming [scale, 1.0: the sizes above]
"""

from __future__ import annotations

import csv
import datetime
import gc
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.registry_import import FILE_COLUMNS, _clear, _setup, file_rows

MB = 1024 * 1024
DOWNLOAD_ROWS = (5_000, 50_000)
IMPORT_ROWS = (20_000, 200_000)
SMALL_FILE_BYTES = (round(0.48 * MB), round(4.8 * MB))  # the limit is 5 MB


def peak_mb(action: Callable[[], object]) -> float:
    """The most memory Python held while `action` ran, above what it held before, in MB."""
    return peak_and_kept_mb(action)[0]


def peak_and_kept_mb(action: Callable[[], object]) -> tuple[float, float]:
    """The most memory Python held while `action` ran, and what it still held from what
    `action` returned, above what it held before, in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        before, _peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        kept = action()
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
        del kept
    finally:
        tracemalloc.stop()
    return (peak - before) / MB, (current - before) / MB


def log(line: str) -> None:
    sys.stderr.write(f"{time.strftime('%H:%M:%S')} {line}\n")
    sys.stderr.flush()


def write_file(path: Path, records: int, areas: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(FILE_COLUMNS)
        writer.writerows(file_rows(records, areas))


def prefix(source: Path, path: Path, records: int) -> None:
    """The header and the first `records` rows of `source`."""
    with source.open(encoding="utf-8") as lines, path.open("w", encoding="utf-8") as out:
        for _line, text in zip(range(records + 1), lines, strict=False):
            out.write(text)


def held_rows_mb(path: Path) -> float:
    """The baseline: the file's rows read into a list of cells."""

    def hold() -> None:
        with path.open(encoding="utf-8", newline="") as source:
            rows = list(csv.reader(source))
        if not rows:
            raise RuntimeError("the file is empty")

    return peak_mb(hold)


@dataclass(frozen=True)
class SmallFile:
    """One small-file importer, what it reads against, how its file's lines look, its
    service (given the file as a stream) and how to delete what the service stored."""

    label: str
    importer: Any
    context: Any
    header: str
    line: Callable[[int], str]
    store: Callable[[Any, str], object]
    clear: Callable[[], object]


ATTENDEES = 200  # the participants of the bench's session, each connecting again and again


def small_files(country: Any, actor: Any) -> list[SmallFile]:
    import zoneinfo

    from sunbula.core.models import AdminArea
    from sunbula.learning import services as learning
    from sunbula.learning.imports import ATTENDANCE_REPORT
    from sunbula.learning.models import Attendance
    from sunbula.monitoring import services as monitoring
    from sunbula.monitoring.imports import PHASE_POPULATIONS, PhaseFile
    from sunbula.monitoring.models import SituationDataset
    from sunbula.policy import services as policy
    from sunbula.policy.imports import SDG_VALUES
    from sunbula.policy.models import IndicatorValue
    from sunbula.programmes import services as programmes
    from sunbula.programmes.imports import THREE_W, ThreeWFile
    from sunbula.programmes.models import ThreeWImport

    areas = {area.p_code: area for area in AdminArea.objects.filter(country=country, level=1)}
    p_codes = sorted(areas)
    first_day = datetime.date(1900, 1, 1)
    phases = ",".join(f"#affected+food+ipc+p{phase}+num" for phase in range(1, 6))
    session = _session(country)
    return [
        SmallFile(
            "3W activities",
            THREE_W,
            ThreeWFile(country=country, areas=areas),
            "#org+name,#sector,#activity,#adm1+code,#date+start,#date+end,#targeted",
            lambda row: (
                f"Partner {row % 50},72040,Food distribution,"
                f"{p_codes[row % len(p_codes)]},2023-06-01,2024-03-31,{row}"
            ),
            lambda stream, name: programmes.three_w_import(
                actor=actor, country=country, file_name=name, content=stream
            ),
            lambda: ThreeWImport.objects.all().delete(),
        ),
        SmallFile(
            "IPC phase populations",
            PHASE_POPULATIONS,
            PhaseFile(classification="ipc", known_p_codes=frozenset(p_codes)),
            f"#adm1+code,#date+start,{phases}",
            lambda row: (  # each area a day after the other: dates stay before 2100
                f"{p_codes[row % len(p_codes)]},"
                f"{first_day + datetime.timedelta(days=row // len(p_codes))},1000,2000,3000,1500,0"
            ),
            lambda stream, name: monitoring.situation_dataset_import(
                actor=actor,
                country=country,
                name=name,
                classification="ipc",
                source="Bench",
                published_on=datetime.date(2024, 11, 15),
                period_type="current",
                content=stream,
            ),
            lambda: SituationDataset.objects.all().delete(),
        ),
        SmallFile(
            "SDG values",
            SDG_VALUES,
            frozenset({"AFG"}),
            "SeriesCode,GeoAreaCode,TimePeriod,Value,Units,Source",
            lambda row: f"SN_{row // 200:06d},4,{1900 + row % 200},38.2,PERCENT,UNICEF",
            lambda stream, name: policy.indicator_values_import(
                actor=actor,
                content=stream,
                retrieved_on=datetime.date(2025, 6, 1),
                countries=[country],
            ),
            lambda: IndicatorValue.objects.all().delete(),
        ),
        SmallFile(
            "attendance report",
            ATTENDANCE_REPORT,
            zoneinfo.ZoneInfo("UTC"),
            "User Email,Join Time,Leave Time",
            lambda row: (
                f"person{row % ATTENDEES}@example.org,2021-12-22 09:{row % 60:02d}:00,"
                f"2021-12-22 10:{row % 60:02d}:00"
            ),
            lambda stream, name: learning.attendance_import(
                actor=actor, session=session, report=stream
            ),
            lambda: Attendance.objects.all().delete(),
        ),
    ]


def _session(country: Any) -> Any:
    """An online session of 09:00 to 11:00 with ATTENDEES approved participants."""
    from sunbula.learning import services

    day = datetime.date(2021, 12, 22)
    event = services.event_create(
        actor=None,
        title="Bench workshop",
        kind="workshop",
        modality="online",
        meeting_link="https://meet.example.org/bench",
        time_zone="UTC",
        starts_on=day,
        ends_on=day,
        working_language="en",
        capacity=None,
        approval_required=False,
    )
    for attendee in range(ATTENDEES):
        services.registration_submit(
            actor=None,
            event=event,
            full_name=f"Person {attendee}",
            email=f"person{attendee}@example.org",
            country=country,
            institution="Bench",
            role="strategic_planner",
        )
    nine = datetime.datetime(2021, 12, 22, 9, tzinfo=datetime.UTC)
    return services.session_add(
        actor=None,
        event=event,
        title="Bench session",
        starts_at=nine,
        ends_at=nine + datetime.timedelta(hours=2),
    )


def write_small_file(path: Path, small: SmallFile, size: int) -> int:
    """A file of `small`'s lines just under `size` bytes; how many lines it has."""
    written, rows = len(small.header) + 1, 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(small.header + "\n")
        while written + len(line := small.line(rows) + "\n") <= size:
            out.write(line)
            written += len(line)
            rows += 1
    return rows


def read_streamed(small: SmallFile, path: Path) -> int:
    """The pipeline's two passes over the file, given as a stream; the records are let go."""
    with path.open("rb") as stream:
        return sum(1 for _record in small.importer.records(stream, context=small.context))


def stored(small: SmallFile, path: Path) -> object:
    """As the page does: the upload (here an open file) handed to the service as a stream."""
    with path.open("rb") as stream:
        return small.store(stream, path.name)


def read_held(small: SmallFile, path: Path) -> Any:
    """As the services did before: every record of the file held at once."""
    return small.importer.read(path.read_bytes(), context=small.context, file_name=path.name)


def measure_small_files(country: Any, actor: Any, folder: Path, scale: float) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for small in small_files(country, actor):
        sizes: dict[int, tuple[int, float, float]] = {}
        warm = folder / "small-warm.csv"
        write_small_file(warm, small, 2000)
        read_streamed(small, warm)  # the modules and translations loaded once
        stored(small, warm)
        small.clear()
        for size in (round(size * scale) for size in SMALL_FILE_BYTES):
            path = folder / f"small-{size}.csv"
            rows = write_small_file(path, small, size)
            read = peak_mb(lambda small=small, path=path: read_streamed(small, path))
            store = peak_mb(lambda small=small, path=path: stored(small, path))
            small.clear()
            sizes[size] = (rows, read, store)
            log(f"{small.label}, {rows:,} rows: read {read:.1f} MB, read and stored {store:.1f} MB")
        held = peak_and_kept_mb(lambda small=small, path=path: read_held(small, path))[1]
        log(f"{small.label}, records held at once: {held:.1f} MB")
        figures[small.label] = {"sizes": sizes, "held": held}
    return figures


def import_file(path: Path, country: Any, actor: Any) -> Any:
    from sunbula.core import jobs
    from sunbula.registry import importing, services

    job = services.import_job_start(actor=actor, file_name=path.name, country=country)
    with jobs.collector_paused(), path.open("rb") as stream:
        return importing.process(actor, job, stream, path.stat().st_size, None)


def download(client: Any, file_format: str) -> int:
    response = client.get("/en/registry/people/", {"format": file_format})
    if response.status_code != 200 or not response.streaming:
        raise RuntimeError(f"the {file_format} download failed: {response.status_code}")
    size = 0
    for block in response.streaming_content:
        size += len(block)
    response.close()
    return size


def measure(scale: float) -> dict[str, Any]:
    _setup()
    from django.conf import settings
    from django.test import Client

    from sunbula.core.demo import load_personas
    from sunbula.core.models import AdminArea, Country, User

    load_personas()
    if settings.DEBUG:
        raise RuntimeError("DEBUG keeps every query: measure with DEBUG off")
    country = Country.objects.get(iso3="AFG")
    actor, _created = User.objects.get_or_create(email="bench.import@sunbula.example")
    areas = list(AdminArea.objects.filter(country=country).values_list("p_code", flat=True))
    folder = Path(tempfile.mkdtemp(prefix="sunbula-bench-streaming-"))
    client = Client()
    client.force_login(User.objects.get(email="officer.afg@sunbula.example"))
    figures: dict[str, Any] = {"download": {}, "import": {}}
    largest = folder / "people.csv"
    write_file(largest, round(max(IMPORT_ROWS) * scale), areas)
    log("file written")
    for size in (round(rows * scale) for rows in DOWNLOAD_ROWS):
        path = folder / f"people-{size}.csv"
        prefix(largest, path, size)
        _clear(country.pk)
        job = import_file(path, country, actor)
        if job.created_rows != size:
            raise RuntimeError(f"the import failed: {job.problems[:3]}")
        for file_format in ("csv", "xlsx"):
            download(client, file_format)  # templates, translations and imports loaded once
            figures["download"][(file_format, size)] = peak_mb(
                lambda file_format=file_format: download(client, file_format)
            )
            log(
                f"{file_format} of {size:,} rows: {figures['download'][(file_format, size)]:.1f} MB"
            )
    for size in (round(rows * scale) for rows in IMPORT_ROWS):
        path = folder / f"people-{size}.csv"
        prefix(largest, path, size)
        _clear(country.pk)
        outcome: list[Any] = []
        figures["import"][size] = peak_mb(
            lambda path=path, outcome=outcome: outcome.append(import_file(path, country, actor))
        )
        if outcome[0].created_rows != size:
            raise RuntimeError(f"the import failed: {outcome[0].problems[:3]}")
        log(f"imported {size:,} rows: {figures['import'][size]:.1f} MB")
        figures["held"] = held_rows_mb(path)
        figures["file_mb"] = path.stat().st_size / MB
    _clear(country.pk)
    figures["small_files"] = measure_small_files(country, actor, folder, scale)
    return figures


def run(scale: float = 1.0) -> str:
    figures = measure(scale)
    downloads: dict[tuple[str, int], float] = figures["download"]
    imports: dict[int, float] = figures["import"]
    lines = [
        "## Imports and exports stream",
        "",
        "Peak memory Python allocates (tracemalloc, above what the process held before) on "
        "SQLite, in one process, at two sizes ten times apart: the registry's people list "
        "downloaded whole as CSV and as XLSX (5,000 and 50,000 rows, the most a download "
        "holds), and a registry people file imported as the import worker does, from the kept "
        "file on disk (20,000 and 200,000 rows, the most a file may have; checked in one pass, "
        "stored from a second a batch at a time, the review-queue pairs matched a chunk at a "
        "time). Memory that grew with the file would be 10× at the large size; streaming "
        "keeps it near 1×. The baseline, measured in the same run, is the large file's rows "
        f"read into a list of cells: {figures['held']:.1f} MB for a "
        f"{figures['file_mb']:.1f} MB file.",
        "",
        "| what | small | peak | large | peak | large / small |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for file_format in ("csv", "xlsx"):
        small, large = sorted(size for kind, size in downloads if kind == file_format)
        first, second = downloads[(file_format, small)], downloads[(file_format, large)]
        lines.append(
            f"| people list download, {file_format.upper()} | {small:,} rows | {first:.1f} MB | "
            f"{large:,} rows | {second:.1f} MB | {second / first:.2f}× |"
        )
    small, large = sorted(imports)
    lines.append(
        f"| registry import (CSV) | {small:,} rows | {imports[small]:.1f} MB | {large:,} rows | "
        f"{imports[large]:.1f} MB | {imports[large] / imports[small]:.2f}× |"
    )
    lines += [
        "",
        "The four importers of small files (a 5 MB limit) are given a file on disk as a "
        "stream, as their pages hand over an upload (kept on disk by Django past 2.5 MB), at "
        "two sizes ten times apart, the larger just under the limit. *Read* is the import "
        "pipeline's two passes alone: the whole file checked for problems, keeping none of "
        "its records, then read again yielding them one at a time. *Read and stored* is the "
        "importer's service as its page calls it, on the throw-away SQLite database: both "
        "passes and the records stored, with their audit entries, in one transaction (a batch "
        "of 1,000 at a time; the SDG values one at a time, each through the service that "
        "records one value). *Records held at once* is what the large file's records weigh "
        "when held together, as the services took them before, in the same run. The "
        f"attendance report's lines are {ATTENDEES} participants connecting again and again: "
        "its service sums each participant's time as the lines come, so it holds the "
        "participants, not the lines (a report where every line is a new participant grows "
        "with its lines, as participants).",
        "",
        "| importer | small | read | read and stored | large | read | read and stored "
        "| large / small (stored) | records held at once |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, small_file in figures["small_files"].items():
        (small, (rows, first_read, first)), (large, (large_rows, second_read, second)) = sorted(
            small_file["sizes"].items()
        )
        lines.append(
            f"| {label} | {small / MB:.2f} MB, {rows:,} rows | {first_read:.1f} MB "
            f"| {first:.1f} MB | {large / MB:.2f} MB, {large_rows:,} rows | {second_read:.1f} MB "
            f"| {second:.1f} MB | {second / first:.2f}× | {small_file['held']:.1f} MB |"
        )
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(run(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0))
