"""Two clerks dispatch from the same balance at once, on real separate PostgreSQL connections:
together they ask for more than there is, so exactly one succeeds and the other is told why.

SQLite serialises every writer for the whole database, so the race only exists on
PostgreSQL; the PostgreSQL pass of the test suite always runs this test.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from sunbula.core.models import User
from sunbula.supply import services
from sunbula.supply.models import StockBalance, StockMovement, Waybill
from sunbula.supply.services import LineInput, StockShort
from tests.conftest import World
from tests.supply.conftest import D, Stock

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs row locks on separate connections"
    ),
]


def test_only_one_of_two_overdrawing_dispatches_succeeds(
    world: World, stock: Stock, admin: User
) -> None:
    waybills = [
        services.waybill_create(
            actor=admin,
            origin=world.kabul_warehouse,
            destination=stock.herat_centre,
            lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(600), packages=12)],
        )
        for _ in range(2)
    ]
    start = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[str] = []

    def dispatch(waybill: Waybill) -> None:
        try:
            start.wait()
            services.waybill_dispatch(actor=admin, waybill=waybill, dispatched_on=D(2023, 6, 1))
            outcomes.append("dispatched")
        except StockShort as short:
            outcomes.append("refused")
            errors.append(str(short))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=dispatch, args=(waybill,)) for waybill in waybills]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["dispatched", "refused"]
    assert "Only \u2068400 kg\u2069 of lot LOT-KBL-1 are left" in errors[0]
    balance = StockBalance.objects.get(site=world.kabul_warehouse, lot=stock.kabul_lot)
    assert balance.quantity == Decimal(400)
    assert StockMovement.objects.filter(kind="dispatch").count() == 1
    statuses = sorted(Waybill.objects.values_list("status", flat=True))
    assert statuses == ["dispatched", "draft"]
