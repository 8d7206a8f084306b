"""An Afghan waybill with a flagged loss, a count and a contribution: state for page tests."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sunbula.core.models import User
from sunbula.funding.models import Payment
from sunbula.supply import services
from sunbula.supply.models import StockBalance, StockCount, Waybill
from sunbula.supply.services import CountedLine, LineInput, ReceivedLine
from tests.conftest import World, in_kind_payment
from tests.supply.conftest import D, Stock


@dataclass
class Pages:
    waybill: Waybill
    draft: Waybill
    count: StockCount
    payment: Payment
    afghan_balance: StockBalance
    kazakh_balance: StockBalance

    def urls(self) -> list[str]:
        """Every supply page and endpoint, with Afghan records."""
        pledge = self.payment.commitment.pledge_id
        return [
            "/en/supply/",
            "/en/supply/balances/",
            f"/en/supply/balances/{self.afghan_balance.pk}/",
            "/en/supply/expiry/",
            "/en/supply/losses/",
            "/en/supply/waybills/",
            f"/en/supply/waybills/{self.waybill.pk}/",
            f"/en/supply/waybills/{self.waybill.pk}/print/",
            f"/en/supply/waybills/{self.waybill.pk}/grn/",
            f"/en/supply/waybills/{self.waybill.pk}/waybill.pdf",
            f"/en/supply/waybills/{self.waybill.pk}/grn.pdf",
            f"/en/supply/pledges/{pledge}/pipeline/",
            "/en/supply/contributions/",
            "/en/supply/counts/",
            "/en/supply/waybills/new/",
            "/en/supply/counts/new/",
            "/api/v1/supply/commodities/",
            "/api/v1/supply/lots/",
            "/api/v1/supply/balances/",
            "/api/v1/supply/movements/",
            "/api/v1/supply/waybills/",
            f"/api/v1/supply/waybills/{self.waybill.pk}/",
            f"/api/v1/supply/pipeline/{pledge}/",
        ]


def make_pages(world: World, stock: Stock, actor: User) -> Pages:
    waybill = services.waybill_create(
        actor=actor,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(500), packages=10)],
        number="WB-AFG-1",
    )
    services.waybill_dispatch(actor=actor, waybill=waybill, dispatched_on=D(2023, 6, 1))
    services.waybill_receive(
        actor=actor,
        waybill=waybill,
        received_on=D(2023, 6, 3),
        lines=[ReceivedLine(waybill.lines.get(), Decimal(450), "theft", "before_custody")],
    )
    draft = services.waybill_create(
        actor=actor,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(10))],
        number="WB-AFG-2",
    )
    count = services.stock_count_record(
        actor=actor,
        site=world.kabul_warehouse,
        counted_on=D(2023, 9, 30),
        reason="Quarterly count",
        lines=[CountedLine(stock.kabul_lot, Decimal(499))],
    )
    return Pages(
        waybill=waybill,
        draft=draft,
        count=count,
        payment=in_kind_payment(world),
        afghan_balance=StockBalance.objects.get(site=world.kabul_warehouse, lot=stock.kabul_lot),
        kazakh_balance=StockBalance.objects.get(site=world.almaty_warehouse, lot=stock.almaty_lot),
    )
