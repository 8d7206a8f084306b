"""What the model is told of a cycle's routes and lots: a delivery that takes a month on the
road reaches the cycle's first month when it can leave before the cycle starts, and flour
still good after the cycle is not counted as left to expire."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from sunbula.allocation import services
from sunbula.assistance.models import Cycle
from sunbula.core import services as core_services
from sunbula.core.models import User
from sunbula.supply import services as supply
from tests.allocation.scenario import june_cycle
from tests.conftest import Field, World

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def cycle(field: Field, world: World) -> Cycle:
    """June 2024 in Herat, fed from Kabul: about 850 km by road, a month on the road as the
    model counts it; 10 t more flour in Kabul, good until May 2025."""
    core_services.site_update(
        actor=None,
        site=world.kabul_warehouse,
        latitude=Decimal("34.53"),
        longitude=Decimal("69.17"),
    )
    core_services.site_update(
        actor=None, site=field.centre, latitude=Decimal("34.35"), longitude=Decimal("62.20")
    )
    cycle = june_cycle(field, world)
    supply.lot_receive(
        actor=None,
        site=world.kabul_warehouse,
        commodity=field.flour,
        quantity=Decimal(10000),
        received_on=D(2024, 5, 2),
        reference="GRN-KBL-2",
        lot_reference="LOT-KBL-2",
        expires_on=D(2025, 5, 1),
    )
    return cycle


def test_stock_sent_before_the_cycle_starts_feeds_its_first_month(
    cycle: Cycle, officer_afg: User
) -> None:
    with time_machine.travel(datetime.datetime(2024, 5, 8, 9, tzinfo=datetime.UTC), tick=False):
        proposal = services.proposal_create(
            actor=officer_afg, cycle=cycle, mode="caseload", floor_kcal=1680
        )
    assert proposal.lines.filter(month=0).exists()
    assert proposal.explanation["outcome"]["person_days"] > 0


def test_a_month_on_the_road_from_the_first_day_misses_the_first_month(
    cycle: Cycle, officer_afg: User
) -> None:
    with time_machine.travel(datetime.datetime(2024, 6, 1, 9, tzinfo=datetime.UTC), tick=False):
        proposal = services.proposal_create(
            actor=officer_afg, cycle=cycle, mode="caseload", floor_kcal=1680
        )
    assert not proposal.lines.exists()


def test_flour_good_after_the_cycle_is_not_left_to_expire(cycle: Cycle, officer_afg: User) -> None:
    with time_machine.travel(datetime.datetime(2024, 5, 8, 9, tzinfo=datetime.UTC), tick=False):
        proposal = services.proposal_create(
            actor=officer_afg, cycle=cycle, mode="caseload", floor_kcal=1680
        )
    # Only the Herat centre's two lots, expired before June, are lost: 1,200 kg.
    assert proposal.explanation["outcome"]["expired_kg"] == pytest.approx(1200)
