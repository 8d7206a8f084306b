"""What a forecast cannot count is said on its page, in the reader's language, with what to
do about it: stock at a site without a province would otherwise vanish from the forecast."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.core import services as core_services
from sunbula.core.models import User
from sunbula.forecasting import services
from sunbula.supply import services as supply
from tests.conftest import Field, World, client_for
from tests.forecasting.conftest import D

pytestmark = pytest.mark.django_db


def test_stock_at_a_site_without_a_province_is_said_not_counted(
    world: World, field: Field, admin: User, officer_afg: User
) -> None:
    somewhere = core_services.site_create(
        actor=None, name="Roadside store", kind="warehouse", country=world.afghanistan
    )
    supply.stock_site_register(actor=None, site=somewhere, capacity=Decimal(10000))
    supply.lot_receive(
        actor=None,
        site=somewhere,
        commodity=field.flour,
        quantity=Decimal(500),
        received_on=D(2023, 5, 1),
        reference="GRN-ROAD",
        lot_reference="LOT-ROAD",
    )
    forecast = services.forecast_run(
        actor=admin, country=world.afghanistan, as_of=D(2023, 6, 1), draws=100
    )
    assert forecast.explanation["notes"] == [{"kind": "sites_without_province", "sites": 1}]
    page = client_for(officer_afg).get(f"/fr/forecasting/{forecast.pk}/").content.decode()
    assert "Non comptés" in page
    assert "Le stock de 1 sites sans province" in page
    assert "donnez à chaque site sa zone administrative" in page
    api = client_for(officer_afg).get(f"/api/v1/forecasts/{forecast.pk}/").json()
    assert api["explanation"]["notes"] == [{"kind": "sites_without_province", "sites": 1}]
