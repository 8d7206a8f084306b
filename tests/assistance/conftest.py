"""The whole demo (core, registry, programmes, funding, supply, assistance) and a director."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from sunbula.assistance import services
from sunbula.assistance.demo import load_assistance_demo
from sunbula.assistance.models import Cycle, Entitlement, RationKind
from sunbula.core import services as core_services
from sunbula.core.demo import load_core_demo
from sunbula.core.models import Organisation, Role, Site, User
from sunbula.funding.demo import load_funding_demo
from sunbula.programmes.demo import load_programmes_demo
from sunbula.registry import services as registry_services
from sunbula.registry.demo import load_registry_demo
from sunbula.registry.models import Household, Institution, Person
from sunbula.supply import services as supply_services
from sunbula.supply.demo import load_supply_demo
from sunbula.supply.models import Commodity, Lot
from tests.conftest import World, make_persona
from tests.programmes.conftest import Projects, projects  # noqa: F401  (fixture)
from tests.supply.conftest import flour_upsert

D = datetime.date


def _quiet(_line: str) -> None:
    return None


@pytest.fixture
def demo(db: None) -> None:
    load_core_demo(_quiet)
    load_registry_demo(_quiet)
    load_programmes_demo(_quiet)
    load_funding_demo(_quiet)
    load_supply_demo(_quiet)
    load_assistance_demo(_quiet)


@pytest.fixture
def director(demo: None) -> User:
    return make_persona(
        "director@example.org", Role.ADMINISTRATOR, Organisation.objects.get(acronym="IOFS"), []
    )


@dataclass
class Field:
    """A small Afghan set-up: a flour project, a centre holding two flour lots, a household
    of three, a treatment centre of 40 residents, and a household cycle ready to freeze."""

    projects: Projects
    flour: Commodity
    centre: Site
    early_lot: Lot
    late_lot: Lot
    household: Household
    mother: Person
    institution: Institution
    cycle: Cycle


@pytest.fixture
def field(world: World, projects: Projects) -> Field:  # noqa: F811
    flour = flour_upsert()
    centre = core_services.site_create(
        actor=None,
        name="Herat drug-treatment centre",
        kind="treatment_centre",
        country=world.afghanistan,
        admin_area=world.hirat,
    )
    supply_services.stock_site_register(actor=None, site=centre, capacity=Decimal(100000))
    late_lot = supply_services.lot_receive(
        actor=None,
        site=centre,
        commodity=flour,
        quantity=Decimal(1000),
        received_on=D(2023, 5, 1),
        reference="GRN-LATE",
        lot_reference="LOT-LATE",
        expires_on=D(2024, 5, 1),
    )
    early_lot = supply_services.lot_receive(
        actor=None,
        site=centre,
        commodity=flour,
        quantity=Decimal(200),
        received_on=D(2023, 5, 2),
        reference="GRN-EARLY",
        lot_reference="LOT-EARLY",
        expires_on=D(2023, 12, 1),
    )
    household = registry_services.household_create(
        actor=None,
        country=world.afghanistan,
        reference="HH-1",
        admin_area=world.hirat,
        displacement_status="idp",
    )
    mother = registry_services.person_register(
        actor=None,
        country=world.afghanistan,
        given_name="Fatima",
        sex="F",
        birth_date="1985",
        household=household,
        external_id="P-MOTHER",
    )
    for given, sex, year in (("Ahmad", "M", "1983"), ("Zahra", "F", "2015")):
        registry_services.person_register(
            actor=None,
            country=world.afghanistan,
            given_name=given,
            sex=sex,
            birth_date=year,
            household=household,
        )
    institution = registry_services.institution_create(
        actor=None, name="Herat drug-treatment centre", kind="treatment_centre", site=centre
    )
    registry_services.headcount_record(
        actor=None,
        institution=institution,
        counted_on=D(2023, 5, 1),
        headcount=40,
        verified_by="Monitoring officer",
        method="site_visit",
    )
    cycle = services.cycle_create(
        actor=None,
        project=projects.flour,
        country=world.afghanistan,
        name="Herat households, June 2023",
        period_start=D(2023, 6, 1),
        period_end=D(2023, 6, 30),
        ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
    )
    services.ration_line_set(actor=None, cycle=cycle, commodity=flour, quantity=Decimal(50))
    services.eligibility_rule_add(actor=None, cycle=cycle, field="admin_area", value="AF32")
    return Field(
        projects, flour, centre, early_lot, late_lot, household, mother, institution, cycle
    )


def ready(cycle: Cycle) -> Entitlement:
    """Freeze, compute and approve; the first entitlement."""
    services.beneficiary_list_freeze(actor=None, cycle=cycle)
    services.entitlements_compute(actor=None, cycle=cycle)
    services.entitlements_approve(actor=None, cycle=cycle)
    return Entitlement.objects.filter(cycle=cycle).order_by("pk").first()  # type: ignore[return-value]
