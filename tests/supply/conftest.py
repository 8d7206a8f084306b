"""Stock-keeping sites, wheat flour and a received lot, made through the services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from sunbula.core import services as core_services
from sunbula.core.models import Site
from sunbula.supply import services
from sunbula.supply.models import Commodity, Lot
from tests.conftest import World, flour_upsert

D = datetime.date


@dataclass
class Stock:
    flour: Commodity
    herat_centre: Site
    kabul_lot: Lot
    almaty_lot: Lot


def make_stock(world: World) -> Stock:
    flour = flour_upsert()
    herat_centre = core_services.site_create(
        actor=None,
        name="Herat drug-treatment centre",
        name_translations={"ar": "مركز علاج الإدمان في هرات"},
        kind="treatment_centre",
        country=world.afghanistan,
        admin_area=world.hirat,
    )
    for site in (world.kabul_warehouse, world.almaty_warehouse, herat_centre):
        services.stock_site_register(actor=None, site=site, capacity=Decimal(100000))
    kabul_lot = services.lot_receive(
        actor=None,
        site=world.kabul_warehouse,
        commodity=flour,
        quantity=Decimal(1000),
        received_on=D(2023, 5, 20),
        reference="GRN-KBL-1",
        expires_on=D(2024, 5, 19),
        lot_reference="LOT-KBL-1",
    )
    almaty_lot = services.lot_receive(
        actor=None,
        site=world.almaty_warehouse,
        commodity=flour,
        quantity=Decimal(500),
        received_on=D(2023, 5, 20),
        reference="GRN-ALA-1",
        expires_on=D(2024, 5, 19),
        lot_reference="LOT-ALA-1",
    )
    return Stock(flour, herat_centre, kabul_lot, almaty_lot)


@pytest.fixture
def stock(world: World) -> Stock:
    return make_stock(world)


def moved(world: World, stock: Stock, site: Site, kilograms: int) -> None:
    """Some of the Kabul lot sent to `site` and received there in full, before June 2023."""
    waybill = services.waybill_create(
        actor=None,
        origin=world.kabul_warehouse,
        destination=site,
        lines=[services.LineInput(stock.kabul_lot, Decimal(kilograms))],
    )
    services.waybill_dispatch(actor=None, waybill=waybill, dispatched_on=D(2023, 5, 25))
    services.waybill_receive(
        actor=None,
        waybill=waybill,
        received_on=D(2023, 5, 26),
        lines=[services.ReceivedLine(waybill.lines.get(), Decimal(kilograms))],
    )


@pytest.fixture
def second_lot(world: World, stock: Stock) -> Lot:
    """Another lot of flour in the Kabul warehouse."""
    return services.lot_receive(
        actor=None,
        site=world.kabul_warehouse,
        commodity=stock.flour,
        quantity=Decimal(400),
        received_on=D(2023, 6, 1),
        reference="GRN-KBL-2",
        lot_reference="LOT-KBL-2",
    )


def _with_lines(
    names: tuple[str, ...], lines: tuple[tuple[object, ...], ...], header: dict[str, object]
) -> dict[str, object]:
    """What a page with lines posts: its fields, and a row for each line (`names`' values;
    a lot by its record or its id) and none blank."""
    form: dict[str, object] = {
        **header,
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
    }
    for index, line in enumerate(lines):
        for name, value in zip(names, line, strict=True):
            form[f"lines-{index}-{name}"] = value.pk if isinstance(value, Lot) else value
    return form


def waybill_form(*lines: tuple[Lot | int, object, object], **header: object) -> dict[str, object]:
    """What the waybill page posts: its header and its lines (lot, quantity, packages)."""
    return _with_lines(("lot", "quantity", "packages"), lines, header)


def count_form(*lines: tuple[Lot | int, object], **header: object) -> dict[str, object]:
    """What the count page posts: the site, day and reason, and its lines (lot, counted)."""
    return _with_lines(("lot", "counted_quantity"), lines, header)
