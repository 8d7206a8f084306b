"""The trace of one lot accounts for every kilogram: handed out where it was received, lost
in store, still on hand, and the people it reached by sex, age group and displacement."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.assistance import services
from sunbula.assistance.selectors import lot_trace
from sunbula.core import services as services_core
from sunbula.core.models import User
from sunbula.supply import services as supply_services
from tests.conftest import Field, World, client_for, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_lot_trace_adds_up_and_counts_people(field: Field, admin: User) -> None:
    services.distribution_record(
        actor=None,
        entitlement=ready(field.cycle),
        site=field.centre,
        quantity=Decimal(50),
        distributed_on=D(2023, 6, 2),
    )
    supply_services.stock_loss_record(
        actor=None,
        site=field.centre,
        lot=field.early_lot,
        quantity=Decimal(10),
        reference="LOSS-1",
        cause="spoilage",
    )
    trace = lot_trace(user=admin, lot_id=field.early_lot.pk)
    assert trace.received == Decimal(200)
    assert trace.distributed_at_origin == Decimal(50)
    assert trace.lost_in_store == Decimal(10)
    assert trace.in_stock_at_origin == Decimal(140)
    assert (trace.people, trace.females, trace.males) == (3, 2, 1)
    assert (trace.children, trace.adults) == (1, 2)
    assert trace.by_displacement == {"idp": 3}
    data = client_for(admin).get(f"/api/v1/trace/lots/{field.early_lot.pk}/").json()
    assert data["lost_in_store"] == "10.000"
    assert data["people_reached"]["by_sex"] == {"female": 2, "male": 1, "not_recorded": 0}
    untouched = lot_trace(user=admin, lot_id=field.late_lot.pk)
    assert (untouched.distributed, untouched.people) == (Decimal(0), 0)


def test_a_cancelled_waybill_moved_nothing_so_the_trace_leaves_it_out(
    world: World, field: Field, admin: User
) -> None:
    store = services_core.site_create(
        actor=None, name="Herat store", kind="warehouse", country=world.afghanistan
    )
    supply_services.stock_site_register(actor=None, site=store, capacity=Decimal(100000))
    mistaken = supply_services.waybill_create(
        actor=None,
        origin=field.centre,
        destination=store,
        lines=[supply_services.LineInput(lot=field.early_lot, quantity=Decimal(150))],
    )
    supply_services.waybill_cancel(actor=None, waybill=mistaken, reason="wrong lot")
    trace = lot_trace(user=admin, lot_id=field.early_lot.pk)
    assert (trace.dispatched, trace.in_transit, trace.lost_in_store) == (0, 0, 0)
    assert trace.in_stock_at_origin == Decimal(200)
    data = client_for(admin).get(f"/api/v1/trace/lots/{field.early_lot.pk}/").json()
    assert (data["dispatched"], data["lost"]) == ("0.000", "0.000")
