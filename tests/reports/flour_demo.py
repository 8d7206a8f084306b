"""The whole demo (Flour for Humanity from pledge to plate, the events, the wheat projects),
loaded once for a test module inside a transaction that is rolled back when the module ends;
each test runs in a savepoint of its own within it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings

from sunbula.assistance.demo import load_assistance_demo
from sunbula.assistance.models import Draw
from sunbula.core.demo import load_core_demo
from sunbula.core.models import Country, Organisation, Role, User
from sunbula.funding.demo import load_funding_demo
from sunbula.funding.models import Pledge
from sunbula.learning.demo import load_learning_demo
from sunbula.programmes.demo import load_programmes_demo
from sunbula.registry.demo import load_registry_demo
from sunbula.supply.demo import load_supply_demo
from sunbula.supply.models import Lot, StockBalance, WaybillLine
from tests.conftest import REGISTRY_TEST_KEY, make_persona

D = datetime.date
ZERO = Decimal(0)
KAZAKHSTAN = "Government of the Republic of Kazakhstan"


@dataclass
class FlourDemo:
    director: User
    officer_afg: User
    officer_kaz: User
    kazakhstan: Organisation
    kaz_flour: Pledge


def _quiet(_line: str) -> None:
    return None


@pytest.fixture(scope="module")
def flour_demo(django_db_setup: None, django_db_blocker: object) -> Iterator[FlourDemo]:
    with (
        django_db_blocker.unblock(),  # type: ignore[attr-defined]
        override_settings(REGISTRY_KEYS=[REGISTRY_TEST_KEY]),
        transaction.atomic(),
    ):
        for loader in (
            load_core_demo,
            load_registry_demo,
            load_programmes_demo,
            load_funding_demo,
            load_learning_demo,
            load_supply_demo,
            load_assistance_demo,
        ):
            loader(_quiet)
        iofs = Organisation.objects.get(acronym="IOFS")
        afghanistan = Country.objects.get(iso3="AFG")
        kazakhstan = Country.objects.get(iso3="KAZ")
        yield FlourDemo(
            director=make_persona("director@example.org", Role.ADMINISTRATOR, iofs, []),
            officer_afg=make_persona(
                "officer.afg@example.org", Role.PROGRAMME_OFFICER, iofs, [afghanistan]
            ),
            officer_kaz=make_persona(
                "officer.kaz@example.org", Role.PROGRAMME_OFFICER, iofs, [kazakhstan]
            ),
            kazakhstan=Organisation.objects.get(name=KAZAKHSTAN),
            kaz_flour=Pledge.objects.get(reference="DEMO-FFH23-KAZ"),
        )
        transaction.set_rollback(True)


@dataclass
class Ledger:
    """A pledge's figures added up from the ledgers themselves: lots, waybill lines, stock
    balances and the draws each distribution took from the lots."""

    received: Decimal
    dispatched: Decimal
    delivered: Decimal
    lost_in_transit: Decimal
    distributed: Decimal
    in_stock: Decimal
    person_days: Decimal
    people: int
    sites: dict[str, Decimal]


def ledger_of(pledge: Pledge) -> Ledger:
    lots = list(Lot.objects.filter(pledge=pledge))
    lines = list(WaybillLine.objects.filter(lot__in=lots).exclude(waybill__status="draft"))
    draws = list(
        Draw.objects.filter(lot__in=lots).select_related("distribution__site", "beneficiary")
    )
    served = {draw.beneficiary_id: draw for draw in draws}
    sites: dict[str, Decimal] = {}
    for draw in draws:
        name = draw.distribution.site.name
        sites[name] = sites.get(name, ZERO) + draw.quantity
    return Ledger(
        received=sum((lot.quantity_received for lot in lots), ZERO),
        dispatched=sum((line.quantity for line in lines), ZERO),
        delivered=sum((line.received_quantity or ZERO for line in lines), ZERO),
        lost_in_transit=sum((line.lost_quantity for line in lines), ZERO),
        distributed=sum((draw.quantity for draw in draws), ZERO),
        in_stock=sum(
            (balance.quantity for balance in StockBalance.objects.filter(lot__in=lots)), ZERO
        ),
        person_days=sum((draw.person_days for draw in draws), ZERO),
        people=sum(draw.beneficiary.people for draw in served.values()),
        sites=sites,
    )
