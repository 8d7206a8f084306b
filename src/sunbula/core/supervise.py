"""Run a few processes together (the demo's server and worker) and stop them together."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Sequence

STOP_SECONDS = 10.0


def _stop(processes: Sequence[subprocess.Popen[bytes]], *, interrupted: bool) -> None:
    """Ctrl+C reached every process already: let them finish what they do; else ask them."""
    for process in processes:
        if process.poll() is None and not interrupted:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()  # a worker's unfinished job is taken up by the next worker
            process.wait()


def run_together(commands: Sequence[Sequence[str]]) -> int:
    """Start every command; when one ends or Ctrl+C is pressed, stop the others.

    What comes back is the exit status of the first to end (0 after Ctrl+C).
    """
    processes = [subprocess.Popen(list(command)) for command in commands]  # noqa: S603
    status = 0
    interrupted = False
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        status = next(process.returncode for process in processes if process.returncode is not None)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        _stop(processes, interrupted=interrupted)
    return status


def sunbula(*arguments: str) -> list[str]:
    """The command line of `sunbula <arguments>` with this Python."""
    return [sys.executable, "-m", "sunbula", *arguments]
