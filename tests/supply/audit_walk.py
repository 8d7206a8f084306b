"""The supply services, each called once for the audit walk (tests/test_services_audit.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from sunbula.core.models import Role, User
from sunbula.supply import services
from sunbula.supply.models import PurchaseOrder, Waybill
from sunbula.supply.services import CountedLine, LineInput, ReceivedLine
from tests.audit import Walked
from tests.conftest import World, in_kind_payment, make_persona
from tests.supply.conftest import D, Stock, make_stock
from tests.supply.purchases import Cash, make_cash


def _waybill(world: World, stock: Stock, actor: User, status: str) -> Waybill:
    waybill = services.waybill_create(
        actor=actor,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(100))],
    )
    if status == "draft":
        return waybill
    services.waybill_dispatch(actor=actor, waybill=waybill, dispatched_on=D(2023, 6, 1))
    if status == "dispatched":
        return waybill
    services.waybill_receive(
        actor=actor,
        waybill=waybill,
        received_on=D(2023, 6, 2),
        lines=[ReceivedLine(waybill.lines.get(), Decimal(90), "theft", "before_custody")],
    )
    return waybill


def _purchase(cash: Cash, actor: User) -> PurchaseOrder:
    return services.purchase_order_create(
        actor=actor,
        supplier=cash.supplier,
        payment=cash.payment,
        commodity=cash.seed,
        quantity=Decimal(1),
        unit="t",
        unit_price=Decimal(500),
        currency=cash.usd,
        ordered_on=D(2024, 4, 1),
    )


def calls(world: World, stock: Stock, admin: User, other: User) -> dict[str, Callable[[], Any]]:
    draft = _waybill(world, stock, admin, "draft")
    dispatched = _waybill(world, stock, admin, "dispatched")
    received = _waybill(world, stock, admin, "received")
    closable = _waybill(world, stock, admin, "received")
    services.waybill_loss_approve(actor=other, line=closable.lines.get())
    count = services.stock_count_record(
        actor=admin,
        site=world.kabul_warehouse,
        counted_on=D(2023, 9, 30),
        reason="count",
        lines=[CountedLine(stock.kabul_lot, Decimal(10))],
    )
    mistaken = services.stock_count_record(
        actor=admin,
        site=world.kabul_warehouse,
        counted_on=D(2023, 9, 30),
        reason="count",
        lines=[CountedLine(stock.kabul_lot, Decimal(100_000))],
    )
    payment = in_kind_payment(world)
    expired = services.lot_receive(
        actor=admin,
        site=world.kabul_warehouse,
        commodity=stock.flour,
        quantity=Decimal(20),
        received_on=D(2023, 1, 2),
        reference="GRN-OLD",
        expires_on=D(2023, 3, 1),
    )
    writeoff = services.expiry_writeoff_request(
        actor=admin, site=world.kabul_warehouse, lot=expired, quantity=Decimal(10)
    )
    cash = make_cash(world)
    orders = [_purchase(cash, admin) for _ in range(4)]
    for order in orders[2:]:
        services.purchase_order_place(actor=admin, order=order)
    wrong_origin = _waybill(world, stock, admin, "draft")
    make_persona(
        "logistics.afg@example.org", Role.LOGISTICS_OFFICER, world.iofs, [world.afghanistan]
    )
    services.lot_receive(
        actor=None,
        site=world.kabul_warehouse,
        commodity=stock.flour,
        quantity=Decimal(100),
        received_on=D(2023, 5, 20),
        reference="GRN-KBL-EXP",
        lot_reference="LOT-KBL-EXP",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    return {
        "commodity_create": lambda: services.commodity_create(
            actor=admin, code="DAP", name="Diammonium phosphate", category="inputs"
        ),
        "commodity_update": lambda: services.commodity_update(
            actor=admin, commodity=stock.flour, shelf_life_days=180
        ),
        "stock_site_update": lambda: services.stock_site_update(
            actor=admin,
            stock_site=stock.herat_centre.stock_keeping,
            capacity=Decimal(7),
        ),
        "purchase_order_create": lambda: _purchase(cash, admin),
        "purchase_order_update": lambda: services.purchase_order_update(
            actor=admin, order=orders[0], quantity=Decimal(2)
        ),
        "purchase_order_place": lambda: services.purchase_order_place(actor=admin, order=orders[1]),
        "purchase_order_cancel": lambda: services.purchase_order_cancel(
            actor=admin, order=orders[2], reason="wrong supplier"
        ),
        "goods_receive": lambda: services.goods_receive(
            actor=admin,
            order=orders[3],
            site=world.kabul_warehouse,
            quantity=Decimal(1),
            received_on=D(2024, 4, 20),
            reference="GRN-P",
        ),
        "waybill_update": lambda: services.waybill_update(
            actor=admin, waybill=wrong_origin, vehicle="KBL 1234"
        ),
        "waybill_cancel": lambda: services.waybill_cancel(
            actor=admin, waybill=draft, reason="wrong origin"
        ),
        "stock_expiry_notify": lambda: services.stock_expiry_notify(actor=admin),
        "commodity_upsert": lambda: services.commodity_upsert(
            actor=admin, code="UREA", name="Urea", category="inputs"
        ),
        "stock_site_register": lambda: services.stock_site_register(
            actor=admin, site=world.kabul_warehouse, capacity=Decimal(5)
        ),
        "lot_receive": lambda: services.lot_receive(
            actor=admin,
            site=world.kabul_warehouse,
            commodity=stock.flour,
            quantity=Decimal(5),
            received_on=D(2023, 1, 1),
            reference="GRN",
        ),
        "lot_receive_contribution": lambda: services.lot_receive_contribution(
            actor=admin,
            payment=payment,
            site=world.kabul_warehouse,
            received_on=D(2023, 5, 20),
            reference="GRN",
        ),
        "stock_distribute": lambda: services.stock_distribute(
            actor=admin,
            site=world.kabul_warehouse,
            lot=stock.kabul_lot,
            quantity=Decimal(5),
            reference="D-1",
        ),
        "stock_loss_record": lambda: services.stock_loss_record(
            actor=admin,
            site=world.kabul_warehouse,
            lot=stock.kabul_lot,
            quantity=Decimal(5),
            reference="L-1",
            cause="spoilage",
        ),
        "waybill_create": lambda: _waybill(world, stock, admin, "draft"),
        "waybill_dispatch": lambda: services.waybill_dispatch(
            actor=admin, waybill=draft, dispatched_on=D(2023, 6, 1)
        ),
        "waybill_receive": lambda: services.waybill_receive(
            actor=admin,
            waybill=dispatched,
            received_on=D(2023, 6, 2),
            lines=[ReceivedLine(dispatched.lines.get(), Decimal(100))],
        ),
        "waybill_loss_approve": lambda: services.waybill_loss_approve(
            actor=other, line=received.lines.get()
        ),
        "waybill_close": lambda: services.waybill_close(actor=admin, waybill=closable),
        "stock_count_record": lambda: services.stock_count_record(
            actor=admin,
            site=world.kabul_warehouse,
            counted_on=D(2023, 9, 30),
            reason="count",
            lines=[CountedLine(stock.kabul_lot, Decimal(1))],
        ),
        "stock_count_approve": lambda: services.stock_count_approve(actor=other, count=count),
        "stock_count_reject": lambda: services.stock_count_reject(
            actor=other, count=mistaken, reason="Mistyped"
        ),
        "stock_distribution_return": lambda: services.stock_distribution_return(
            actor=admin,
            site=world.kabul_warehouse,
            lot=stock.kabul_lot,
            quantity=Decimal(5),
            reference="R-1",
        ),
        "stock_distribute_many": lambda: services.stock_distribute_many(
            actor=admin,
            site=world.kabul_warehouse,
            taken={stock.kabul_lot.pk: Decimal(2)},
            reference="LIST-2",
        ),
        "expiry_writeoff_request": lambda: services.expiry_writeoff_request(
            actor=admin, site=world.kabul_warehouse, lot=expired, quantity=Decimal(5)
        ),
        "expiry_writeoff_approve": lambda: services.expiry_writeoff_approve(
            actor=other, writeoff=writeoff
        ),
    }


def walk(request: pytest.FixtureRequest) -> Walked:
    """Every public supply service as a call, and who may be named as the actor (any if none)."""
    world = request.getfixturevalue("world")
    admin = request.getfixturevalue("admin")
    stock, other = make_stock(world), request.getfixturevalue("officer_afg")
    return calls(world, stock, admin, other), ()
