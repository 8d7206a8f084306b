"""The allocation services, each called once for the audit walk (tests/test_services_audit.py)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from sunbula.allocation import services
from sunbula.allocation.models import AllocationProposal
from tests.allocation.scenario import june_cycle
from tests.audit import Walked


def walk(request: pytest.FixtureRequest) -> Walked:
    world = request.getfixturevalue("world")
    admin = request.getfixturevalue("admin")
    officer = request.getfixturevalue("officer_afg")
    cycle = june_cycle(request.getfixturevalue("field"), world)

    def proposed() -> AllocationProposal:
        return services.proposal_create(
            actor=officer, cycle=cycle, mode="caseload", floor_kcal=1680
        )

    def approved() -> AllocationProposal:
        return services.proposal_approve(actor=admin, proposal=proposed())

    calls: dict[str, Callable[[], Any]] = {
        "proposal_create": proposed,
        "proposal_line_adjust": lambda: services.proposal_line_adjust(
            actor=officer,
            line=proposed().lines.first(),
            kg=Decimal(10),  # type: ignore[arg-type]
        ),
        "proposal_approve": approved,
        "proposal_reject": lambda: services.proposal_reject(actor=admin, proposal=proposed()),
        "proposal_apply": lambda: services.proposal_apply(actor=admin, proposal=approved()),
    }
    return calls, (admin, officer)
