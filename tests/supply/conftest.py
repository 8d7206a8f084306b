"""Stock-keeping sites, wheat flour and a received lot, made through the services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from sunbula.core import services as core_services
from sunbula.core.models import Site
from sunbula.funding import services as funding_services
from sunbula.funding.models import Payment
from sunbula.supply import services
from sunbula.supply.models import Commodity, Lot
from tests.conftest import World

D = datetime.date


@dataclass
class Stock:
    flour: Commodity
    herat_centre: Site
    kabul_lot: Lot
    almaty_lot: Lot


def flour_upsert() -> Commodity:
    return services.commodity_upsert(
        actor=None,
        code="WHEAT-FLOUR",
        name="Wheat flour",
        name_translations={"ar": "دقيق القمح", "fr": "Farine de blé", "ru": "Пшеничная мука"},
        category="cereals",
        base_unit="kg",
        package_size=Decimal(50),
        package_name="50 kg bag",
        kcal_per_kg=3640,
        shelf_life_days=365,
    )


@pytest.fixture
def stock(world: World) -> Stock:
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
        lot_reference="LOT-KBL-1",
    )
    almaty_lot = services.lot_receive(
        actor=None,
        site=world.almaty_warehouse,
        commodity=flour,
        quantity=Decimal(500),
        received_on=D(2023, 5, 20),
        reference="GRN-ALA-1",
        lot_reference="LOT-ALA-1",
    )
    return Stock(flour, herat_centre, kabul_lot, almaty_lot)


def in_kind_payment(world: World, reference: str = "FFH-KAZ", tonnes: str = "30") -> Payment:
    """Kazakhstan's wheat flour in kind: pledged, committed and delivered (paid)."""
    usd = core_services.currency_upsert(actor=None, code="USD", name="US dollar")
    pledge = funding_services.pledge_record(
        actor=None,
        reference=reference,
        donor=world.kazakhstan_government,
        pledged_on=D(2023, 2, 1),
        currency=usd,
        amount=Decimal(13500),
        country=world.afghanistan,
        budget_year=2023,
        contribution_type="in_kind",
        commodity="Wheat flour",
        quantity=Decimal(tonnes),
        unit="t",
    )
    commitment = funding_services.commitment_record(
        actor=None, pledge=pledge, committed_on=D(2023, 3, 1), amount=pledge.amount
    )
    return funding_services.payment_record(
        actor=None,
        commitment=commitment,
        paid_on=D(2023, 5, 15),
        amount=pledge.amount,
        currency=usd,
        quantity=Decimal(tonnes),
    )
