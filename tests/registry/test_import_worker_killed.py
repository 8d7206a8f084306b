"""A worker killed in the middle of an import: the next worker finishes it or fails it cleanly.

Real processes: `python -m sunbula worker` on the test database (PostgreSQL: the test
database itself; SQLite: the in-memory test database copied to a file the workers share),
SIGKILL in the middle of a 20,000-row import, then a new worker. The registry then holds
all the file's rows or none, and the job says which; it is never left running.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from sunbula.core.models import User
from sunbula.registry import tasks
from sunbula.registry.models import ImportJob, Person
from tests.conftest import REGISTRY_TEST_KEY, World

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 20_000
ROOT = Path(__file__).resolve().parents[2]
CLOSED = ("succeeded", "failed")


def _file() -> bytes:
    lines = ["external_id,given_name,family_name,phone,id_number"]
    lines += [f"K-{n},Zahra,Ahmadi,+93700{n:06d},T-{n:08d}" for n in range(ROWS)]
    return ("\n".join(lines) + "\n").encode()


class Database:
    """The test database as the worker processes see it, and how the test reads it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sqlite = connection.vendor == "sqlite"
        self.file = folder / "sunbula.sqlite3"  # where settings put it for SUNBULA_VAR_DIR

    def share(self) -> None:
        """On SQLite, copy the in-memory test database (committed) to the workers' file."""
        if self.sqlite:
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
            target.close()

    def environment(self) -> dict[str, str]:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "SUNBULA_VAR_DIR": str(self.folder),
            "SUNBULA_REGISTRY_KEYS": REGISTRY_TEST_KEY,
            "SUNBULA_DEBUG": "false",
        }
        if self.sqlite:
            env.pop("DATABASE_URL", None)
        else:
            values = connection.settings_dict
            password = f":{values['PASSWORD']}" if values["PASSWORD"] else ""
            env["DATABASE_URL"] = (
                f"postgres://{values['USER']}{password}@{values['HOST'] or '127.0.0.1'}:"
                f"{values['PORT'] or 5432}/{values['NAME']}"
            )
        return env

    def started(self, pk: int) -> bool:
        """Whether the worker has begun reading the file (it has counted its rows)."""
        if self.sqlite:
            with sqlite3.connect(self.file, timeout=30) as reader:
                (total,) = reader.execute(
                    "SELECT total_rows FROM registry_importjob WHERE id = ?", (pk,)
                ).fetchone()
            reader.close()
            return bool(total)
        return ImportJob.objects.get(pk=pk).total_rows > 0

    def job(self, pk: int) -> tuple[str, int, list[Any]]:
        """The job's status, the persons stored, and its problems, as committed."""
        if self.sqlite:
            with sqlite3.connect(self.file, timeout=30) as reader:
                status, problems = reader.execute(
                    "SELECT status, problems FROM registry_importjob WHERE id = ?", (pk,)
                ).fetchone()
                (people,) = reader.execute("SELECT count(*) FROM registry_person").fetchone()
            reader.close()
            return status, people, json.loads(problems)
        job = ImportJob.objects.get(pk=pk)
        return job.status, Person.objects.count(), job.problems


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait()


def _start(database: Database, started: list[subprocess.Popen[bytes]]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "sunbula", "worker", "--interval", "0.2"],
        cwd=ROOT,
        env=database.environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started.append(process)
    return process


def _wait_for(database: Database, pk: int, statuses: tuple[str, ...], seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = database.job(pk)[0]
        if status in statuses:
            return status
        time.sleep(0.05)
    raise AssertionError(f"job still {database.job(pk)[0]} after {seconds} s")


def test_a_killed_worker_leaves_the_import_whole_or_cleanly_failed(
    officer_afg: User,
    world: World,
    tmp_path: Path,
    workers: list[subprocess.Popen[bytes]],
) -> None:
    settings.VAR_DIR = tmp_path  # the kept upload goes where the workers look
    content = _file()
    job = tasks.queue_upload(
        actor=officer_afg,
        country=world.afghanistan,
        stream=SimpleUploadedFile("people.csv", content),
        file_name="people.csv",
        size=len(content),
    )
    database = Database(tmp_path)
    database.share()

    first = _start(database, workers)
    deadline = time.monotonic() + 60
    while not database.started(job.pk):
        assert time.monotonic() < deadline, "the worker did not take the job"
        time.sleep(0.02)
    time.sleep(0.3)  # into the rows: checking and storing 20,000 of them takes seconds
    first.send_signal(signal.SIGKILL)
    first.wait()
    status, people, _problems = database.job(job.pk)
    assert (status, people) == ("running", 0)  # killed in the middle, nothing stored

    _start(database, workers)
    status = _wait_for(database, job.pk, CLOSED, 45)
    status, people, problems = database.job(job.pk)
    if status == "succeeded":
        assert people == ROWS
    else:
        assert people == 0 and problems and problems[0]["message"]
    kept = tasks.upload_folder() / job.stored_file
    deadline = time.monotonic() + 5
    while kept.exists() and time.monotonic() < deadline:  # removed just after the job closes
        time.sleep(0.05)
    assert not kept.exists()
