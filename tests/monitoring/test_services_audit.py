"""Every service in monitoring.services writes an audit entry; a new service must join this walk."""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable
from typing import Any

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.monitoring import services
from tests.conftest import World
from tests.monitoring.conftest import GOOD_HXL

pytestmark = pytest.mark.django_db


def _calls(world: World, admin: User) -> dict[str, Callable[[], Any]]:
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


def public_services() -> set[str]:
    return {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__ == services.__name__ and not name.startswith("_")
    }


def test_every_service_is_walked(world: World, admin: User) -> None:
    assert public_services() == set(_calls(world, admin))


@pytest.mark.parametrize("name", sorted(public_services()))
def test_service_writes_an_audit_entry(name: str, world: World, admin: User) -> None:
    before = AuditEntry.objects.count()
    _calls(world, admin)[name]()
    new = list(AuditEntry.objects.order_by("-id")[: AuditEntry.objects.count() - before])
    assert new, f"{name} wrote no audit entry"
    for entry in new:
        assert entry.action.startswith("monitoring."), entry.action
        assert entry.actor == admin
        assert entry.object_repr


def test_the_import_records_one_entry_per_changed_row(world: World, admin: User) -> None:
    _calls(world, admin)["situation_dataset_import"]()
    actions = sorted(
        AuditEntry.objects.values_list("action", flat=True).filter(action__startswith="monitoring.")
    )
    assert actions == [
        "monitoring.phasepopulation.created",
        "monitoring.phasepopulation.created",
        "monitoring.situationdataset.created",
        "monitoring.situationdataset.imported",
    ]
