"""Per commodity, received = on hand + in transit + distributed + lost (+ count adjustments),
no balance is ever negative, and each balance equals the sum of its movements — after any
sequence of receipts, dispatches, receipts with losses, distributions, losses and counts.

Hypothesis draws the sequences; refused steps must leave nothing behind.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sunbula.core.errors import DomainError
from sunbula.core.models import AuditEntry, User
from sunbula.supply import services
from sunbula.supply.models import (
    Commodity,
    Lot,
    MovementKind,
    StockBalance,
    StockMovement,
    Waybill,
    WaybillLine,
)
from sunbula.supply.services import CountedLine, LineInput, ReceivedLine
from tests.conftest import World
from tests.supply.conftest import Stock

pytestmark = pytest.mark.django_db

D = datetime.date(2024, 1, 1)
ZERO = Decimal(0)

kilos = st.integers(min_value=-5, max_value=800).map(Decimal)
picks = st.integers(min_value=0, max_value=30)
operations = st.one_of(
    st.tuples(st.just("receive"), picks, picks, kilos),
    st.tuples(st.just("dispatch"), picks, picks, picks, kilos),
    st.tuples(st.just("arrive"), picks, st.integers(min_value=0, max_value=100)),
    st.tuples(st.just("distribute"), picks, picks, kilos),
    st.tuples(st.just("lose"), picks, picks, kilos),
    st.tuples(st.just("count"), picks, picks, kilos),
)


def _pick(items: list[Any], index: int) -> Any:
    return items[index % len(items)]


def _apply(
    step: tuple[Any, ...], sites: list[Any], commodities: list[Commodity], actors: list[User]
) -> None:
    admin, approver = actors
    kind = step[0]
    lots = list(Lot.objects.order_by("pk"))
    if kind == "receive":
        services.lot_receive(
            actor=admin,
            site=_pick(sites, step[1]),
            commodity=_pick(commodities, step[2]),
            quantity=step[3],
            received_on=D,
            reference="GRN",
        )
    elif kind == "dispatch":
        origin, destination = _pick(sites, step[1]), _pick(sites, step[2])
        if origin == destination:
            return
        waybill = services.waybill_create(
            actor=admin,
            origin=origin,
            destination=destination,
            lines=[LineInput(lot=_pick(lots, step[3]), quantity=step[4])],
        )
        services.waybill_dispatch(actor=admin, waybill=waybill, dispatched_on=D)
    elif kind == "arrive":
        waybills = list(Waybill.objects.filter(status=Waybill.Status.DISPATCHED).order_by("pk"))
        if not waybills:
            return
        waybill = _pick(waybills, step[1])
        line = waybill.lines.get()
        received = (line.quantity * step[2] / 100).quantize(Decimal("0.001"))
        services.waybill_receive(
            actor=admin,
            waybill=waybill,
            received_on=D,
            lines=[
                ReceivedLine(
                    line=line,
                    received_quantity=received,
                    loss_cause="transport_damage",
                    loss_stage="before_custody",
                )
            ],
        )
    elif kind == "distribute":
        services.stock_distribute(
            actor=admin,
            site=_pick(sites, step[1]),
            lot=_pick(lots, step[2]),
            quantity=step[3],
            reference="DIST",
        )
    elif kind == "lose":
        services.stock_loss_record(
            actor=admin,
            site=_pick(sites, step[1]),
            lot=_pick(lots, step[2]),
            quantity=step[3],
            reference="LOSS",
            cause="spoilage",
        )
    elif kind == "count":
        count = services.stock_count_record(
            actor=admin,
            site=_pick(sites, step[1]),
            counted_on=D,
            reason="Quarterly count",
            lines=[CountedLine(lot=_pick(lots, step[2]), counted_quantity=step[3])],
        )
        services.stock_count_approve(actor=approver, count=count)


def _sum(rows: QuerySet[Any]) -> Decimal:
    """Added up in Python: SQLite's SUM of decimals is a float and may miss by 1e-16."""
    return sum(rows.values_list("quantity", flat=True), ZERO)


def _total(kind: str, commodity: Commodity) -> Decimal:
    return _sum(StockMovement.objects.filter(kind=kind, lot__commodity=commodity))


def _check_the_ledger(commodities: list[Commodity]) -> None:
    for balance in StockBalance.objects.all():
        assert balance.quantity >= 0
        movements = StockMovement.objects.filter(site=balance.site, lot=balance.lot)
        assert balance.quantity == _sum(movements)
    for commodity in commodities:
        received = _total(MovementKind.RECEIPT, commodity)
        adjusted = _total(MovementKind.ADJUSTMENT, commodity)
        on_hand = _sum(StockBalance.objects.filter(lot__commodity=commodity))
        in_transit = _sum(
            WaybillLine.objects.filter(
                lot__commodity=commodity, waybill__status=Waybill.Status.DISPATCHED
            )
        )
        distributed = -_total(MovementKind.DISTRIBUTION, commodity)
        lost = -_total(MovementKind.LOSS, commodity)
        assert received + adjusted == on_hand + in_transit + distributed + lost, commodity.code


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(operations, min_size=1, max_size=14))
@example(
    steps=[
        ("receive", 0, 0, Decimal(300)),
        ("dispatch", 0, 1, 2, Decimal(200)),
        ("arrive", 0, 90),
        ("distribute", 1, 2, Decimal(50)),
        ("lose", 0, 2, Decimal(10)),
        ("count", 0, 2, Decimal(30)),
        ("dispatch", 0, 2, 2, Decimal(30)),
    ]
)
def test_the_ledger_always_adds_up(
    steps: list[tuple[Any, ...]], world: World, stock: Stock, admin: User, officer_afg: User
) -> None:
    sites = [world.kabul_warehouse, stock.herat_centre, world.almaty_warehouse]
    seed = services.commodity_upsert(
        actor=None, code="WHEAT-SEED", name="Wheat seed", category="inputs", base_unit="kg"
    )
    commodities = [stock.flour, seed]
    with transaction.atomic():
        for step in steps:
            entries = AuditEntry.objects.count()
            movements = StockMovement.objects.count()
            try:
                with transaction.atomic():
                    _apply(step, sites, commodities, [admin, officer_afg])
            except (ValidationError, DomainError):
                assert AuditEntry.objects.count() == entries, f"{step} left a trace"
                assert StockMovement.objects.count() == movements, f"{step} moved stock"
            _check_the_ledger(commodities)
        transaction.set_rollback(True)
