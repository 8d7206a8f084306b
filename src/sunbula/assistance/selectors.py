"""Every read of assistance, authorised and narrowed to the user's countries, and the
pledge-to-plate trace of a set of lots."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from sunbula.assistance.models import (
    Beneficiary,
    CountedFor,
    Cycle,
    Distribution,
    DistributionTally,
    Entitlement,
    ReachedTally,
)
from sunbula.assistance.permissions import AssistancePerm
from sunbula.assistance.targeting import eligible
from sunbula.core.access import AnyUser, require_permission
from sunbula.supply.models import Lot, StockBalance, WaybillLine

ZERO = Decimal(0)
GRAM = Decimal("0.001")


def cycle_list(*, user: AnyUser) -> QuerySet[Cycle]:
    scope = require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    return (
        scope.filter(Cycle.objects.select_related("project", "country"))
        .annotate(listed=Count("beneficiaries", distinct=True))
        .order_by("-period_start", "name", "pk")
    )


def eligible_count(*, user: AnyUser, cycle: Cycle) -> int:
    """The preview: how many records the rules select now."""
    require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    return eligible(cycle).count()


def beneficiary_list(*, user: AnyUser, cycle: Cycle) -> QuerySet[Beneficiary]:
    require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    return cycle.beneficiaries.order_by("reference")


def entitlement_summary(*, user: AnyUser, cycle: Cycle) -> list[dict[str, Any]]:
    """Per commodity and status: how many entitlements, kilograms entitled and handed over."""
    require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    return [
        dict(row)
        for row in Entitlement.objects.filter(cycle=cycle)
        .values("commodity__name", "status")
        .annotate(count=Count("pk"), entitled=Sum("quantity"), distributed=Sum("distributed"))
        .order_by("commodity__name", "status")
    ]


def distribution_list(*, user: AnyUser, cycle: Cycle | None = None) -> QuerySet[Distribution]:
    scope = require_permission(user, AssistancePerm.VIEW_ASSISTANCE)
    distributions = scope.filter(
        Distribution.objects.select_related("beneficiary", "site", "entitlement__commodity")
    )
    if cycle is not None:
        distributions = distributions.filter(entitlement__cycle=cycle)
    return distributions.order_by("-distributed_on", "-pk")


@dataclass
class Trace:
    """Where the kilograms of some lots went, and whom they reached."""

    received: Decimal = ZERO
    dispatched: Decimal = ZERO
    in_transit: Decimal = ZERO
    delivered: Decimal = ZERO
    lost_in_transit: Decimal = ZERO
    lost_in_store: Decimal = ZERO
    distributed: Decimal = ZERO
    distributed_at_origin: Decimal = ZERO
    distributed_at_destination: Decimal = ZERO
    in_stock: Decimal = ZERO
    in_stock_at_origin: Decimal = ZERO
    in_stock_at_destination: Decimal = ZERO
    people: int = 0
    females: int = 0
    males: int = 0
    children: int = 0
    adults: int = 0
    elderly: int = 0
    by_displacement: dict[str, int] = field(default_factory=dict)
    institution_kg: Decimal = ZERO
    person_days: Decimal = ZERO
    in_stock_by_site: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def lost(self) -> Decimal:
        return self.lost_in_transit + self.lost_in_store

    @property
    def sex_not_recorded(self) -> int:
        return self.people - self.females - self.males

    def as_dict(self) -> dict[str, Any]:
        kilograms = (
            "received",
            "dispatched",
            "in_transit",
            "delivered",
            "lost_in_transit",
            "lost_in_store",
            "distributed",
            "distributed_at_origin",
            "distributed_at_destination",
            "in_stock",
            "in_stock_at_origin",
            "in_stock_at_destination",
            "institution_kg",
        )
        data: dict[str, Any] = {name: str(getattr(self, name).quantize(GRAM)) for name in kilograms}
        data["lost"] = str(self.lost.quantize(GRAM))
        data["person_days"] = str(self.person_days)
        data["people_reached"] = {
            "total": self.people,
            "by_sex": {
                "female": self.females,
                "male": self.males,
                "not_recorded": self.sex_not_recorded,
            },
            "by_age_group": {
                "children": self.children,
                "adults": self.adults,
                "elderly": self.elderly,
            },
            "by_displacement": self.by_displacement,
        }
        data["in_stock_by_site"] = [
            {"site": site, "quantity": str(quantity.quantize(GRAM))}
            for site, quantity in self.in_stock_by_site
        ]
        return data


def _total(rows: QuerySet[Any], column: str) -> Decimal:
    value: Decimal | None = rows.aggregate(total=Sum(column))["total"]
    return value or ZERO


def trace_for_lots(lots: QuerySet[Lot], counted_for: CountedFor = CountedFor.LOT) -> Trace:
    """The trace of a set of lots (callers authorise); people are counted once within each
    lot, or once within the pledge when the lots are a pledge's.

    Read from a handful of rows per lot and site, never from every distribution: what was
    received from the lots, what travelled from the waybill lines, what is on hand from the
    balances, and what was handed out, and to whom, from the tallies the distributions keep
    per cycle, lot and site (assistance.tallies). Whatever else left a site (store losses net of count
    adjustments) is what the balance lacks once all of that is accounted for.
    """
    lot_ids = list(lots.values_list("pk", flat=True))
    trace = Trace()
    trace.received = _total(Lot.objects.filter(pk__in=lot_ids), "quantity_received")
    came_in: dict[tuple[int, int], Decimal] = {}
    went_out: dict[tuple[int, int], Decimal] = {}
    for line in (
        WaybillLine.objects.filter(lot_id__in=lot_ids)
        .exclude(waybill__status="draft")
        .values(
            "lot_id",
            "quantity",
            "received_quantity",
            "lost_quantity",
            "waybill__status",
            "waybill__origin_id",
            "waybill__destination_id",
        )
    ):
        origin = (line["lot_id"], line["waybill__origin_id"])
        destination = (line["lot_id"], line["waybill__destination_id"])
        went_out[origin] = went_out.get(origin, ZERO) + line["quantity"]
        trace.dispatched += line["quantity"]
        if line["waybill__status"] == "dispatched":
            trace.in_transit += line["quantity"]
        if line["received_quantity"] is not None:
            trace.delivered += line["received_quantity"]
            trace.lost_in_transit += line["lost_quantity"]
            came_in[destination] = came_in.get(destination, ZERO) + line["received_quantity"]
    handed: dict[tuple[int, int], Decimal] = {}
    for row in DistributionTally.objects.filter(lot_id__in=lot_ids).values(
        "lot_id", "site_id", "is_institution", "quantity", "person_days"
    ):
        key = (row["lot_id"], row["site_id"])
        handed[key] = handed.get(key, ZERO) + row["quantity"]
        if row["is_institution"]:
            trace.institution_kg += row["quantity"]
            trace.person_days += row["person_days"]
    received_by_lot = dict(
        Lot.objects.filter(pk__in=lot_ids).values_list("pk", "quantity_received")
    )
    by_site: dict[str, Decimal] = {}
    for balance in StockBalance.objects.filter(lot_id__in=lot_ids).select_related("site"):
        key = (balance.lot_id, balance.site_id)
        at_origin = key not in came_in
        arrived = received_by_lot[balance.lot_id] if at_origin else came_in[key]
        out = handed.get(key, ZERO)
        trace.lost_in_store += arrived - went_out.get(key, ZERO) - out - balance.quantity
        if at_origin:
            trace.distributed_at_origin += out
            trace.in_stock_at_origin += balance.quantity
        else:
            trace.distributed_at_destination += out
            trace.in_stock_at_destination += balance.quantity
        if balance.quantity:
            name = str(balance.site)
            by_site[name] = by_site.get(name, ZERO) + balance.quantity
    trace.distributed = trace.distributed_at_origin + trace.distributed_at_destination
    trace.in_stock = trace.in_stock_at_origin + trace.in_stock_at_destination
    trace.in_stock_by_site = sorted(by_site.items())
    groups = ("people", "females", "males", "children", "adults", "elderly")
    for group in (
        ReachedTally.objects.filter(counted_for=counted_for, lot_id__in=lot_ids)
        .values("displacement")
        .annotate(**{name: Sum(name) for name in groups})
        .order_by("displacement")
    ):
        figures: dict[str, Any] = dict(group)
        for name in groups:
            setattr(trace, name, getattr(trace, name) + (figures[name] or 0))
        where = figures["displacement"] or "not_recorded"
        trace.by_displacement[where] = trace.by_displacement.get(where, 0) + (
            figures["people"] or 0
        )
    return trace


def pledge_trace(*, user: AnyUser, pledge_id: int) -> Trace:
    require_permission(user, AssistancePerm.VIEW_TRACE)
    return trace_for_lots(Lot.objects.filter(pledge_id=pledge_id), CountedFor.PLEDGE)


def lot_trace(*, user: AnyUser, lot_id: int) -> Trace:
    require_permission(user, AssistancePerm.VIEW_TRACE)
    return trace_for_lots(Lot.objects.filter(pk=lot_id))


def pledge_lots(*, user: AnyUser, pledge_id: int) -> QuerySet[Lot]:
    scope = require_permission(user, AssistancePerm.VIEW_TRACE)
    return scope.filter(Lot.objects.filter(pledge_id=pledge_id).select_related("commodity"))
