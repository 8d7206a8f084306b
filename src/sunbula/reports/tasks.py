"""Report runs on the task queue: `make_report` takes each run (core.jobs: one worker at a
time, taken up again if its worker dies), gathers the figures as the requester, keeps the
HTML and the PDF under var/reports/, their dates as the requester's pages wrote them when
they asked, and records the date of the data.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from pathlib import Path
from typing import Unpack

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from sunbula.assistance.services import tallies_rebuild
from sunbula.core import jobs
from sunbula.core.models import User
from sunbula.core.schedules import Schedule, register
from sunbula.reports import services
from sunbula.reports.access import subject_visible
from sunbula.reports.document import render_html, render_pdf
from sunbula.reports.donor import DonorReport, donor_report
from sunbula.reports.governing import GoverningReport, governing_report
from sunbula.reports.models import ReportKind, ReportRun

SUFFIXES = ("html", "pdf")


def report_folder() -> Path:
    return Path(settings.VAR_DIR) / "reports"


def stored_path(run: ReportRun, suffix: str) -> Path | None:
    """The kept file of a finished run, if it is still there and inside the folder."""
    if not run.is_done or suffix not in SUFFIXES:
        return None
    root = report_folder().resolve()
    path = (root / f"{run.stored_name}.{suffix}").resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def queue_report(*, actor: User, **asked: Unpack[services.ReportAsked]) -> ReportRun:
    """Ask for a report; it is queued with the request (both are written, or neither)."""
    with transaction.atomic():
        run = services.report_request(actor=actor, **asked)
        jobs.attach(run, make_report)
    return run


def _write(folder: Path, name: str, content: bytes) -> None:
    partial = folder / f".{name}.part"
    partial.write_bytes(content)
    partial.replace(folder / name)  # readers never see half a file


def _fail(run: ReportRun, reason: jobs.Reason) -> ReportRun:
    """Close the run as failed, the reason in the report's language."""
    run.refresh_from_db()
    with translation.override(run.language):
        error = reason()
    return services.report_fail(actor=run.requested_by, run=run, error=error)


def _make(run: ReportRun) -> None:
    """Make one report, or fail it when its requester may no longer see what it covers."""
    try:
        _make_files(run)
    except PermissionDenied:
        _fail(run, lambda: _("The requester may no longer see what this report covers."))


def _make_files(run: ReportRun) -> None:
    """Figures, HTML, PDF, files, the run marked done."""
    actor = run.requested_by

    def progress(percent: int) -> None:
        jobs.beat(run, progress=max(0, min(percent, 99)))

    if not subject_visible(actor, run):  # roles may have changed since the request
        raise PermissionDenied
    progress(5)
    data_as_of = timezone.now()
    figures: DonorReport | GoverningReport
    with translation.override(run.language):
        if run.kind == ReportKind.DONOR and run.donor is not None:
            figures = donor_report(
                user=actor,
                donor=run.donor,
                pledge=run.pledge,
                year=run.year,
                data_as_of=data_as_of,
                progress=progress,
            )
        else:
            figures = governing_report(
                user=actor, year=run.year or 0, data_as_of=data_as_of, progress=progress
            )
    html = render_html(
        figures,
        run.language,
        requester_limited_to_afghanistan=run.requester_limited_to_afghanistan,
    ).encode("utf-8")
    progress(85)
    pdf = render_pdf(html.decode("utf-8"))
    progress(95)
    folder = report_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = uuid.uuid4().hex
    _write(folder, f"{stored_name}.html", html)
    _write(folder, f"{stored_name}.pdf", pdf)
    services.report_complete(
        actor=actor,
        run=run,
        stored_name=stored_name,
        data_as_of=data_as_of,
        digests={
            "html_sha256": hashlib.sha256(html).hexdigest(),
            "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
        },
    )


@task()
def make_report(run_id: int) -> str:
    """Make ReportRun `run_id`: its files kept and the run ready, or failed with the reason."""
    return jobs.run_job(ReportRun, run_id, _make)


jobs.register(ReportRun, make_report, _fail)


# Schedules: stale report files are pruned; the dashboards' summary tables are rebuilt.


def prune_stale_report_files() -> str:
    """Remove files under var/reports/ that no report run refers to (a deleted run, a file
    left half-written) once they are older than `REPORT_FILES_KEEP_DAYS`."""
    folder = report_folder()
    if not folder.is_dir():
        return "0 removed"
    cutoff = (timezone.now() - datetime.timedelta(days=settings.REPORT_FILES_KEEP_DAYS)).timestamp()
    kept = set(ReportRun.objects.exclude(stored_name="").values_list("stored_name", flat=True))
    removed = 0
    for path in folder.iterdir():
        stem = path.name.split(".")[0] if not path.name.startswith(".") else ""
        if not path.is_file() or stem in kept or path.stat().st_mtime > cutoff:
            continue
        path.unlink(missing_ok=True)
        removed += 1
    return f"{removed} removed"


@task()
def rebuild_summaries() -> str:
    """Derive the dashboards' summary tables again from the distributions' draws."""
    handed, reached = tallies_rebuild(actor=None)
    return f"{handed} rows of kilograms, {reached} of people"


register(
    Schedule(
        "reports.prune_files",
        prune_stale_report_files,
        gettext_lazy("Report files no run refers to are removed"),
        daily_at=datetime.time(3, 0),
    )
)
register(
    Schedule(
        "reports.rebuild_summaries",
        rebuild_summaries,
        gettext_lazy("The dashboards' summary tables are rebuilt from the ledgers"),
        daily_at=datetime.time(2, 30),
    )
)
