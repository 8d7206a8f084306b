"""Policy personas (focal points scoped to one country, an analyst) and a published profile."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from sunbula.core.models import Role, User
from sunbula.policy import services
from sunbula.policy.models import PolicyProfile
from tests.conftest import World, make_persona


@pytest.fixture(autouse=True)
def _english_messages() -> None:
    """Pages in other languages leave their language active; messages here are English."""
    translation.activate("en")


def make_analyst(world: World) -> User:
    return make_persona("analyst@example.org", Role.POLICY_ANALYST, world.iofs, [])


def make_focal_afg(world: World) -> User:
    return make_persona(
        "focal.afg@example.org", Role.COUNTRY_FOCAL_POINT, world.iofs, [world.afghanistan]
    )


@pytest.fixture
def focal_kaz(world: World) -> User:
    return make_persona(
        "focal.kaz@example.org",
        Role.COUNTRY_FOCAL_POINT,
        world.kazakhstan_government,
        [world.kazakhstan],
    )


def draft_profile(world: World, analyst: User, country: str = "afghanistan") -> PolicyProfile:
    profile = services.profile_create(actor=analyst, country=getattr(world, country))
    services.strategy_add(
        actor=analyst,
        profile=profile,
        name="National food security strategy",
        name_translations={"ar": "الاستراتيجية الوطنية للأمن الغذائي"},
        start_year=2021,
        end_year=2030,
        status="adopted",
    )
    services.decision_add(
        actor=analyst,
        profile=profile,
        name="Input subsidy for wheat farmers",
        group="producer",
        decided_on=datetime.date(2024, 3, 1),
    )
    return profile


@pytest.fixture
def afghan_draft(world: World, analyst: User) -> PolicyProfile:
    return draft_profile(world, analyst)


@pytest.fixture
def afghan_published(world: World, analyst: User, focal_afg: User) -> PolicyProfile:
    profile = draft_profile(world, analyst)
    services.profile_submit(actor=analyst, profile=profile)
    services.profile_validate(actor=focal_afg, profile=profile)
    services.indicator_value_record(
        actor=analyst,
        country=world.afghanistan,
        series_code="SN_ITK_DEFC",
        year=2022,
        value="30.2",
        source="Test",
        retrieved_on=datetime.date(2025, 1, 1),
    )
    return services.profile_publish(actor=analyst, profile=profile)


@pytest.fixture
def analyst(world: World) -> User:
    return make_analyst(world)


@pytest.fixture
def focal_afg(world: World) -> User:
    return make_focal_afg(world)
