"""The registry's tasks: an uploaded people file, imported by a worker of the task queue, and
a check of a whole registry for people registered twice (registry.dedupe).

The upload is kept under var/registry-imports/ and an import job waits for it; `import_people`
takes the job (core.jobs: one worker at a time, taken up again if its worker dies), checks
the file and stores all of it or none (importing.process), then removes the kept file.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from sunbula.core import jobs
from sunbula.core.imports import MAX_FILE_BYTES, Problem
from sunbula.core.models import Country, User
from sunbula.registry import dedupe, importing, services
from sunbula.registry.models import DedupeRun, ImportJob


def upload_folder() -> Path:
    return Path(settings.VAR_DIR) / "registry-imports"


def queue_upload(
    *,
    actor: User,
    country: Country,
    stream: IO[bytes],
    file_name: str,
    size: int,
    mapping: dict[str, str] | None = None,
) -> ImportJob:
    """Keep the uploaded file and queue its import; a file over the limit is refused now."""
    if size > MAX_FILE_BYTES:  # refused at once, without keeping a copy
        return importing.import_file(
            actor=actor, country=country, stream=stream, file_name=file_name, size=size
        )
    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".xlsx" if file_name.lower().endswith(".xlsx") else ".csv"
    stored = f"{uuid.uuid4().hex}{suffix}"
    with (folder / stored).open("wb") as out:
        written = 0
        while chunk := stream.read(1024 * 1024):
            written += len(chunk)
            if written > MAX_FILE_BYTES:
                break  # the size given was wrong; the worker refuses the truncated copy
            out.write(chunk)
    with transaction.atomic():  # the job and its task are queued together, or neither
        job = services.import_job_queue(
            actor=actor, file_name=file_name, country=country, stored_file=stored, mapping=mapping
        )
        jobs.attach(job, import_people)
    return job


def _count_rows(path: Path) -> int:
    """About how many data rows a stored file holds, for the progress bar."""
    if path.suffix == ".xlsx":
        return 0
    lines = 0
    with path.open("rb") as source:
        while chunk := source.read(1024 * 1024):
            lines += chunk.count(b"\n")
    return max(lines - 1, 0)


def _stored(job: ImportJob) -> Path | None:
    if not job.stored_file:
        return None
    path = upload_folder() / job.stored_file
    return path if path.is_file() else None


def _fail(job: ImportJob, reason: jobs.Reason) -> ImportJob:
    """Close the job as refused, with the reason, and drop its kept file."""
    job.refresh_from_db()
    failed = services.import_job_fail(
        actor=job.started_by,
        job=job,
        problems=[Problem(0, "", jobs.reason_for(job.started_by, reason)).as_dict()],
    )
    if job.stored_file:
        (upload_folder() / job.stored_file).unlink(missing_ok=True)
    return failed


def _import(job: ImportJob) -> None:
    path = _stored(job)
    if path is None:
        _fail(job, lambda: _("The uploaded file is no longer kept; upload it again."))
        return
    total = _count_rows(path)
    jobs.beat(job, processed_rows=0, total_rows=total)
    with jobs.collector_paused(), path.open("rb") as stream:
        importing.process(
            job.started_by, job, stream, path.stat().st_size, job.mapping or None, total
        )
    path.unlink(missing_ok=True)  # the job is closed: imported or refused


@task()
def import_people(job_id: int) -> str:
    """Import the kept file of ImportJob `job_id`: all rows or none, the job says which."""
    return jobs.run_job(ImportJob, job_id, _import)


jobs.register(ImportJob, import_people, _fail)


def queue_check(*, actor: User, country: Country) -> DedupeRun:
    """Queue a check of `country`'s whole registry for a worker."""
    with transaction.atomic():  # the run and its task are queued together, or neither
        run = services.dedupe_run_queue(actor=actor, country=country)
        jobs.attach(run, check_registry)
    return run


def run_check_here(*, actor: User, country: Country) -> DedupeRun:
    """Check `country`'s whole registry in this process, without the queue (the command's
    --inline); the run is held by this process while it works."""
    run = services.dedupe_run_queue(actor=actor, country=country)
    jobs.run_job(DedupeRun, run.pk, dedupe.run_check)
    run.refresh_from_db()
    return run


def _fail_check(run: DedupeRun, reason: jobs.Reason) -> DedupeRun:
    run.refresh_from_db()
    return services.dedupe_run_fail(
        actor=run.requested_by, run=run, reason=jobs.reason_for(run.requested_by, reason)
    )


@task()
def check_registry(run_id: int) -> str:
    """Check the registry of DedupeRun `run_id`: merge sure pairs, queue the likely ones."""
    return jobs.run_job(DedupeRun, run_id, dedupe.run_check)


jobs.register(DedupeRun, check_registry, _fail_check)
