"""The task queue: jobs retried on transient errors, never run twice at once, taken up again
after their worker dies (or failed with the reason), and the worker's rounds.

These run the worker's own loop in this process (`run_pending`, what `sunbula worker --batch`
does) on the database backend; tests/registry/test_import_worker_killed.py kills real ones.
"""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from sunbula.core import jobs, schedules
from sunbula.core.models import ScheduleRun, User
from sunbula.core.worker import Worker, run_pending
from sunbula.registry import tasks
from sunbula.registry.models import ImportJob, Person
from tests.conftest import World

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src"
ROWS = "external_id,given_name\nA-1,Zahra\nA-2,Omar\n"


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path


def _queued(user: User, world: World) -> ImportJob:
    return tasks.queue_upload(
        actor=user,
        country=world.afghanistan,
        stream=SimpleUploadedFile("p.csv", ROWS.encode()),
        file_name="p.csv",
        size=len(ROWS),
    )


def _dead_worker() -> str:
    """The id a worker of this host had, whose process has ended."""
    process = subprocess.Popen(["true"])  # noqa: S607
    process.wait()
    return f"{jobs._HOST}:{process.pid}:0dead0"


def _results() -> list[Any]:
    return list(
        DBTaskResult.objects.filter(task_path="sunbula.registry.tasks.import_people")
        .order_by("enqueued_at")
        .values_list("return_value", flat=True)
    )


def _ready_now(job: ImportJob) -> None:
    job.refresh_from_db()  # a retry queues a task of its own
    DBTaskResult.objects.filter(id=job.task_id).update(run_after=timezone.now())


def test_the_queue_is_django_tasks_on_its_database_backend(settings: Any) -> None:
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert tasks.import_people.get_backend().__class__.__name__ == "DatabaseBackend"


def test_a_transient_error_puts_the_job_back_and_queues_it_again_later(
    officer_afg: User, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _queued(officer_afg, world)
    real = tasks._import

    def unreachable(job: ImportJob) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(tasks, "_import", unreachable)
    before = timezone.now()
    assert run_pending() == 1
    job.refresh_from_db()
    assert (job.status, job.claimed_by, job.attempts) == ("pending", "", 1)
    again = DBTaskResult.objects.get(id=job.task_id)
    assert again.status == "READY" and again.run_after >= before + datetime.timedelta(seconds=2)
    assert run_pending() == 0  # not before its time

    monkeypatch.setattr(tasks, "_import", real)  # the database answers again
    _ready_now(job)
    assert run_pending() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, Person.objects.count()) == ("succeeded", 2, 2)
    assert _results() == ["retrying", "done"]


def test_a_job_that_keeps_meeting_transient_errors_fails_with_the_reason(
    officer_afg: User, world: World, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.SUNBULA_TASK_MAX_ATTEMPTS = 2
    job = _queued(officer_afg, world)

    def unreachable(job: ImportJob) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(tasks, "_import", unreachable)
    run_pending()
    _ready_now(job)
    run_pending()
    job.refresh_from_db()
    assert job.status == "failed" and Person.objects.count() == 0
    assert job.problems[0]["message"] == "The database could not be reached in 2 attempts."
    assert not (tasks.upload_folder() / job.stored_file).exists()


def test_an_unexpected_error_fails_the_job_at_once(
    officer_afg: User, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _queued(officer_afg, world)

    def broken(job: ImportJob) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr(tasks, "_import", broken)
    run_pending()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 1)
    assert (
        job.problems[0]["message"]
        == "Stopped on an unexpected error; the details are in the worker's log."
    )


def test_an_error_after_the_job_closed_leaves_its_outcome(
    officer_afg: User, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _queued(officer_afg, world)
    real = tasks._import

    def then_broken(job: ImportJob) -> None:
        real(job)
        raise OperationalError("connection lost after the commit")

    monkeypatch.setattr(tasks, "_import", then_broken)
    run_pending()
    job.refresh_from_db()
    assert (job.status, job.attempts, Person.objects.count()) == ("succeeded", 1, 2)


def test_a_job_queued_twice_runs_once(officer_afg: User, world: World) -> None:
    job = _queued(officer_afg, world)
    jobs.attach(job, tasks.import_people)  # a second task for the same job
    assert run_pending() == 2
    job.refresh_from_db()
    assert (job.status, job.attempts, Person.objects.count()) == ("succeeded", 1, 2)
    assert _results() == ["done", "closed"]


def test_a_job_a_live_worker_holds_is_left_to_it(officer_afg: User, world: World) -> None:
    job = _queued(officer_afg, world)
    taken = jobs.claim(ImportJob, job.pk, worker="other-machine:4242:abcd")
    assert taken.outcome == jobs.Outcome.CLAIMED
    assert jobs.claim(ImportJob, job.pk).outcome == jobs.Outcome.BUSY
    run_pending()
    job.refresh_from_db()
    assert (job.status, job.claimed_by, Person.objects.count()) == (
        "running",
        "other-machine:4242:abcd",
        0,
    )
    assert _results() == ["busy"]


def test_a_job_whose_worker_died_is_taken_up_again(officer_afg: User, world: World) -> None:
    job = _queued(officer_afg, world)
    dead = _dead_worker()
    # what a killed worker leaves: its task running, the job claimed by it
    DBTaskResult.objects.filter(id=job.task_id).update(
        status="RUNNING", worker_ids=[dead], started_at=timezone.now()
    )
    assert jobs.claim(ImportJob, job.pk, worker=dead).outcome == jobs.Outcome.CLAIMED
    assert run_pending() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, Person.objects.count()) == ("succeeded", 2, 2)
    assert job.claimed_by == jobs.this_worker()


def test_a_silent_worker_elsewhere_counts_as_stopped(
    officer_afg: User, world: World, settings: Any
) -> None:
    job = _queued(officer_afg, world)
    jobs.claim(ImportJob, job.pk, worker="other-machine:4242:abcd")
    silent_since = timezone.now() - datetime.timedelta(
        seconds=settings.SUNBULA_TASK_STALE_SECONDS + 1
    )
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=silent_since)
    taken = jobs.claim(ImportJob, job.pk)
    assert (taken.outcome, taken.restarted) == (jobs.Outcome.CLAIMED, True)


def test_a_job_whose_workers_keep_dying_fails_with_the_reason(
    officer_afg: User, world: World, settings: Any
) -> None:
    job = _queued(officer_afg, world)
    for _attempt in range(settings.SUNBULA_TASK_MAX_ATTEMPTS):
        assert jobs.claim(ImportJob, job.pk, worker=_dead_worker()).outcome == "claimed"
    DBTaskResult.objects.filter(id=job.task_id).update(
        status="RUNNING", worker_ids=[_dead_worker()] * 3, started_at=timezone.now()
    )
    left = job.task_id
    run_pending()
    job.refresh_from_db()
    assert job.status == "failed" and Person.objects.count() == 0
    assert job.problems[0]["message"] == (
        "The worker running it stopped 3 times; it was not finished."
    )
    assert DBTaskResult.objects.get(id=left).status == "FAILED"  # the task, tried 3 times


def test_the_reason_a_job_failed_is_in_the_language_of_who_started_it(
    officer_afg: User, world: World, settings: Any
) -> None:
    officer_afg.preferred_language = "fr"
    officer_afg.save(update_fields=["preferred_language"])
    job = _queued(officer_afg, world)
    for _attempt in range(settings.SUNBULA_TASK_MAX_ATTEMPTS):
        assert jobs.claim(ImportJob, job.pk, worker=_dead_worker()).outcome == "claimed"
    DBTaskResult.objects.filter(id=job.task_id).update(
        status="RUNNING", worker_ids=[_dead_worker()] * 3, started_at=timezone.now()
    )
    run_pending()
    job.refresh_from_db()
    with translation.override("fr"):
        expected = translation.gettext(
            "The worker running it stopped %(count)s times; it was not finished."
        ) % {"count": 3}
    assert "stopped" not in expected
    assert job.problems[0]["message"] == expected


def test_a_schedule_period_whose_workers_keep_dying_is_recorded_as_failed(
    settings: Any,
) -> None:
    run = ScheduleRun.objects.create(
        name="partners.agreements_expire", due_at=timezone.now(), outcome="running"
    )
    result = schedules.schedule_run.enqueue(run.pk)
    DBTaskResult.objects.filter(id=result.id).update(
        status="RUNNING",
        worker_ids=[_dead_worker()] * settings.SUNBULA_TASK_MAX_ATTEMPTS,
        started_at=timezone.now(),
    )
    assert jobs.recover() == 1
    run.refresh_from_db()
    assert run.outcome == "failed" and run.finished_at is not None
    assert run.message == "The worker running it stopped 3 times; it was not finished."


def test_a_job_held_by_a_process_outside_the_queue_that_died_is_failed(
    officer_afg: User, world: World
) -> None:
    job = _queued(officer_afg, world)
    DBTaskResult.objects.filter(id=job.task_id).delete()
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", task_id="", claimed_by=_dead_worker(), heartbeat_at=timezone.now()
    )
    assert jobs.recover() == 1
    job.refresh_from_db()
    assert job.status == "failed" and job.problems[0]["message"].startswith("The worker")


def test_a_waiting_job_without_its_task_is_queued_again(officer_afg: User, world: World) -> None:
    job = _queued(officer_afg, world)
    DBTaskResult.objects.filter(id=job.task_id).delete()  # e.g. pruned, or queued before
    assert run_pending() == 1
    job.refresh_from_db()
    assert job.status == "succeeded" and Person.objects.count() == 2


def test_each_round_of_the_worker_runs_the_due_schedules(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    calls: list[datetime.datetime | None] = []

    def due(now: datetime.datetime | None = None) -> list[str]:
        calls.append(now)
        return []

    monkeypatch.setattr(schedules, "run_due", due)
    settings.SUNBULA_SCHEDULE_INTERVAL = 60
    worker = Worker(interval=0, batch=True)
    worker.run()
    worker.rounds()  # within the interval: not again
    assert len(calls) == 1
    settings.SUNBULA_SCHEDULE_INTERVAL = 0
    eager = Worker(interval=0, batch=True)
    eager.rounds()
    eager.rounds()
    assert len(calls) == 3


def test_nothing_runs_in_threads_of_the_web_process() -> None:
    sources = [path for path in SRC.rglob("*.py") if "threading.Thread(" in path.read_text()]
    assert sources == []


def test_a_failing_round_does_not_stop_the_worker(
    officer_afg: User, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(now: datetime.datetime | None = None) -> list[str]:
        raise RuntimeError("a schedule with a bug")

    monkeypatch.setattr(schedules, "run_due", broken)
    job = _queued(officer_afg, world)
    assert run_pending() == 1
    job.refresh_from_db()
    assert job.status == "succeeded"
