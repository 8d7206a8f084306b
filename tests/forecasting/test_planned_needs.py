"""The need a forecast counts is what cycles plan to hand over: entitlements waiting for
their second reviewer are planned as much as approved ones, as the allocation counts them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.assistance import services as assistance
from sunbula.assistance.models import Entitlement
from sunbula.core.models import User
from sunbula.forecasting import services
from sunbula.forecasting.models import ForecastLine
from tests.conftest import Field, World
from tests.forecasting.conftest import D

pytestmark = pytest.mark.django_db


def test_entitlements_waiting_for_approval_are_a_need(
    world: World, field: Field, admin: User
) -> None:
    assistance.beneficiary_list_freeze(actor=None, cycle=field.cycle)
    assistance.entitlements_compute(actor=None, cycle=field.cycle)
    planned = sum(
        Entitlement.objects.filter(cycle=field.cycle).values_list("quantity", flat=True),
        Decimal(0),
    )
    assert planned > 0
    assert not Entitlement.objects.filter(cycle=field.cycle).exclude(status="draft").exists()
    forecast = services.forecast_run(
        actor=admin, country=world.afghanistan, as_of=D(2023, 6, 1), draws=100
    )
    herat = ForecastLine.objects.get(forecast=forecast, admin_area=world.hirat)
    need = sum(month.need for month in herat.months.all())
    assert need == pytest.approx(planned, abs=Decimal("0.01"))


def test_a_cancelled_entitlement_is_no_need(world: World, field: Field, admin: User) -> None:
    assistance.beneficiary_list_freeze(actor=None, cycle=field.cycle)
    assistance.entitlements_compute(actor=None, cycle=field.cycle)
    for entitlement in Entitlement.objects.filter(cycle=field.cycle):
        assistance.entitlement_cancel(actor=None, entitlement=entitlement)
    forecast = services.forecast_run(
        actor=admin, country=world.afghanistan, as_of=D(2023, 6, 1), draws=100
    )
    herat = ForecastLine.objects.filter(forecast=forecast, admin_area=world.hirat).first()
    assert herat is None or all(month.need == 0 for month in herat.months.all())
