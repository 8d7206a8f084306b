"""The expiry alerts look as far ahead as the expiry notices (STOCK_EXPIRY_NOTICE_DAYS), and
the page and the schedule name that many days, in the reader's words and figures."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from sunbula.core.models import User
from sunbula.core.schedules import schedules
from sunbula.supply import selectors, services
from tests.conftest import World, client_for
from tests.supply.conftest import D, Stock

pytestmark = pytest.mark.django_db

EXPIRY = "/en/supply/expiry/"


def _lot_expiring_in(world: World, stock: Stock, days: int) -> None:
    services.lot_receive(
        actor=None,
        site=world.kabul_warehouse,
        commodity=stock.flour,
        quantity=Decimal(100),
        received_on=D(2023, 5, 20),
        reference="GRN-LOT-LATER",
        lot_reference="LOT-LATER",
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
    )


@pytest.mark.parametrize(
    ("days", "listed", "said"),
    [
        (30, False, "Stock on hand that expires within <bdi>30</bdi> days or has expired."),
        (150, True, "Stock on hand that expires within <bdi>150</bdi> days or has expired."),
        (1, False, "Stock on hand that expires within <bdi>1</bdi> day or has expired."),
        (1000, True, "Stock on hand that expires within <bdi>1,000</bdi> days or has expired."),
    ],
)
def test_the_expiry_alerts_follow_the_notice_period(
    world: World, stock: Stock, officer_afg: User, settings: Any, days: int, listed: bool, said: str
) -> None:
    _lot_expiring_in(world, stock, 120)
    settings.STOCK_EXPIRY_NOTICE_DAYS = days
    html = client_for(officer_afg).get(EXPIRY).content.decode()
    assert said in html
    assert ("LOT-LATER" in html) is listed
    assert "LOT-KBL-1" in html  # past its shelf life, whatever the period


def test_the_page_names_the_period_in_the_readers_figures(
    stock: Stock, officer_afg: User, settings: Any
) -> None:
    settings.STOCK_EXPIRY_NOTICE_DAYS = 1000
    html = client_for(officer_afg).get("/fr/supply/expiry/").content.decode()
    assert "dans les <bdi>1\u202f000</bdi> jours" in html


@pytest.mark.parametrize(
    ("language", "days", "label"),
    [
        ("en", 45, "Logistics officers are told of stock expiring within 45 days"),
        ("en", 1, "Logistics officers are told of stock expiring within 1 day"),
        ("en", 1000, "Logistics officers are told of stock expiring within 1,000 days"),
        ("fr", 45, "Les responsables logistiques sont avertis du stock expirant dans les 45 jours"),
    ],
)
def test_the_schedule_names_the_notice_period(
    settings: Any, language: str, days: int, label: str
) -> None:
    settings.STOCK_EXPIRY_NOTICE_DAYS = days
    (schedule,) = [entry for entry in schedules() if entry.name == "supply.stock_expiry"]
    with translation.override(language):
        assert str(schedule.label) == label


@pytest.mark.parametrize(("days", "listed"), [(30, False), (150, True)])
def test_the_expiring_stock_looks_as_far_ahead_as_the_notices_unless_told(
    world: World, stock: Stock, officer_afg: User, settings: Any, days: int, listed: bool
) -> None:
    _lot_expiring_in(world, stock, 120)
    settings.STOCK_EXPIRY_NOTICE_DAYS = days
    today = timezone.localdate()
    lots = {
        balance.lot.reference
        for balance in selectors.expiring_balances(user=officer_afg, today=today)
    }
    assert ("LOT-LATER" in lots) is listed
    assert "LOT-KBL-1" in lots  # past its shelf life, whatever the period
    told = selectors.expiring_balances(user=officer_afg, today=today, within_days=365)
    assert "LOT-LATER" in {balance.lot.reference for balance in told}
