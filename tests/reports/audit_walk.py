"""The reports services, each called once for the audit walk (tests/test_services_audit.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from sunbula.core import jobs
from sunbula.core.models import User
from sunbula.reports import services
from sunbula.reports.models import ReportRun
from tests.audit import Walked
from tests.conftest import World
from tests.reports.kazakh_flour import kazakh_flour


def _run(actor: User, *, claimed: bool) -> ReportRun:
    run = services.report_request(actor=actor, kind="governing_body", language="en", year=2023)
    if claimed:
        jobs.claim(ReportRun, run.pk)
    return run


def calls(world: World, actor: User) -> dict[str, Callable[[], Any]]:
    pledge = kazakh_flour(world)
    finishing = _run(actor, claimed=True)
    failing = _run(actor, claimed=True)
    return {
        "report_request": lambda: services.report_request(
            actor=actor, kind="donor", language="ar", donor=pledge.donor, pledge=pledge
        ),
        "report_complete": lambda: services.report_complete(
            actor=actor,
            run=finishing,
            stored_name="0" * 32,
            data_as_of=timezone.now(),
            digests={"pdf_sha256": "0" * 64},
        ),
        "report_fail": lambda: services.report_fail(actor=actor, run=failing, error="stopped"),
    }


def walk(request: pytest.FixtureRequest) -> Walked:
    """Every public reports service as a call, and who may be named as the actor (any if none)."""
    world = request.getfixturevalue("world")
    officer_afg = request.getfixturevalue("officer_afg")
    return calls(world, officer_afg), (officer_afg,)
