"""Report runs on the task queue: queued with the request, taken up again after a dead worker,
failed with a reason in the report's language."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sunbula.core import jobs
from sunbula.core.models import User
from sunbula.core.worker import run_pending
from sunbula.funding.models import Pledge
from sunbula.reports import tasks
from sunbula.reports.models import ReportRun
from tests.conftest import World
from tests.reports.kazakh_flour import kazakh_flour

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path


@pytest.fixture
def flour(world: World) -> Pledge:
    return kazakh_flour(world)


def _dead_worker() -> str:
    process = subprocess.Popen(["true"])  # noqa: S607
    process.wait()
    return f"{jobs._HOST}:{process.pid}:0dead0"


def _queue(user: User, flour: Pledge, language: str = "en") -> ReportRun:
    return tasks.queue_report(
        actor=user, kind="donor", language=language, donor=flour.donor, pledge=flour
    )


def test_a_run_whose_worker_died_is_made_by_the_next(officer_afg: User, flour: Pledge) -> None:
    run = _queue(officer_afg, flour)
    dead = _dead_worker()
    DBTaskResult.objects.filter(id=run.task_id).update(
        status="RUNNING", worker_ids=[dead], started_at=timezone.now()
    )
    held = jobs.claim(ReportRun, run.pk, worker=dead).job
    assert held is not None
    jobs.beat(held, progress=40)
    run.refresh_from_db()
    assert (run.status, run.progress) == ("running", 40)  # what the page shows meanwhile

    assert run_pending() == 1
    run.refresh_from_db()
    assert (run.status, run.progress, run.attempts) == ("done", 100, 2)
    assert tasks.stored_path(run, "pdf") is not None


def test_a_failed_run_says_why_in_the_reports_language(
    officer_afg: User, flour: Pledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = _queue(officer_afg, flour, "fr")

    def broken(run: ReportRun) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr(tasks, "_make", broken)
    run_pending()
    run.refresh_from_db()
    assert run.status == "failed"
    assert (
        run.error
        == "Arrêté sur une erreur inattendue ; les détails sont dans le journal du worker."
    )
