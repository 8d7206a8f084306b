"""Core's tasks: the empty task, which measures the queue itself (bench, health checks)."""

from __future__ import annotations

from django_tasks import task


@task()
def noop() -> None:
    """Does nothing: what it costs to run is the queue's own cost."""
