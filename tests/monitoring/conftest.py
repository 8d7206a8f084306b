"""Monitoring personas and files."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from sunbula.core.models import Role, User
from sunbula.monitoring import services
from sunbula.monitoring.models import SituationDataset
from tests.conftest import World, make_persona

HXL_HEADER = (
    "Province,Start,P1,P2,P3,P4,P5,P3+\n"
    "#adm1+code,#date+start,#affected+food+ipc+p1+num,#affected+food+ipc+p2+num,"
    "#affected+food+ipc+p3+num,#affected+food+ipc+p4+num,#affected+food+ipc+p5+num,"
    "#affected+food+ipc+p3plus+num\n"
)
GOOD_HXL = (
    HXL_HEADER
    + "AF01,2024-11-01,1000,2000,3000,1500,0,4500\n"
    + "AF32,2024-11-01,4000,3000,1000,500,0,1500\n"
).encode()


@pytest.fixture(autouse=True)
def _english_messages() -> None:
    """Pages in other languages leave their language active; messages here are English."""
    translation.activate("en")


@pytest.fixture
def me_officer_afg(world: World) -> User:
    return make_persona("me.afg@example.org", Role.ME_OFFICER, world.iofs, [world.afghanistan])


@pytest.fixture
def afghan_dataset(world: World, me_officer_afg: User) -> SituationDataset:
    return services.situation_dataset_import(
        actor=me_officer_afg,
        country=world.afghanistan,
        name="Afghanistan IPC test analysis",
        classification="ipc",
        source="Test file",
        published_on=datetime.date(2024, 11, 15),
        period_type="current",
        content=GOOD_HXL,
    ).dataset
