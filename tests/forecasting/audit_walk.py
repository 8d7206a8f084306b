"""The forecasting services, each called once for the audit walk (tests/test_services_audit.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from sunbula.core.models import User
from sunbula.forecasting import services
from tests.audit import Walked
from tests.conftest import World


def calls(world: World, admin: User) -> dict[str, Callable[[], Any]]:
    return {
        "forecast_run": lambda: services.forecast_run(
            actor=admin, country=world.afghanistan, as_of=datetime.date(2024, 1, 1), draws=100
        ),
        "break_threshold_set": lambda: services.break_threshold_set(
            actor=admin, user=admin, programme=None, probability=Decimal("0.3")
        ),
    }


def walk(request: pytest.FixtureRequest) -> Walked:
    """Every public forecasting service as a call, and who may be named as the actor."""
    world = request.getfixturevalue("world")
    admin = request.getfixturevalue("admin")
    return calls(world, admin), (admin,)
