"""Must show: a distribution's page links who was served (household, institution or person)
and the site to those who may open them, and links only the waybills that brought goods."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.assistance import services
from sunbula.core.models import User
from sunbula.supply import services as supply_services
from sunbula.supply.services import LineInput
from tests.conftest import Field, World, client_for, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_page_links_the_household_and_the_site_not_a_cancelled_waybill(
    field: Field, world: World, admin: User
) -> None:
    supply_services.stock_site_register(
        actor=None, site=world.kabul_warehouse, capacity=Decimal(100000)
    )
    in_kabul = supply_services.lot_receive(
        actor=None,
        site=world.kabul_warehouse,
        commodity=field.flour,
        quantity=Decimal(10),
        received_on=D(2023, 5, 1),
        reference="GRN-KABUL",
    )
    cancelled = supply_services.waybill_create(
        actor=None,
        origin=world.kabul_warehouse,
        destination=field.centre,
        lines=[LineInput(lot=in_kabul, quantity=Decimal(10))],
        number="WB-CANCELLED",
    )
    supply_services.waybill_cancel(actor=None, waybill=cancelled, reason="Truck unavailable")
    distribution = services.distribution_record(
        actor=None,
        entitlement=ready(field.cycle),
        site=field.centre,
        quantity=Decimal(10),
        distributed_on=D(2023, 6, 5),
    )
    page = client_for(admin).get(distribution.get_absolute_url()).content.decode()
    assert f'href="{field.household.get_absolute_url()}"' in page
    assert f'href="{field.centre.get_absolute_url()}"' in page
    assert "WB-CANCELLED" not in page


def test_an_institution_is_linked_as_itself(field: Field, admin: User) -> None:
    services.beneficiary_add(actor=None, cycle=field.cycle, institution=field.institution)
    ready(field.cycle)
    entitlement = field.cycle.entitlements.get(beneficiary__institution=field.institution)
    distribution = services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(10),
        distributed_on=D(2023, 6, 5),
    )
    page = client_for(admin).get(distribution.get_absolute_url()).content.decode()
    assert f'href="{field.institution.get_absolute_url()}"' in page


def test_a_site_page_links_the_cycles_served_there_and_its_institution(
    field: Field, admin: User, officer_kaz: User
) -> None:
    services.beneficiary_add(actor=None, cycle=field.cycle, institution=field.institution)
    ready(field.cycle)
    entitlement = field.cycle.entitlements.get(beneficiary__institution=field.institution)
    services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(10),
        distributed_on=D(2023, 6, 5),
    )
    page = client_for(admin).get(field.centre.get_absolute_url()).content.decode()
    assert f'href="{field.cycle.get_absolute_url()}"' in page
    assert f'href="{field.institution.get_absolute_url()}"' in page
    # Out of the reader's countries, the site itself is not found.
    assert client_for(officer_kaz).get(field.centre.get_absolute_url()).status_code == 404
