"""A Kazakh tenge rate, an Afghan project and a Kazakh one, made through the services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from sunbula.core import services as core_services
from sunbula.core.models import Currency, User
from sunbula.funding import services
from sunbula.funding.models import DonorConference, Pledge
from sunbula.programmes import services as programme_services
from sunbula.programmes.models import Project
from tests.conftest import World

D = datetime.date


@dataclass
class Money:
    usd: Currency
    kzt: Currency
    herat: Project
    almaty: Project
    conference: DonorConference


def make_money(world: World) -> Money:
    usd = core_services.currency_upsert(actor=None, code="USD", name="US dollar")
    kzt = core_services.currency_upsert(actor=None, code="KZT", name="Tenge")
    core_services.exchange_rate_record(
        actor=None, currency=kzt, valid_from=D(2024, 1, 1), units_per_usd=Decimal("450"), source="t"
    )
    core_services.exchange_rate_record(
        actor=None, currency=kzt, valid_from=D(2024, 7, 1), units_per_usd=Decimal("480"), source="t"
    )
    programme = programme_services.programme_create(
        actor=None,
        code="AFSP",
        name="Afghanistan Food Security Programme",
        reporting_organisation=world.iofs,
        iati_reporting_ref="XI-IATI-IOFS",
    )
    projects = [
        programme_services.project_create(
            actor=None,
            code=code,
            title=title,
            description=title,
            programme=programme,
            recipient_country=country,
            status="2",
            planned_start=D(2024, 1, 1),
            planned_end=D(2025, 12, 31),
            currency=usd,
        )
        for code, title, country in (
            ("WHEAT-HERAT", "Wheat in Herat", world.afghanistan),
            ("KAZ-TRANSIT", "Almaty transit", world.kazakhstan),
        )
    ]
    conference = services.conference_create(
        actor=None,
        title="Donor conference for Afghanistan",
        title_translations={"ar": "مؤتمر المانحين لأفغانستان"},
        country=world.afghanistan,
        starts_on=D(2024, 3, 1),
        ends_on=D(2024, 3, 1),
        modality="hybrid",
        co_hosts=[world.iofs],
    )
    return Money(usd=usd, kzt=kzt, herat=projects[0], almaty=projects[1], conference=conference)


def kzt_pledge(world: World, money: Money, actor: User | None = None, **values: object) -> Pledge:
    arguments: dict[str, object] = {
        "donor": world.kazakhstan_government,
        "pledged_on": D(2024, 3, 1),
        "currency": money.kzt,
        "amount": Decimal("4500000"),
        "country": world.afghanistan,
        "project": money.herat,
        "budget_year": 2024,
    }
    arguments.update(values)
    return services.pledge_record(actor=actor, **arguments)  # type: ignore[arg-type]


@pytest.fixture
def money(world: World) -> Money:
    return make_money(world)
