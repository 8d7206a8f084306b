"""Jobs the task queue works through: a row a person asked for, claimed, advanced and closed.

A long piece of work (a registry import, a report) is a row of a model built on `JobRow`
and a task of the queue (`<app>/tasks.py`) that works it through `run_job`. The row is what
the pages read: its status, its progress, and who holds it. The bookkeeping here (claim,
heartbeat, progress, release) is the worker's and is not audited; the app's services record
the request and the outcome, with who asked.

- A worker claims the row in a transaction that locks it (`SELECT … FOR UPDATE`; SQLite
  serialises writers), so two workers never run one job at once.
- A running job names its worker (`host:pid:token`) and beats (`heartbeat_at`) whenever it
  reports progress. A job whose worker is gone (its process no longer exists on this host,
  or it has not beaten for `SUNBULA_TASK_STALE_SECONDS`) is abandoned: the next worker takes
  it up again, until `SUNBULA_TASK_MAX_ATTEMPTS` attempts, then it fails with that reason.
- A transient database error (lost connection, locked database) puts the job back to wait
  and queues its task again a little later; any other error fails it with a reason.
"""

from __future__ import annotations

import datetime
import enum
import gc
import logging
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from secrets import token_hex
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunbula.core.models import ScheduleRun, User

if TYPE_CHECKING:
    from django_tasks.base import Task

logger = logging.getLogger(__name__)

PENDING = "pending"
RUNNING = "running"
OPEN = (PENDING, RUNNING)
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)

# Why a job failed: called in the language of the job's reader.
Reason = Callable[[], str]


def worker_lost(count: int) -> Reason:
    return lambda: (
        _("The worker running it stopped %(count)s times; it was not finished.") % {"count": count}
    )


def transient_failed(count: int) -> Reason:
    return lambda: _("The database could not be reached in %(count)s attempts.") % {"count": count}


def reason_for(reader: User, reason: Reason) -> str:
    """`reason` in the language `reader` reads (the person who asked for the job)."""
    with translation.override(reader.preferred_language or settings.LANGUAGE_CODE):
        return reason()


def unexpected() -> str:
    return _("Stopped on an unexpected error; the details are in the worker's log.")


class JobRow(models.Model):
    """What a job row adds for the queue: who holds it, when it last beat, attempts."""

    task_id = models.CharField(gettext_lazy("task"), max_length=64, blank=True, editable=False)
    claimed_by = models.CharField(
        gettext_lazy("worker"), max_length=100, blank=True, editable=False
    )
    heartbeat_at = models.DateTimeField(gettext_lazy("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(gettext_lazy("attempts"), default=0)

    status: Any

    class Meta:
        abstract = True


J = TypeVar("J", bound=JobRow)


# Which worker this process is.

_HOST = socket.gethostname()[:60]
_worker: dict[int, str] = {}


def this_worker() -> str:
    """`host:pid:token` of this process (a forked child gets its own)."""
    pid = os.getpid()
    if pid not in _worker:
        _worker[pid] = f"{_HOST}:{pid}:{token_hex(4)}"
    return _worker[pid]


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:  # a killed process its parent has not reaped yet is gone too
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in {"Z", "X"}
    except (OSError, IndexError):
        return False


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.SUNBULA_TASK_STALE_SECONDS)


def max_attempts() -> int:
    return int(settings.SUNBULA_TASK_MAX_ATTEMPTS)


def worker_gone(worker: str, last_seen: datetime.datetime | None, now: datetime.datetime) -> bool:
    """Whether the worker that holds something has stopped.

    Silence longer than SUNBULA_TASK_STALE_SECONDS counts as gone anywhere; on this host the
    worker's process is looked up as well, so a killed worker is known at once.
    """
    if not worker or last_seen is None or now - last_seen > stale_after():
        return True
    if worker == this_worker():
        return False
    host, _sep, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    if host == _HOST and pid.isdigit():
        return int(pid) == os.getpid() or _process_gone(int(pid))
    return False


# Claiming, beating, releasing.


class Outcome(enum.StrEnum):
    CLAIMED = "claimed"
    BUSY = "busy"  # another live worker holds it
    CLOSED = "closed"  # finished or failed already
    MISSING = "missing"
    EXHAUSTED = "exhausted"  # abandoned too often


@dataclass(frozen=True)
class Claim(Generic[J]):
    outcome: Outcome
    job: J | None
    restarted: bool = False


def abandoned(job: JobRow, now: datetime.datetime | None = None) -> bool:
    """A running job whose worker is gone."""
    return job.status == RUNNING and worker_gone(
        job.claimed_by, job.heartbeat_at, now or timezone.now()
    )


@transaction.atomic
def claim(model: type[J], pk: int, *, worker: str | None = None) -> Claim[J]:
    """Take a waiting job, or one a dead worker left running, for this worker; at most one
    worker holds a job at a time (the row is locked while it is taken)."""
    job = model._default_manager.select_for_update().filter(pk=pk).first()
    if job is None:
        return Claim(Outcome.MISSING, None)
    now = timezone.now()
    restarted = abandoned(job, now)
    if job.status == RUNNING and not restarted:
        return Claim(Outcome.BUSY, job)
    if job.status != PENDING and not restarted:
        return Claim(Outcome.CLOSED, job)
    if job.attempts >= max_attempts():
        return Claim(Outcome.EXHAUSTED, job)
    job.status = RUNNING
    job.claimed_by = worker or this_worker()
    job.heartbeat_at = now
    job.attempts += 1
    job.save(update_fields=["status", "claimed_by", "heartbeat_at", "attempts"])
    return Claim(Outcome.CLAIMED, job, restarted)


def hold(job: JobRow) -> None:
    """Mark a job that runs right here (not through the queue) as held by this process."""
    job.claimed_by = this_worker()
    job.heartbeat_at = timezone.now()
    type(job)._default_manager.filter(pk=job.pk).update(
        claimed_by=job.claimed_by, heartbeat_at=job.heartbeat_at
    )


def beat(job: JobRow, **progress: Any) -> None:
    """A sign of life, with the progress fields the page shows (`processed_rows=…`)."""
    job.heartbeat_at = timezone.now()
    for name, value in progress.items():
        setattr(job, name, value)
    type(job)._default_manager.filter(pk=job.pk, claimed_by=job.claimed_by).update(
        heartbeat_at=job.heartbeat_at, **progress
    )


def release(job: JobRow) -> None:
    """Put a job this worker holds back to wait (its task is queued again)."""
    values: dict[str, Any] = {"status": PENDING, "claimed_by": "", "heartbeat_at": None}
    type(job)._default_manager.filter(pk=job.pk, claimed_by=job.claimed_by).update(**values)
    job.status, job.claimed_by, job.heartbeat_at = PENDING, "", None


def attach(job: JobRow, task: Task[..., Any], *, delay: float = 0) -> None:
    """Queue the job's task (after `delay` seconds) and note it on the row."""
    if delay:
        task = task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    result = task.enqueue(job.pk)
    job.task_id = str(result.id)
    type(job)._default_manager.filter(pk=job.pk).update(task_id=job.task_id)


# Running a job.


@dataclass(frozen=True)
class Kind(Generic[J]):
    """A model of job rows, the task that works them and the service that fails them."""

    model: type[J]
    task: Task[..., Any]
    fail: Callable[[J, Reason], Any]


KINDS: list[Kind[Any]] = []


def register(model: type[J], task: Task[..., Any], fail: Callable[[J, Reason], Any]) -> None:
    """Let the worker's sweep find this model's open jobs (called from `<app>/tasks.py`)."""
    if all(kind.model is not model for kind in KINDS):
        KINDS.append(Kind(model, task, fail))


def _kind(model: type[J]) -> Kind[J]:
    for kind in KINDS:
        if kind.model is model:
            return kind
    raise LookupError(model)


def retry_delay(attempt: int) -> float:
    """Seconds before a job that met a transient error is tried again: 2, 4, 8 … ≤ 60."""
    return float(min(60, 2**attempt))


def _usable_connection() -> None:
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()


def _still_open(job: JobRow) -> bool:
    job.refresh_from_db()
    return job.status in OPEN


def run_job(model: type[J], pk: int, work: Callable[[J], Any]) -> str:
    """Claim the job `pk` and do `work(job)` once, for a task of the queue.

    `work` calls the app's services and ends the job (done or failed, audited). What is
    given back is the outcome, kept as the task's result: claimed jobs say how they ended.
    """
    kind = _kind(model)
    taken = claim(model, pk)
    if taken.outcome == Outcome.EXHAUSTED and taken.job is not None:
        kind.fail(taken.job, worker_lost(taken.job.attempts))
        return "failed"
    if taken.outcome != Outcome.CLAIMED or taken.job is None:
        return taken.outcome.value
    job = taken.job
    try:
        work(job)
    except TRANSIENT_ERRORS:
        logger.warning("%s %s met a transient error", model.__name__, pk, exc_info=True)
        _usable_connection()
        if not _still_open(job):  # it was closed before the error: nothing to do again
            return "done"
        if job.attempts >= max_attempts():
            kind.fail(job, transient_failed(job.attempts))
            return "failed"
        with transaction.atomic():
            release(job)
            attach(job, kind.task, delay=retry_delay(job.attempts))
        return "retrying"
    except Exception:  # the job must never stay running; the log keeps the details
        logger.exception("%s %s failed", model.__name__, pk)
        _usable_connection()
        if not _still_open(job):
            return "done"
        kind.fail(job, unexpected)
        return "failed"
    return "done"


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection during one task of a worker, restored at its end.

    Only for work that piles up rows it keeps to the end (an import): collections then free
    nothing, yet each walks every row. Never for the web process.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The sweep a worker runs when it starts and every SUNBULA_SCHEDULE_INTERVAL seconds.


def recover(now: datetime.datetime | None = None) -> int:
    """Take up again what dead workers left; how many tasks or jobs were put back.

    A task a dead worker was running is ready again (or failed once it has been tried
    SUNBULA_TASK_MAX_ATTEMPTS times); an open job whose task is no longer queued or running
    (a worker died between steps, a lost connection) gets its task queued again, and its
    claim decides whether to run it, restart it, or fail it with the reason.
    """
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    recovered = 0
    for result in DBTaskResult.objects.running():
        holder = result.worker_ids[-1] if result.worker_ids else ""
        if not worker_gone(holder, result.started_at, now):
            continue
        same = DBTaskResult.objects.filter(
            pk=result.pk, status="RUNNING", started_at=result.started_at
        )
        if len(result.worker_ids) >= max_attempts():
            if same.exists():
                reason = worker_lost(len(result.worker_ids))()
                result.set_failed(WorkerLost(reason))
                _close_schedule_run(result, reason)
                recovered += 1
        else:
            recovered += same.update(status="READY")
    live = set(
        DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).values_list("id", flat=True)
    )
    live_ids = {str(task_id) for task_id in live}
    for kind in KINDS:
        for job in kind.model._default_manager.filter(status__in=OPEN):
            if job.task_id in live_ids:
                continue
            if job.status == RUNNING and not abandoned(job, now):
                continue
            if job.status == RUNNING and not job.task_id:
                # held by a process outside the queue that stopped: nothing can resume it
                kind.fail(job, worker_lost(max(job.attempts, 1)))
                recovered += 1
                continue
            with transaction.atomic():
                attach(job, kind.task)
            recovered += 1
    return recovered


def _close_schedule_run(result: Any, reason: str) -> None:
    """A schedule's period whose task failed with its workers is recorded as failed too."""
    if not result.task_path.endswith(".schedule_run"):
        return
    args = (result.args_kwargs or {}).get("args") or []
    if args:
        ScheduleRun.objects.filter(pk=args[0], finished_at__isnull=True).update(
            outcome=ScheduleRun.Outcome.FAILED, message=reason[:255], finished_at=timezone.now()
        )


class WorkerLost(Exception):
    """Recorded on a task whose workers kept stopping while it ran."""
