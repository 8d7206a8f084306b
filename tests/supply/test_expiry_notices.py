"""Stock expiring within 90 days is announced, once, to the logistics officers who keep it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from sunbula.core.models import Notification, Role
from sunbula.supply import services
from tests.conftest import World, make_persona
from tests.supply.conftest import D, Stock

pytestmark = pytest.mark.django_db


def test_logistics_officers_of_the_site_are_told_once(world: World, stock: Stock) -> None:
    kabul = make_persona(
        "logistics.afg@example.org", Role.LOGISTICS_OFFICER, world.iofs, [world.afghanistan]
    )
    almaty = make_persona(
        "logistics.kaz@example.org", Role.LOGISTICS_OFFICER, world.iofs, [world.kazakhstan]
    )
    today = timezone.localdate()
    for reference, days in (("LOT-SOON", 30), ("LOT-LATER", 120)):
        services.lot_receive(
            actor=None,
            site=world.kabul_warehouse,
            commodity=stock.flour,
            quantity=Decimal(100),
            received_on=D(2023, 5, 20),
            reference=f"GRN-{reference}",
            lot_reference=reference,
            expires_on=today + datetime.timedelta(days=days),
        )
    # The fixture's lots are past their shelf life and still on hand: they are told too.
    assert services.stock_expiry_notify(actor=None) == 3
    assert services.stock_expiry_notify(actor=None) == 0
    subjects = list(Notification.objects.filter(recipient=kabul).values_list("subject", flat=True))
    lots = ("LOT-KBL-1", "LOT-SOON", "LOT-LATER")
    assert sorted(lot for subject in subjects for lot in lots if lot in subject) == [
        "LOT-KBL-1",
        "LOT-SOON",
    ]
    assert all("Kabul warehouse" in subject for subject in subjects)
    (almaty_notice,) = Notification.objects.filter(recipient=almaty)
    assert "LOT-ALA-1" in almaty_notice.subject
    assert almaty_notice.link.startswith("/en/supply/balances/")
