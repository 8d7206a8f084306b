"""Imports run on the task queue: the upload waits, a worker takes it, the page shows progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from sunbula.core import jobs
from sunbula.core.models import AuditEntry, User
from sunbula.core.worker import run_pending
from sunbula.registry import importing, tasks
from sunbula.registry.models import ImportJob, Person
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

ROWS = "external_id,given_name\n" + "".join(f"E-{n},Zahra\n" for n in range(2500))


def _upload(user: User, world: World, content: str = ROWS) -> ImportJob:
    response = client_for(user).post(
        "/en/registry/imports/",
        {"country": world.afghanistan.pk, "file": SimpleUploadedFile("p.csv", content.encode())},
    )
    assert response.status_code == 302
    return ImportJob.objects.order_by("-id").first()  # type: ignore[return-value]


def test_the_upload_waits_with_its_file_and_the_page_polls(
    officer_afg: User, world: World, django_capture_on_commit_callbacks: object
) -> None:
    job = _upload(officer_afg, world)
    assert job.status == "pending" and Person.objects.count() == 0
    assert (tasks.upload_folder() / job.stored_file).exists()
    page = client_for(officer_afg).get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b'hx-trigger="every 2s"' in page.content and b"<progress" in page.content


def test_the_worker_imports_reports_progress_and_removes_the_file(
    officer_afg: User, world: World
) -> None:
    job = _upload(officer_afg, world)
    stored = tasks.upload_folder() / job.stored_file
    assert run_pending() == 1
    job.refresh_from_db()
    assert job.status == "succeeded" and job.created_rows == 2500 and job.total_rows == 2500
    assert not stored.exists()
    page = client_for(officer_afg).get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b"every 2s" not in page.content


def _progress_written(job: ImportJob, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []
    original = jobs.beat

    def spy(job: ImportJob, **progress: int) -> None:
        seen.append(progress["processed_rows"])
        original(job, **progress)

    monkeypatch.setattr(jobs, "beat", spy)
    run_pending()
    return seen


def test_progress_is_written_while_rows_are_checked(
    officer_afg: User, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "PROGRESS_SECONDS", 0)  # as if each step took a while
    assert _progress_written(_upload(officer_afg, world), monkeypatch)[:3] == [0, 1000, 2000]


def test_a_quick_file_writes_progress_only_once(
    officer_afg: User, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _progress_written(_upload(officer_afg, world), monkeypatch) == [0]


def test_progress_is_kept_on_the_job_not_in_the_audit_log(
    officer_afg: User, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "PROGRESS_SECONDS", 0)
    job = _upload(officer_afg, world)
    run_pending()
    actions = list(
        AuditEntry.objects.filter(object_id=str(job.pk), action__startswith="registry.importjob")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["registry.importjob.created", "registry.importjob.imported"]


def test_a_job_is_taken_once(officer_afg: User, world: World) -> None:
    job = _upload(officer_afg, world)
    assert jobs.claim(ImportJob, job.pk).outcome == jobs.Outcome.CLAIMED
    assert jobs.claim(ImportJob, job.pk).outcome == jobs.Outcome.BUSY  # this worker is alive
    assert run_pending() == 1  # the queued task finds the job taken and leaves it
    job.refresh_from_db()
    assert job.status == "running" and Person.objects.count() == 0


def test_a_broken_stored_file_fails_the_job_instead_of_hanging(
    officer_afg: User, world: World
) -> None:
    job = _upload(officer_afg, world)
    Path(tasks.upload_folder() / job.stored_file).unlink()
    run_pending()
    job.refresh_from_db()
    assert job.status == "failed" and job.problems and Person.objects.count() == 0


def test_the_upload_queues_its_task_with_the_job(officer_afg: User, world: World) -> None:
    job = _upload(officer_afg, world)
    queued = DBTaskResult.objects.get(id=job.task_id)
    assert queued.task_path == "sunbula.registry.tasks.import_people"
    assert queued.args_kwargs == {"args": [job.pk], "kwargs": {}} and queued.status == "READY"


def test_the_work_command_processes_waiting_uploads(officer_afg: User, world: World) -> None:
    job = _upload(officer_afg, world, "external_id,given_name\nA,Ali\n")
    call_command("worker", batch=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == "succeeded" and Person.objects.get().external_id == "A"
