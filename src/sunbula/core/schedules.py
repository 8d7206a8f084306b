"""Schedules: periodic work the worker queues when it is due."""

from __future__ import annotations

from datetime import datetime


def run_due(now: datetime | None = None) -> list[str]:
    """Enqueue the schedules that are due"""
    return []
