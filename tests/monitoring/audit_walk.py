"""The monitoring services, each called once for the audit walk (tests/test_services_audit.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from sunbula.core.models import User
from sunbula.monitoring import services
from tests.audit import Walked
from tests.conftest import World
from tests.monitoring.conftest import GOOD_HXL


def calls(world: World, admin: User) -> dict[str, Callable[[], Any]]:
    return {
        "situation_dataset_import": lambda: services.situation_dataset_import(
            actor=admin,
            country=world.afghanistan,
            name="Walk",
            classification="ipc",
            source="Test",
            published_on=datetime.date(2024, 1, 1),
            period_type="current",
            content=GOOD_HXL,
        ),
    }


def walk(request: pytest.FixtureRequest) -> Walked:
    """Every public monitoring service as a call, and who may be named as the actor (any if none)."""
    world = request.getfixturevalue("world")
    admin = request.getfixturevalue("admin")
    return calls(world, admin), (admin,)
