"""The basket page's commodities: flour ordered and not yet received is in the pipeline, at the
price it was bought for."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.allocation.selectors import basket_items
from sunbula.core.models import User
from sunbula.supply import services
from tests.conftest import World, flour_upsert
from tests.supply.conftest import D
from tests.supply.purchases import make_cash

pytestmark = pytest.mark.django_db


def test_an_open_order_is_in_the_pipeline_at_its_price(world: World, admin: User) -> None:
    cash = make_cash(world)
    order = services.purchase_order_create(
        actor=None,
        supplier=cash.supplier,
        payment=cash.payment,
        commodity=flour_upsert(),
        quantity=Decimal(2),
        unit="t",
        unit_price=Decimal(500),
        currency=cash.usd,
        ordered_on=D(2024, 4, 1),
    )
    assert basket_items(user=admin) == []  # a draft is not in the pipeline yet
    services.purchase_order_place(actor=None, order=order)
    (flour,) = basket_items(user=admin)
    assert (flour.commodity, flour.available_kg, flour.price_per_kg) == ("WHEAT-FLOUR", 2000, 0.5)
