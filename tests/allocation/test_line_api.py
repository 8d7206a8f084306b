"""Adjusting a proposal line through the API: the quantity is the one field it takes, and a
body without it is refused naming it, never a server error."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from sunbula.allocation import services
from sunbula.assistance.models import Cycle
from sunbula.core.models import User
from tests.allocation.scenario import june_cycle
from tests.conftest import Field, World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(field: Field, world: World) -> Cycle:
    return june_cycle(field, world)


@pytest.mark.parametrize("body", [{}, {"lot": 1}, {"site": 1, "month": 2}])
def test_a_body_without_the_quantity_is_refused_naming_it(
    cycle: Cycle, officer_afg: User, body: dict[str, int]
) -> None:
    proposal = services.proposal_create(
        actor=officer_afg, cycle=cycle, mode="caseload", floor_kcal=1680
    )
    line = proposal.lines.get()
    client = client_for(officer_afg)
    address = f"/api/v1/allocation/lines/{line.pk}/"
    answer = client.patch(address, json.dumps(body), content_type="application/json")
    assert answer.status_code == 400
    assert "kg" in answer.json()
    line.refresh_from_db()
    assert (line.lot_id, line.kg) == (proposal.lines.get().lot_id, Decimal(300))
    kept = client.patch(address, json.dumps({"kg": "250"}), content_type="application/json")
    assert kept.status_code == 200 and kept.json()["kg"] == "250.000"
