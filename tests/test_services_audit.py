"""Every public service of every domain writes an audit entry naming what it changed.

Each domain's walk (tests/<domain>/audit_walk.py) calls each of its services once; a new
service must join its domain's walk, or the test of its domain fails.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Model

from sunbula.allocation import services as allocation
from sunbula.assistance import services as assistance
from sunbula.core import services as core
from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms import services as fieldforms
from sunbula.forecasting import services as forecasting
from sunbula.funding import services as funding
from sunbula.learning import services as learning
from sunbula.monitoring import services as monitoring
from sunbula.partners import services as partners
from sunbula.policy import services as policy
from sunbula.programmes import services as programmes
from sunbula.registry import services as registry
from sunbula.reports import services as reports
from sunbula.supply import services as supply
from tests.allocation import audit_walk as allocation_walk
from tests.assistance import audit_walk as assistance_walk
from tests.audit import Walked
from tests.core import audit_walk as core_walk
from tests.fieldforms import audit_walk as fieldforms_walk
from tests.forecasting import audit_walk as forecasting_walk
from tests.funding import audit_walk as funding_walk
from tests.learning import audit_walk as learning_walk
from tests.monitoring import audit_walk as monitoring_walk
from tests.partners import audit_walk as partners_walk
from tests.policy import audit_walk as policy_walk
from tests.programmes import audit_walk as programmes_walk
from tests.registry import audit_walk as registry_walk
from tests.reports import audit_walk as reports_walk
from tests.supply import audit_walk as supply_walk

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Domain:
    services: ModuleType
    walk: Callable[[pytest.FixtureRequest], Walked]
    # The action prefixes a service's entries carry.
    prefixes: tuple[str, ...]
    # Whether every new entry must carry a prefix and an object (or one entry is enough).
    each_entry: bool = True


DOMAINS = {
    "core": Domain(core, core_walk.walk, ("core.",)),
    "registry": Domain(registry, registry_walk.walk, ("registry.",)),
    "partners": Domain(partners, partners_walk.walk, ("partners.",)),
    "programmes": Domain(programmes, programmes_walk.walk, ("programmes.",)),
    "funding": Domain(funding, funding_walk.walk, ("funding.",)),
    "learning": Domain(learning, learning_walk.walk, ("learning.",)),
    "supply": Domain(supply, supply_walk.walk, ("supply.",)),
    # Assistance services also report actuals to programmes: one of their entries suffices.
    "assistance": Domain(
        assistance, assistance_walk.walk, ("assistance.", "programmes."), each_entry=False
    ),
    # Applying a proposal drafts waybills (supply) and changes entitlements (assistance).
    "allocation": Domain(
        allocation,
        allocation_walk.walk,
        ("allocation.", "supply.", "assistance."),
        each_entry=False,
    ),
    "policy": Domain(policy, policy_walk.walk, ("policy.",)),
    "monitoring": Domain(monitoring, monitoring_walk.walk, ("monitoring.",)),
    "reports": Domain(reports, reports_walk.walk, ("reports.",)),
    "forecasting": Domain(forecasting, forecasting_walk.walk, ("forecasting.",)),
    # A submission is applied through its purpose's services: one entry of its own suffices.
    "fieldforms": Domain(fieldforms, fieldforms_walk.walk, ("fieldforms.",), each_entry=False),
}


def public_services(services: ModuleType) -> set[str]:
    return {
        name
        for name, function in inspect.getmembers(services, inspect.isfunction)
        if function.__module__.startswith(services.__name__) and not name.startswith("_")
    }


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploaded documents and imports go to a folder of the test's own."""
    settings.VAR_DIR = tmp_path


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_service_writes_an_audit_entry(
    domain: str, request: pytest.FixtureRequest, subtests: pytest.Subtests
) -> None:
    """The domain's set-up is made once; each service then runs on it in a savepoint of its
    own, rolled back after, so no call sees what another one changed."""
    spec = DOMAINS[domain]
    calls, actors = spec.walk(request)
    with subtests.test("every service is walked"):
        assert public_services(spec.services) == set(calls)
    # What a call changes on the records it holds (a deleted record's id, a new shelf life)
    # is undone in memory as well before the next call.
    held = [(record, copy.copy(record)) for record in _records(list(calls.values()), set())]
    for name in sorted(calls):
        for record, as_built in held:
            record.__dict__.clear()
            record.__dict__.update(copy.copy(as_built).__dict__)
        with subtests.test(name), transaction.atomic():
            _writes_an_audit_entry(spec, name, calls[name], actors)
            transaction.set_rollback(True)


def _records(value: object, seen: set[int]) -> Iterator[Model]:
    """The records a walk's calls hold: through their closures, the set-up's dataclasses,
    containers and each record's cached related records."""
    if id(value) in seen:
        return
    seen.add(id(value))
    inner: Iterable[object] = ()
    if isinstance(value, Model):
        yield value
        inner = value._state.fields_cache.values()
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = [getattr(value, field.name) for field in dataclasses.fields(value)]
    elif isinstance(value, list | tuple | set | frozenset):
        inner = value
    elif isinstance(value, dict):
        inner = value.values()
    elif inspect.isfunction(value):
        inner = [cell.cell_contents for cell in value.__closure__ or ()]
    for item in inner:
        yield from _records(item, seen)


def _writes_an_audit_entry(
    spec: Domain, name: str, call: Callable[[], Any], actors: tuple[User, ...]
) -> None:
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    call()
    new = list(AuditEntry.objects.filter(id__gt=before).order_by("-id"))
    assert new, f"{name} wrote no audit entry"
    if not spec.each_entry:
        actions = [entry.action for entry in new]
        assert any(action.startswith(spec.prefixes) for action in actions), actions
        return
    for entry in new:
        assert entry.action.startswith(spec.prefixes), entry.action
        assert entry.object_repr
        if actors:
            assert entry.actor in actors
