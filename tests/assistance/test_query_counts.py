"""List pages read a fixed number of queries however many cycles or beneficiaries there are."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.assistance import services
from sunbula.assistance.models import RationKind
from sunbula.core.models import User
from tests.conftest import Field, World, client_for, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def _count(client: object, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)  # type: ignore[attr-defined]
        assert response.status_code == 200
    return len(queries)


def test_the_cycle_list_and_detail_are_pinned(field: Field, world: World, admin: User) -> None:
    ready(field.cycle)
    client = client_for(admin)
    list_queries = _count(client, "/en/assistance/")
    detail_queries = _count(client, f"/en/assistance/cycles/{field.cycle.pk}/")
    for number in range(3):
        services.cycle_create(
            actor=None,
            project=field.projects.flour,
            country=world.afghanistan,
            name=f"More {number}",
            period_start=D(2023, 7, 1),
            period_end=D(2023, 7, 30),
            ration_kind=RationKind.PER_PERSON_DAY,
        )
    services.beneficiary_add(actor=None, cycle=field.cycle, institution=field.institution)
    assert _count(client, "/en/assistance/") == list_queries
    assert _count(client, f"/en/assistance/cycles/{field.cycle.pk}/") == detail_queries
    assert list_queries <= 12
