"""Every service in reports.services writes an audit entry; a new service must join this walk."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from sunbula.core.models import AuditEntry, User
from sunbula.reports import services
from sunbula.reports.models import ReportRun
from tests.conftest import World
from tests.reports.kazakh_flour import kazakh_flour

pytestmark = pytest.mark.django_db


def _run(actor: User, *, claimed: bool) -> ReportRun:
    run = services.report_request(actor=actor, kind="governing_body", language="en", year=2023)
    if claimed:
        services.report_claim(actor=actor, run=run)
    return run


def _calls(world: World, actor: User) -> dict[str, Callable[[], Any]]:
    pledge = kazakh_flour(world)
    waiting = _run(actor, claimed=False)
    running = _run(actor, claimed=True)
    finishing = _run(actor, claimed=True)
    failing = _run(actor, claimed=True)
    return {
        "report_request": lambda: services.report_request(
            actor=actor, kind="donor", language="ar", donor=pledge.donor, pledge=pledge
        ),
        "report_claim": lambda: services.report_claim(actor=actor, run=waiting),
        "report_progress": lambda: services.report_progress(actor=actor, run=running, percent=40),
        "report_complete": lambda: services.report_complete(
            actor=actor,
            run=finishing,
            stored_name="0" * 32,
            data_as_of=timezone.now(),
            digests={"pdf_sha256": "0" * 64},
        ),
        "report_fail": lambda: services.report_fail(actor=actor, run=failing, error="stopped"),
    }


def public_services() -> set[str]:
    return {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }


def test_every_service_is_walked(world: World, officer_afg: User) -> None:
    assert public_services() == set(_calls(world, officer_afg))


@pytest.mark.parametrize("name", sorted(public_services()))
def test_service_writes_an_audit_entry(name: str, world: World, officer_afg: User) -> None:
    call = _calls(world, officer_afg)[name]
    before = AuditEntry.objects.count()
    call()
    new = AuditEntry.objects.order_by("-id")[: AuditEntry.objects.count() - before]
    assert len(new) >= 1, f"{name} wrote no audit entry"
    for entry in new:
        assert entry.action.startswith("reports."), entry.action
        assert entry.actor == officer_afg
        assert entry.object_repr
