"""The home dashboard's pledge and stock alerts count over the configured periods
(PLEDGE_AGEING_DAYS, STOCK_EXPIRY_NOTICE_DAYS) and name them, in the reader's figures."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from sunbula.funding.selectors import ageing_pledges
from sunbula.reports.dashboards import home_dashboard
from sunbula.supply import services as supply_services
from sunbula.supply.models import StockBalance
from sunbula.supply.selectors import expiring_balances
from tests.reports.flour_demo import FlourDemo

pytestmark = pytest.mark.django_db


def _alerts(demo: FlourDemo, starting: str) -> list[tuple[str, int]]:
    return [
        (str(alert.label), alert.count)
        for alert in home_dashboard(user=demo.director).alerts
        if str(alert.label).startswith(starting)
    ]


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (30, "Pledges not committed after 30 days"),
        (1, "Pledges not committed after 1 day"),
        (1000, "Pledges not committed after 1,000 days"),
    ],
)
def test_the_pledge_alert_counts_and_names_the_ageing_period(
    flour_demo: FlourDemo, settings: Any, days: int, label: str
) -> None:
    settings.PLEDGE_AGEING_DAYS = days
    ageing = ageing_pledges(
        user=flour_demo.director, today=timezone.localdate(), older_than_days=days
    )
    assert _alerts(flour_demo, "Pledges not committed") == [(label, ageing.count())]


def test_the_pledge_alert_follows_the_setting(flour_demo: FlourDemo, settings: Any) -> None:
    settings.PLEDGE_AGEING_DAYS = 1
    ((_label, counted_after_a_day),) = _alerts(flour_demo, "Pledges not committed")
    settings.PLEDGE_AGEING_DAYS = 100_000
    assert _alerts(flour_demo, "Pledges not committed") == [
        ("Pledges not committed after 100,000 days", 0)
    ]
    assert counted_after_a_day > 0


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (30, "Stock expiring within 30 days"),
        (1, "Stock expiring within 1 day"),
        (1000, "Stock expiring within 1,000 days"),
    ],
)
def test_the_stock_alert_counts_and_names_the_notice_period(
    flour_demo: FlourDemo, settings: Any, days: int, label: str
) -> None:
    settings.STOCK_EXPIRY_NOTICE_DAYS = days
    expiring = expiring_balances(
        user=flour_demo.director, today=timezone.localdate(), within_days=days
    ).filter(quantity__gt=0)
    assert _alerts(flour_demo, "Stock expiring") == [(label, expiring.count())]


def test_the_stock_alert_follows_the_setting(flour_demo: FlourDemo, settings: Any) -> None:
    held = StockBalance.objects.filter(quantity__gt=0).select_related("site", "lot").first()
    assert held is not None
    today = timezone.localdate()
    supply_services.lot_receive(
        actor=None,
        site=held.site,
        commodity=held.lot.commodity,
        quantity=Decimal(100),
        received_on=today,
        reference="GRN-LOT-LATER",
        lot_reference="LOT-LATER",
        expires_on=today + datetime.timedelta(days=120),
    )
    settings.STOCK_EXPIRY_NOTICE_DAYS = 90
    ((_label, within_ninety_days),) = _alerts(flour_demo, "Stock expiring")
    settings.STOCK_EXPIRY_NOTICE_DAYS = 150
    assert _alerts(flour_demo, "Stock expiring") == [
        ("Stock expiring within 150 days", within_ninety_days + 1)
    ]


def test_the_alerts_name_their_periods_in_the_readers_language(
    flour_demo: FlourDemo, settings: Any
) -> None:
    settings.PLEDGE_AGEING_DAYS = 1000
    settings.STOCK_EXPIRY_NOTICE_DAYS = 2
    with translation.override("fr"):
        labels = [str(alert.label) for alert in home_dashboard(user=flour_demo.director).alerts]
    assert "Annonces non engagées après 1\u202f000 jours" in labels
    assert "Stock périmant dans les 2 jours" in labels
