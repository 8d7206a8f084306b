"""A small Afghan project and a Kazakh one, made through the services, for programme tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.core.models import Role, User
from sunbula.programmes import services
from sunbula.programmes.models import Budget
from sunbula.programmes.role_limits import role_programmes_set
from tests.conftest import Projects, World, make_persona


@pytest.fixture
def officer_hq(world: World) -> User:
    """A programme officer at headquarters: every country, so programmes too."""
    return make_persona("officer.hq@example.org", Role.PROGRAMME_OFFICER, world.iofs, [])


@pytest.fixture
def budget(projects: Projects) -> Budget:
    """The flour project's committed budget for 2023."""
    return services.budget_record(
        actor=None,
        project=projects.flour,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        amount=Decimal(250000),
        currency=projects.flour.currency,
        status=Budget.Status.COMMITTED,
    )


@pytest.fixture
def rice_officer(world: World, admin: User) -> User:
    """A programme officer in every country, limited to another programme."""
    rice = services.programme_create(
        actor=None,
        code="RICE",
        name="Rice",
        reporting_organisation=world.iofs,
        iati_reporting_ref="XI-IATI-IOFS",
    )
    officer = make_persona("rice@example.org", Role.PROGRAMME_OFFICER, world.iofs, [])
    role_programmes_set(actor=admin, assignment=officer.role_assignments.get(), programmes=[rice])
    return officer


# A 3W sheet from a coordination hub, as the 3W import reads it.
GOOD = b"""Organisation,Type,Sector,Activity,Province code,Start,End,Status,Targeted
#org+name,#org+type,#sector,#activity,#adm1+code,#date+start,#date+end,#status,#targeted
World Food Programme,Multilateral,72040,General food distribution,AF32,2023-06-01,2024-03-31,active,5000
Herat Farmers Union,National NGO,31150,Seed fairs,AF32,2023-02-01,2023-05-31,complete,800
"""
