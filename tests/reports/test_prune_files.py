"""Report files no run refers to are pruned once they are old; a kept report stays."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from sunbula.core.models import User
from sunbula.reports import services
from sunbula.reports.tasks import prune_stale_report_files

pytestmark = pytest.mark.django_db


def test_stale_files_go_and_kept_ones_stay(settings: Any, tmp_path: Path, admin: User) -> None:
    settings.VAR_DIR = tmp_path
    folder = tmp_path / "reports"
    folder.mkdir()
    run = services.report_request(actor=admin, kind="governing_body", language="en", year=2024)
    services.report_complete(
        actor=admin, run=run, stored_name="a" * 32, data_as_of=timezone.now(), digests={}
    )
    old = time.time() - 3 * 24 * 3600
    files = {
        "kept": folder / f"{'a' * 32}.pdf",
        "orphan": folder / f"{'b' * 32}.pdf",
        "partial": folder / f".{'c' * 32}.html.part",
        "fresh": folder / f"{'d' * 32}.html",
    }
    for name, path in files.items():
        path.write_text(name)
        if name != "fresh":
            os.utime(path, (old, old))
    assert prune_stale_report_files() == "2 removed"
    assert sorted(name for name, path in files.items() if path.exists()) == ["fresh", "kept"]
