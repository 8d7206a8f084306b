"""Report runs in the background, without a broker: a thread of the web process takes each
run (or `sunbula reports_work --watch` where threads are turned off), gathers the figures as
the requester, keeps the HTML and the PDF under var/reports/ and records the date of the data.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sunbula.core.models import Organisation, User
from sunbula.funding.models import Pledge
from sunbula.reports import selectors, services
from sunbula.reports.access import subject_visible
from sunbula.reports.document import render_html, render_pdf
from sunbula.reports.donor import DonorReport, donor_report
from sunbula.reports.governing import GoverningReport, governing_report
from sunbula.reports.models import ReportKind, ReportRun

logger = logging.getLogger(__name__)
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


def queue_report(
    *,
    actor: User,
    kind: str,
    language: str,
    donor: Organisation | None = None,
    pledge: Pledge | None = None,
    year: int | None = None,
) -> ReportRun:
    """Ask for a report and start a worker for it once the request is committed."""
    run = services.report_request(
        actor=actor, kind=kind, language=language, donor=donor, pledge=pledge, year=year
    )
    transaction.on_commit(lambda: start_worker(run.pk))
    return run


def _write(folder: Path, name: str, content: bytes) -> None:
    partial = folder / f".{name}.part"
    partial.write_bytes(content)
    partial.replace(folder / name)  # readers never see half a file


def run_report(run: ReportRun) -> ReportRun:
    """Make one waiting report to its end: figures, HTML, PDF, files, the run marked done."""
    actor = run.requested_by
    if not services.report_claim(actor=actor, run=run):
        run.refresh_from_db()
        return run

    def progress(percent: int) -> None:
        services.report_progress(actor=actor, run=run, percent=percent)

    try:
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
        html = render_html(figures, run.language).encode("utf-8")
        progress(85)
        pdf = render_pdf(html.decode("utf-8"))
        progress(95)
        folder = report_folder()
        folder.mkdir(parents=True, exist_ok=True)
        stored_name = uuid.uuid4().hex
        _write(folder, f"{stored_name}.html", html)
        _write(folder, f"{stored_name}.pdf", pdf)
        return services.report_complete(
            actor=actor,
            run=run,
            stored_name=stored_name,
            data_as_of=data_as_of,
            digests={
                "html_sha256": hashlib.sha256(html).hexdigest(),
                "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
            },
        )
    except PermissionDenied:
        run.refresh_from_db()
        with translation.override(run.language):
            error = _("The requester may no longer see what this report covers.")
        return services.report_fail(actor=actor, run=run, error=error)
    except Exception:  # the run must never stay "running"; the log keeps the details
        logger.exception("report run %s failed", run.pk)
        run.refresh_from_db()
        with translation.override(run.language):
            error = _("The report stopped on an unexpected error.")
        return services.report_fail(actor=actor, run=run, error=error)


def work_pending(limit: int | None = None) -> int:
    """Make waiting reports, oldest first; how many were taken."""
    done = 0
    while limit is None or done < limit:
        run = selectors.report_runs_waiting().first()
        if run is None:
            break
        run_report(run)
        done += 1
    return done


def _work_in_thread(run_pk: int) -> None:
    try:
        run = selectors.report_run_to_work(pk=run_pk)
        if run is not None:
            run_report(run)
    finally:
        connection.close()


def start_worker(run_pk: int) -> None:
    """Make the report in a thread of this process: the embedded default needs no other server."""
    if not getattr(settings, "REPORTS_IN_THREAD", True):
        return  # a `sunbula reports_work` process takes it instead
    threading.Thread(
        target=_work_in_thread, args=(run_pk,), name=f"report-run-{run_pk}", daemon=True
    ).start()


# Schedule: stale report files are pruned (self-contained: its imports are its own).


def prune_stale_report_files() -> str:
    """Remove files under var/reports/ that no report run refers to (a deleted run, a file
    left half-written) once they are older than `REPORT_FILES_KEEP_DAYS`."""
    import datetime as _datetime

    from django.utils import timezone as _timezone

    from sunbula.reports.models import ReportRun as _ReportRun

    folder = Path(settings.VAR_DIR) / "reports"
    if not folder.is_dir():
        return "0 removed"
    cutoff = (
        _timezone.now() - _datetime.timedelta(days=settings.REPORT_FILES_KEEP_DAYS)
    ).timestamp()
    kept = set(_ReportRun.objects.exclude(stored_name="").values_list("stored_name", flat=True))
    removed = 0
    for path in folder.iterdir():
        stem = path.name.split(".")[0] if not path.name.startswith(".") else ""
        if not path.is_file() or stem in kept or path.stat().st_mtime > cutoff:
            continue
        path.unlink(missing_ok=True)
        removed += 1
    return f"{removed} removed"


def _register_report_pruning() -> None:
    import datetime as _datetime

    from django.utils.translation import gettext_lazy

    from sunbula.core.schedules import Schedule, register

    register(
        Schedule(
            "reports.prune_files",
            prune_stale_report_files,
            gettext_lazy("Report files no run refers to are removed"),
            daily_at=_datetime.time(3, 0),
        )
    )


_register_report_pruning()
