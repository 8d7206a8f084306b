"""`sunbula demo` runs the server and a worker together: when one stops, so does the other."""

from __future__ import annotations

import sys
import time

from sunbula.cli import HELP
from sunbula.core.supervise import run_together, sunbula


def test_when_one_process_ends_the_others_are_stopped() -> None:
    started = time.monotonic()
    status = run_together(
        [
            [sys.executable, "-c", "import time, sys; time.sleep(0.5); sys.exit(3)"],
            [sys.executable, "-c", "import time; time.sleep(120)"],
        ]
    )
    assert status == 3
    assert time.monotonic() - started < 30  # the sleeper was stopped, not waited for


def test_the_demo_starts_a_worker_beside_the_server() -> None:
    assert sunbula("worker") == [sys.executable, "-m", "sunbula", "worker"]
    assert "worker [--batch]" in HELP
