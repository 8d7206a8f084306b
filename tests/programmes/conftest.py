"""A small Afghan project and a Kazakh one, made through the services, for programme tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from sunbula.core import services as core_services
from sunbula.core.models import Role, User
from sunbula.programmes import services
from sunbula.programmes.models import Indicator, Project, ReportingPeriod
from tests.conftest import World, make_persona


@dataclass
class Projects:
    flour: Project
    almaty: Project
    tonnes: Indicator
    year: ReportingPeriod


@pytest.fixture
def projects(world: World, admin: User) -> Projects:
    usd = core_services.currency_upsert(actor=None, code="USD", name="US dollar")
    programme = services.programme_create(
        actor=None,
        code="AFSP",
        name="Afghanistan Food Security Programme",
        name_translations={"ar": "برنامج الأمن الغذائي في أفغانستان"},
        reporting_organisation=world.iofs,
        iati_reporting_ref="XI-IATI-IOFS",
    )
    flour = services.project_create(
        actor=None,
        code="FFH-2023",
        title="Flour for Humanity",
        title_translations={"ar": "الدقيق من أجل الإنسانية"},
        description="Wheat flour for treatment centres.",
        programme=programme,
        recipient_country=world.afghanistan,
        status="2",
        planned_start=datetime.date(2023, 1, 1),
        planned_end=datetime.date(2023, 12, 31),
        currency=usd,
    )
    services.project_locations_set(
        actor=None, project=flour, locations=[(world.hirat, Decimal(100))]
    )
    services.project_sectors_set(actor=None, project=flour, sectors=[("72040", Decimal(100))])
    services.participant_add(actor=None, project=flour, organisation=world.iofs, role="4")
    almaty = services.project_create(
        actor=None,
        code="KAZ-TRANSIT",
        title="Almaty transit stock",
        description="Stock held for onward shipment.",
        programme=programme,
        recipient_country=world.kazakhstan,
        status="2",
        planned_start=datetime.date(2023, 1, 1),
        planned_end=datetime.date(2023, 12, 31),
        currency=usd,
    )
    result = services.result_create(actor=None, project=flour, level="1", title="Flour delivered")
    tonnes = services.indicator_create(
        actor=None, result=result, title="Tonnes delivered", measure="1", unit="t", by_sex=True
    )
    year = services.reporting_period_create(
        actor=None,
        project=flour,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
    )
    return Projects(flour=flour, almaty=almaty, tonnes=tonnes, year=year)


@pytest.fixture
def officer_hq(world: World) -> User:
    """A programme officer at headquarters: every country, so programmes too."""
    return make_persona("officer.hq@example.org", Role.PROGRAMME_OFFICER, world.iofs, [])
