"""The monitoring services, each called once for the audit walk (tests/test_services_audit.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from sunbula.core import services as core
from sunbula.core.models import Currency, User
from sunbula.monitoring import services
from sunbula.monitoring.models import Market, PriceObservation
from tests.audit import Walked
from tests.conftest import World
from tests.monitoring.conftest import GOOD_HXL


def _market(world: World, admin: User, name: str) -> Market:
    return services.market_create(actor=admin, country=world.afghanistan, name=name)


def _price(admin: User, market: Market, price: str, currency: Currency) -> PriceObservation:
    return services.price_record(
        actor=admin,
        market=market,
        commodity="Wheat flour",
        category="cereals and tubers",
        unit="KG",
        price=Decimal(price),
        currency=currency,
        observed_on=datetime.date(2024, 1, 1),
    )


def calls(world: World, admin: User) -> dict[str, Callable[[], Any]]:
    afghani = core.currency_upsert(actor=None, code="AFN", name="Afghani")
    return {
        "market_create": lambda: _market(world, admin, "Walk market"),
        "price_record": lambda: _price(
            admin, _market(world, admin, "Priced market"), "40", afghani
        ),
        "market_update": lambda: services.market_update(
            actor=admin, market=_market(world, admin, "Misnamed market"), name="Renamed market"
        ),
        "price_remove": lambda: services.price_remove(
            actor=admin,
            price=_price(admin, _market(world, admin, "Market of a typo"), "4000", afghani),
            reason="Typed 4000 for 40",
        ),
        "situation_dataset_import": lambda: services.situation_dataset_import(
            actor=admin,
            country=world.afghanistan,
            name="Walk",
            classification="ipc",
            source="Test",
            published_on=datetime.date(2024, 1, 1),
            period_type="current",
            content=GOOD_HXL,
        ),
        "situation_dataset_remove": lambda: services.situation_dataset_remove(
            actor=admin,
            dataset=services.situation_dataset_import(
                actor=admin,
                country=world.afghanistan,
                name="Walk to remove",
                classification="ipc",
                source="Test",
                published_on=datetime.date(2024, 1, 1),
                period_type="current",
                content=GOOD_HXL,
            ).dataset,
        ),
    }


def walk(request: pytest.FixtureRequest) -> Walked:
    """Every public monitoring service as a call, and who may be named as the actor (any if none)."""
    world = request.getfixturevalue("world")
    admin = request.getfixturevalue("admin")
    return calls(world, admin), (admin,)
