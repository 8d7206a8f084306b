"""Imports run in the background: the upload waits, a worker takes it, the page shows progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from sunbula.core.models import User
from sunbula.registry import importing, services
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
    assert (importing.upload_folder() / job.stored_file).exists()
    page = client_for(officer_afg).get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b'hx-trigger="every 2s"' in page.content and b"<progress" in page.content


def test_the_worker_imports_reports_progress_and_removes_the_file(
    officer_afg: User, world: World
) -> None:
    job = _upload(officer_afg, world)
    stored = importing.upload_folder() / job.stored_file
    assert importing.work_pending() == 1
    job.refresh_from_db()
    assert job.status == "succeeded" and job.created_rows == 2500 and job.total_rows == 2500
    assert not stored.exists()
    page = client_for(officer_afg).get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b"every 2s" not in page.content


def _progress_written(job: ImportJob) -> list[int]:
    seen: list[int] = []
    original = services.import_job_progress

    def spy(**kwargs: object) -> ImportJob:
        seen.append(kwargs["processed_rows"])  # type: ignore[arg-type]
        return original(**kwargs)  # type: ignore[arg-type]

    services.import_job_progress = spy  # type: ignore[assignment]
    try:
        importing.run_job(job)
    finally:
        services.import_job_progress = original  # type: ignore[assignment]
    return seen


def test_progress_is_written_while_rows_are_checked(
    officer_afg: User, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "PROGRESS_SECONDS", 0)  # as if each step took a while
    assert _progress_written(_upload(officer_afg, world))[:3] == [0, 1000, 2000]


def test_a_quick_file_writes_progress_only_once(officer_afg: User, world: World) -> None:
    assert _progress_written(_upload(officer_afg, world)) == [0]


def test_a_job_is_taken_once(officer_afg: User, world: World) -> None:
    job = _upload(officer_afg, world)
    assert services.import_job_claim(actor=officer_afg, job=job)
    assert not services.import_job_claim(actor=officer_afg, job=job)
    assert importing.work_pending() == 0


def test_a_broken_stored_file_fails_the_job_instead_of_hanging(
    officer_afg: User, world: World
) -> None:
    job = _upload(officer_afg, world)
    Path(importing.upload_folder() / job.stored_file).unlink()
    importing.work_pending()
    job.refresh_from_db()
    assert job.status == "failed" and job.problems and Person.objects.count() == 0


def test_the_upload_starts_a_worker_after_commit(
    officer_afg: User, world: World, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[operator]
        _upload(officer_afg, world)
    assert len(callbacks) == 1


def test_the_work_command_processes_waiting_uploads(officer_afg: User, world: World) -> None:
    job = _upload(officer_afg, world, "external_id,given_name\nA,Ali\n")
    call_command("registry_work")
    job.refresh_from_db()
    assert job.status == "succeeded" and Person.objects.get().external_id == "A"
