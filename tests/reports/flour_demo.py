"""Flour for Humanity on the demo, from pledge to plate: who looks at it, and its ledgers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from sunbula.assistance.models import Draw
from sunbula.core.models import Organisation, User
from sunbula.funding.models import Pledge
from sunbula.supply.models import Lot, StockBalance, WaybillLine

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
