"""An IPC import writes one audit entry per changed row.

That every service writes an audit entry is walked in tests/test_services_audit.py."""

from __future__ import annotations

import pytest

from sunbula.core.models import AuditEntry, User
from tests.conftest import World
from tests.monitoring.audit_walk import calls

pytestmark = pytest.mark.django_db


def test_the_import_records_one_entry_per_changed_row(world: World, admin: User) -> None:
    calls(world, admin)["situation_dataset_import"]()
    actions = sorted(
        AuditEntry.objects.values_list("action", flat=True).filter(action__startswith="monitoring.")
    )
    assert actions == [
        "monitoring.phasepopulation.created",
        "monitoring.phasepopulation.created",
        "monitoring.situationdataset.created",
        "monitoring.situationdataset.imported",
    ]
