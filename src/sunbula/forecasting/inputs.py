"""What the forecast reads from the chain, as of a day, for one country (and programme):
stock on hand by province and lot, planned entitlements by month, goods on the road and
in-kind commitments and pledges still to come, with transit times, losses and delivery
delays learned from the project's own waybills and payments (defaults where too few).

Everything here reads; nothing writes. The caller has authorised the country and programme.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from sunbula.assistance.models import Distribution, Entitlement
from sunbula.core.models import AdminArea, Country
from sunbula.forecasting.model import (
    DAYS_PER_MONTH,
    DEFAULT_DELIVERY,
    DEFAULT_LOSS,
    DEFAULT_TRANSIT,
    Arrival,
    Delay,
    LossRate,
    Series,
    Stock,
    learn_delay,
    learn_loss,
)
from sunbula.funding.models import Commitment, ContributionType, Payment, Pledge
from sunbula.programmes.models import Programme
from sunbula.supply.models import Commodity, StockMovement, Waybill, WaybillLine

# Kilograms per unit an in-kind pledge may be given in.
KG_PER_UNIT = {"": Decimal(1), "kg": Decimal(1), "t": Decimal(1000), "mt": Decimal(1000)}
# What a cycle plans to hand over: entitlements waiting for their second reviewer are planned
# too (the allocation shares stock among them), only a cancelled one is not.
ENTITLED = (
    Entitlement.Status.DRAFT,
    Entitlement.Status.APPROVED,
    Entitlement.Status.PARTLY,
    Entitlement.Status.DISTRIBUTED,
)

SeriesKey = tuple[int, int]  # (commodity id, province id)
# Something left out of the forecast: {"kind": "sites_without_province", "sites": 2},
# {"kind": "entitled_without_province", "kg": "120.000"} or
# {"kind": "pledge_not_recognised", "pledge": "FFH-1"}; the page says each in words.
Note = dict[str, str | int]


def month_starts(as_of: datetime.date, horizon: int) -> list[datetime.date]:
    return [as_of + datetime.timedelta(days=DAYS_PER_MONTH * k) for k in range(horizon)]


@dataclass
class _Draft:
    stock: list[Stock] = field(default_factory=list)
    needs: list[float] = field(default_factory=list)
    arrivals: list[Arrival] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ChainInputs:
    """The series to simulate, keyed by (commodity id, province id), and what was learned."""

    as_of: datetime.date
    horizon: int
    series: dict[SeriesKey, Series]
    learned: dict[str, Any]
    # What the forecast could not count, each by its kind and figures (see `Note`).
    notes: list[Note]


class _Provinces:
    """Every admin area of the country mapped to its province (level 1)."""

    def __init__(self, country: Country) -> None:
        rows = AdminArea.objects.filter(country=country).values_list("pk", "level", "parent_id")
        self._parent = {pk: (level, parent) for pk, level, parent in rows}

    def of(self, area_id: int | None) -> int | None:
        seen = 0
        while area_id is not None and seen < 6:
            level, parent = self._parent.get(area_id, (None, None))
            if level is None:
                return None
            if level == 1:
                return area_id
            area_id, seen = parent, seen + 1
        return None


def _days(later: datetime.date, earlier: datetime.date) -> float:
    return float((later - earlier).days)


@dataclass(frozen=True)
class Learned:
    transit_by_province: dict[int, Delay]
    transit: Delay
    loss_by_province: dict[int, LossRate]
    loss: LossRate
    after_commitment: Delay
    after_pledge: Delay

    def transit_to(self, province: int) -> Delay:
        return self.transit_by_province.get(province, self.transit)

    def loss_to(self, province: int) -> LossRate:
        return self.loss_by_province.get(province, self.loss)

    def explain(self) -> dict[str, Any]:
        return {
            "transit": self.transit.explain(),
            "transit_by_province": {
                str(province): delay.explain()
                for province, delay in self.transit_by_province.items()
            },
            "loss": self.loss.explain(),
            "loss_by_province": {
                str(province): loss.explain() for province, loss in self.loss_by_province.items()
            },
            "delivery_after_commitment": self.after_commitment.explain(),
            "delivery_after_pledge": self.after_pledge.explain(),
        }


def learn(country: Country, as_of: datetime.date, provinces: _Provinces) -> Learned:
    """Transit times and losses from the country's received waybills, delivery delays from its
    in-kind payments, all as known on `as_of`; per province where it has enough waybills."""
    lines = WaybillLine.objects.filter(
        waybill__destination__country=country,
        waybill__dispatched_on__isnull=False,
        waybill__received_on__isnull=False,
        waybill__received_on__lte=as_of,
    ).values_list(
        "waybill_id",
        "waybill__dispatched_on",
        "waybill__received_on",
        "waybill__destination__admin_area",
        "quantity",
        "lost_quantity",
    )
    transit_days: dict[int, float] = {}
    transit_by_province: dict[int, list[float]] = defaultdict(list)
    losses: list[float] = []
    loss_by_province: dict[int, list[float]] = defaultdict(list)
    for waybill, dispatched, received, area, sent, lost in lines:
        province = provinces.of(area)
        if dispatched is None or received is None:
            continue
        if waybill not in transit_days:
            transit_days[waybill] = _days(received, dispatched)
            if province is not None:
                transit_by_province[province].append(transit_days[waybill])
        share = float(lost / sent) if sent else 0.0
        losses.append(share)
        if province is not None:
            loss_by_province[province].append(share)
    transit = learn_delay(list(transit_days.values()), DEFAULT_TRANSIT)
    loss = learn_loss(losses, DEFAULT_LOSS)
    own_transit = {p: learn_delay(days, transit) for p, days in transit_by_province.items()}
    own_loss = {p: learn_loss(shares, loss) for p, shares in loss_by_province.items()}
    payments = Payment.objects.filter(
        commitment__pledge__country=country,
        commitment__pledge__contribution_type=ContributionType.IN_KIND,
        paid_on__lte=as_of,
    ).values_list("paid_on", "commitment__committed_on", "commitment__pledge__pledged_on")
    after_commitment = [_days(paid, committed) for paid, committed, _pledged in payments]
    after_pledge = [_days(paid, pledged) for paid, _committed, pledged in payments]
    return Learned(
        transit_by_province={p: d for p, d in own_transit.items() if not d.defaulted},
        transit=transit,
        loss_by_province={p: r for p, r in own_loss.items() if not r.defaulted},
        loss=loss,
        after_commitment=learn_delay(after_commitment, DEFAULT_DELIVERY),
        after_pledge=learn_delay(after_pledge, DEFAULT_DELIVERY),
    )


def _end_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(0), tzinfo=datetime.UTC
    )


def _programme_lots(programme: Programme | None) -> Q:
    """Lots a programme's forecast counts: earmarked to it, or to no programme."""
    if programme is None:
        return Q()
    return Q(lot__pledge__programme=programme) | Q(lot__pledge__programme__isnull=True)


def _stock(
    country: Country,
    programme: Programme | None,
    as_of: datetime.date,
    provinces: _Provinces,
    drafts: dict[SeriesKey, _Draft],
    notes: list[Note],
) -> None:
    rows = (
        StockMovement.objects.filter(site__country=country, occurred_at__lt=_end_of(as_of))
        .filter(_programme_lots(programme))
        .values("site_id", "site__admin_area", "lot__commodity", "lot__expires_on")
        .annotate(quantity=Sum("quantity"))
    )
    unplaced: set[int] = set()
    for row in rows:
        if row["quantity"] <= 0:
            continue
        province = provinces.of(row["site__admin_area"])
        if province is None:
            unplaced.add(row["site_id"])
            continue
        expires = row["lot__expires_on"]
        drafts[(row["lot__commodity"], province)].stock.append(
            Stock(float(row["quantity"]), None if expires is None else _days(expires, as_of))
        )
    if unplaced:
        notes.append({"kind": "sites_without_province", "sites": len(unplaced)})


def _needs(
    country: Country,
    programme: Programme | None,
    as_of: datetime.date,
    horizon: int,
    provinces: _Provinces,
    drafts: dict[SeriesKey, _Draft],
    notes: list[Note],
) -> None:
    """Entitlements still to be given on `as_of`, spread evenly over what is left of their
    cycle's period, in the province of the beneficiary (or of the institution's site)."""
    entitlements = Entitlement.objects.filter(
        cycle__country=country, cycle__period_end__gte=as_of, status__in=ENTITLED
    )
    if programme is not None:
        entitlements = entitlements.filter(cycle__project__programme=programme)
    keys = (
        "cycle_id",
        "cycle__period_start",
        "cycle__period_end",
        "commodity_id",
        "beneficiary__admin_area",
        "beneficiary__institution__site__admin_area",
    )
    entitled = entitlements.values(*keys).annotate(quantity=Sum("quantity"))
    given = {
        tuple(row[f"entitlement__{key}"] for key in keys): row["quantity"]
        for row in Distribution.objects.filter(
            entitlement__in=entitlements, distributed_on__lt=as_of
        )
        .values(*(f"entitlement__{key}" for key in keys))
        .annotate(quantity=Sum("quantity"))
    }
    starts = month_starts(as_of, horizon)
    end = as_of + datetime.timedelta(days=DAYS_PER_MONTH * horizon)
    unplaced = Decimal(0)
    for row in entitled:
        remaining = row["quantity"] - (given.get(tuple(row[key] for key in keys)) or 0)
        if remaining <= 0:
            continue
        area = row["beneficiary__admin_area"] or row["beneficiary__institution__site__admin_area"]
        province = provinces.of(area)
        if province is None:
            unplaced += remaining
            continue
        first = max(as_of, row["cycle__period_start"])
        last = row["cycle__period_end"]  # inclusive
        days = (last - first).days + 1
        if days <= 0 or first >= end:
            continue
        draft = drafts[(row["commodity_id"], province)]
        if not draft.needs:
            draft.needs = [0.0] * horizon
        for month, start in enumerate(starts):
            stop = start + datetime.timedelta(days=DAYS_PER_MONTH)
            overlap = (min(stop, last + datetime.timedelta(days=1)) - max(start, first)).days
            if overlap > 0:
                draft.needs[month] += float(remaining) * overlap / days
    if unplaced:
        notes.append({"kind": "entitled_without_province", "kg": str(unplaced)})


def _on_the_road(
    country: Country,
    programme: Programme | None,
    as_of: datetime.date,
    provinces: _Provinces,
    learned: Learned,
    drafts: dict[SeriesKey, _Draft],
) -> None:
    """Waybill lines dispatched by `as_of` and not yet received then, to their province."""
    lines = (
        WaybillLine.objects.filter(
            waybill__destination__country=country,
            waybill__dispatched_on__lte=as_of,
        )
        .exclude(waybill__status=Waybill.Status.CANCELLED)
        .filter(Q(waybill__received_on__isnull=True) | Q(waybill__received_on__gt=as_of))
        .filter(_programme_lots(programme))
        .values_list(
            "waybill__number",
            "waybill__dispatched_on",
            "waybill__destination__admin_area",
            "lot__commodity",
            "quantity",
        )
    )
    for number, dispatched, area, commodity, quantity in lines:
        province = provinces.of(area)
        if province is None or dispatched is None:
            continue
        drafts[(commodity, province)].arrivals.append(
            Arrival(
                source="waybill",
                reference=number,
                quantity=float(quantity),
                delays=(learned.transit_to(province).after(_days(as_of, dispatched)),),
                loss=learned.loss_to(province),
            )
        )


@dataclass(frozen=True)
class _Pipeline:
    source: str
    reference: str
    commodity: int
    kilograms: float
    delay: Delay


def _share_of(part: Decimal | None, whole: Decimal | None, quantity: Decimal) -> Decimal:
    """The quantity a money amount stands for, where a record gives the amount only."""
    if not part or not whole:
        return Decimal(0)
    return quantity * min(part / whole, Decimal(1))


def _money_chain(
    country: Country, programme: Programme | None, as_of: datetime.date, learned: Learned
) -> tuple[list[_Pipeline], list[Note]]:
    """In-kind commitments not yet delivered, and pledged quantities not yet committed, in
    kilograms. A commitment or payment that gives only an amount stands for its share of the
    pledge's (or commitment's) quantity."""
    # A pledge names its commodity in free text, by code or English name (funding.commodities).
    commodities = {
        label.casefold(): pk
        for pk, code, name in Commodity.objects.values_list("pk", "code", "name")
        for label in (code, name)
    }
    pledges = Pledge.objects.filter(
        country=country,
        contribution_type=ContributionType.IN_KIND,
        status=Pledge.Status.ACTIVE,
        pledged_on__lte=as_of,
        quantity__isnull=False,
    )
    if programme is not None:
        pledges = pledges.filter(programme=programme)
    delivered: dict[int, list[tuple[Decimal | None, Decimal]]] = defaultdict(list)
    for commitment, quantity, amount in Payment.objects.filter(
        commitment__pledge__in=pledges, paid_on__lte=as_of
    ).values_list("commitment_id", "quantity", "amount"):
        delivered[commitment].append((quantity, amount))
    by_pledge: dict[int, list[tuple[int, datetime.date, Decimal | None, Decimal]]] = defaultdict(
        list
    )
    for row in Commitment.objects.filter(pledge__in=pledges, committed_on__lte=as_of).values_list(
        "pledge_id", "pk", "committed_on", "quantity", "amount"
    ):
        by_pledge[row[0]].append(row[1:])
    pipeline: list[_Pipeline] = []
    notes: list[Note] = []
    for pledge, reference, text, unit, pledged, amount, pledged_on in pledges.values_list(
        "pk", "reference", "commodity", "unit", "quantity", "amount", "pledged_on"
    ):
        commodity = commodities.get(text.strip().casefold())
        factor = KG_PER_UNIT.get(unit.strip().casefold())
        if commodity is None or factor is None or pledged is None:
            notes.append({"kind": "pledge_not_recognised", "pledge": reference})
            continue
        committed_total = Decimal(0)
        for commitment, committed_on, quantity, committed_amount in by_pledge[pledge]:
            committed = (
                quantity if quantity is not None else (_share_of(committed_amount, amount, pledged))
            )
            committed_total += committed
            paid = sum(
                (
                    paid_quantity
                    if paid_quantity is not None
                    else _share_of(paid_amount, committed_amount, committed)
                    for paid_quantity, paid_amount in delivered[commitment]
                ),
                Decimal(0),
            )
            if committed - paid > 0:
                pipeline.append(
                    _Pipeline(
                        "commitment",
                        reference,
                        commodity,
                        float((committed - paid) * factor),
                        learned.after_commitment.after(_days(as_of, committed_on)),
                    )
                )
        if pledged - committed_total > 0:
            pipeline.append(
                _Pipeline(
                    "pledge",
                    reference,
                    commodity,
                    float((pledged - committed_total) * factor),
                    learned.after_pledge.after(_days(as_of, pledged_on)),
                )
            )
    return pipeline, notes


def _share_pipeline(
    pipeline: list[_Pipeline], learned: Learned, drafts: dict[SeriesKey, _Draft]
) -> None:
    """National arrivals shared among provinces in proportion to their need of the commodity
    (they reach the country first, then travel on like any waybill)."""
    need_by_commodity: dict[int, dict[int, float]] = defaultdict(dict)
    for (commodity, province), draft in drafts.items():
        total = sum(draft.needs)
        if total > 0:
            need_by_commodity[commodity][province] = total
    for item in pipeline:
        needs = need_by_commodity.get(item.commodity)
        if not needs:
            continue
        whole = sum(needs.values())
        for province, need in needs.items():
            drafts[(item.commodity, province)].arrivals.append(
                Arrival(
                    source=item.source,
                    reference=item.reference,
                    quantity=item.kilograms * need / whole,
                    delays=(item.delay, learned.transit_to(province)),
                    loss=learned.loss_to(province),
                )
            )


def chain_inputs(
    *,
    country: Country,
    programme: Programme | None,
    as_of: datetime.date,
    horizon: int,
) -> ChainInputs:
    """Every series of the country (or programme) with stock, need or arrivals in the horizon."""
    provinces = _Provinces(country)
    drafts: dict[SeriesKey, _Draft] = defaultdict(_Draft)
    notes: list[Note] = []
    learned = learn(country, as_of, provinces)
    _stock(country, programme, as_of, provinces, drafts, notes)
    _needs(country, programme, as_of, horizon, provinces, drafts, notes)
    _on_the_road(country, programme, as_of, provinces, learned, drafts)
    pipeline, pipeline_notes = _money_chain(country, programme, as_of, learned)
    notes.extend(pipeline_notes)
    _share_pipeline(pipeline, learned, drafts)
    series = {
        key: Series(
            commodity=str(key[0]),
            place=str(key[1]),
            stock=tuple(draft.stock),
            needs=tuple(draft.needs or [0.0] * horizon),
            arrivals=tuple(draft.arrivals),
            notes=tuple(draft.notes),
        )
        for key, draft in sorted(drafts.items())
    }
    return ChainInputs(as_of, horizon, series, learned.explain(), notes)
