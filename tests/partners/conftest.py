"""Partnership fixtures: a few partner organisations and records made through the services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest

from sunbula.core import services as core_services
from sunbula.core.models import Organisation, User
from sunbula.partners import services
from sunbula.partners.models import Agreement, Engagement
from tests.conftest import World


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings: object, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]


@dataclass
class Partnerships:
    unama: Organisation
    iom: Organisation
    agreement: Agreement
    engagement: Engagement
    kaz_agreement: Agreement
    kaz_engagement: Engagement


def new_agreement(
    actor: User, world: World, country: object = None, title: str = "Cooperation agreement"
) -> Agreement:
    return services.agreement_create(
        actor=actor,
        kind="cooperation",
        title=title,
        country=country or world.afghanistan,  # type: ignore[arg-type]
    )


def signed_agreement(actor: User, world: World, partner: Organisation) -> Agreement:
    agreement = new_agreement(actor, world)
    for organisation in (world.iofs, partner):
        services.agreement_party_add(
            actor=actor, agreement=agreement, organisation=organisation, role="signatory"
        )
    services.agreement_open_negotiation(actor=actor, agreement=agreement)
    services.agreement_sign(
        actor=actor, agreement=agreement, signed_on=datetime.date(2023, 4, 1), signed_place="Kabul"
    )
    return agreement


def make_partnerships(world: World, admin: User) -> Partnerships:
    unama = core_services.organisation_create(
        actor=None,
        name="United Nations Assistance Mission in Afghanistan",
        acronym="UNAMA",
        kind="un_agency",
        iati_type="40",
    )
    iom = core_services.organisation_create(
        actor=None,
        name="International Organization for Migration",
        acronym="IOM",
        kind="un_agency",
        iati_type="40",
    )
    agreement = signed_agreement(admin, world, unama)
    services.agreement_activate(
        actor=admin, agreement=agreement, valid_from=datetime.date(2023, 4, 1)
    )
    engagement = services.engagement_create(
        actor=admin,
        kind="meeting",
        title="IOFS–UNAMA meeting",
        held_on=datetime.date(2025, 5, 28),
        place="IOFS Headquarters, Astana",
        event="Astana International Forum",
        country=world.afghanistan,
        organisations=[world.iofs, unama],
    )
    kaz_agreement = new_agreement(admin, world, world.kazakhstan, "IOFS–IOM agreement")
    services.agreement_party_add(
        actor=admin, agreement=kaz_agreement, organisation=iom, role="signatory"
    )
    kaz_engagement = services.engagement_create(
        actor=admin,
        kind="meeting",
        title="IOFS–IOM meeting",
        held_on=datetime.date(2024, 10, 22),
        place="Astana",
        country=world.kazakhstan,
        organisations=[world.iofs, iom],
    )
    return Partnerships(unama, iom, agreement, engagement, kaz_agreement, kaz_engagement)


@pytest.fixture
def partnerships(world: World, admin: User) -> Partnerships:
    return make_partnerships(world, admin)
