"""A small set-up for report runs: Kazakhstan's wheat flour in kind for Afghanistan, committed,
delivered and received into the Kabul warehouse, made through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from sunbula.funding.models import Pledge
from sunbula.supply import services as supply_services
from tests.conftest import World, flour_upsert, in_kind_payment


def kazakh_flour(world: World) -> Pledge:
    payment = in_kind_payment(world, reference="FFH-KAZ", tonnes="30")
    supply_services.stock_site_register(
        actor=None, site=world.kabul_warehouse, capacity=Decimal(500000)
    )
    supply_services.lot_receive_contribution(
        actor=None,
        payment=payment,
        site=world.kabul_warehouse,
        received_on=datetime.date(2023, 5, 20),
        reference="GRN-FFH-1",
        commodity=flour_upsert(),
    )
    return payment.commitment.pledge
