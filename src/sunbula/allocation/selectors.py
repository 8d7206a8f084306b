"""Every read of allocation, authorised and narrowed to the user's countries and programmes."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from sunbula.allocation.basket import Item, nutrients_for
from sunbula.allocation.models import AllocationProposal, ProposalLine, month_start
from sunbula.allocation.permissions import AllocationPerm
from sunbula.assistance.models import Cycle
from sunbula.core.access import AnyUser, fetch, require_permission
from sunbula.core.models import Site
from sunbula.core.selectors import where_given
from sunbula.supply.models import BaseUnit, Commodity, PurchaseOrder
from sunbula.supply.selectors import balance_list, purchase_order_list


def proposal_list(*, user: AnyUser, cycle: Cycle | None = None) -> QuerySet[AllocationProposal]:
    scope = require_permission(user, AllocationPerm.VIEW_ALLOCATION)
    proposals = scope.filter(
        AllocationProposal.objects.select_related("cycle", "proposed_by", "approved_by")
    )
    return where_given(proposals, cycle=cycle).order_by("-created_at", "-pk")


def proposal_for_user(*, user: AnyUser, pk: object, write: str | None = None) -> AllocationProposal:
    return fetch(
        AllocationProposal.objects.select_related("cycle", "cycle__country"),
        user,
        pk,
        perm=AllocationPerm.VIEW_ALLOCATION,
        write=write,
    )


def cycle_for_user(*, user: AnyUser, pk: object, write: str | None = None) -> Cycle:
    """A cycle whose allocation the user may see (and, with `write`, propose)."""
    return fetch(
        Cycle.objects.select_related("project", "country"),
        user,
        pk,
        perm=AllocationPerm.VIEW_ALLOCATION,
        write=write,
    )


def proposal_lines(*, user: AnyUser, proposal: AllocationProposal) -> QuerySet[ProposalLine]:
    require_permission(user, AllocationPerm.VIEW_ALLOCATION)
    return proposal.lines.select_related("lot", "lot__commodity", "origin", "site", "waybill")


def line_for_user(*, user: AnyUser, pk: object) -> ProposalLine:
    return fetch(
        ProposalLine.objects.select_related("proposal", "proposal__cycle"),
        user,
        pk,
        perm=AllocationPerm.VIEW_ALLOCATION,
        write=AllocationPerm.PROPOSE_ALLOCATION,
        rule=AllocationProposal.scope_rule.under("proposal"),
    )


@dataclass(frozen=True)
class PlanRow:
    """One site and month of a proposal: the plan's people and what the proposal gives them."""

    site: str
    site_url: str
    month: int
    starts_on: datetime.date
    people: float
    people_served: float
    # What each person served is given a day: the full ration when caseload is cut, the
    # floor or more when rations are; not the food shared among everyone planned.
    kcal_per_person_served: float
    full_kcal: float
    weight: float


def plan_rows(*, user: AnyUser, proposal: AllocationProposal) -> list[PlanRow]:
    require_permission(user, AllocationPerm.VIEW_ALLOCATION)
    rows = proposal.explanation.get("sites", [])
    sites = Site.objects.in_bulk([row["site"] for row in rows])
    return [
        PlanRow(
            sites[row["site"]].local_name if row["site"] in sites else str(row["site"]),
            sites[row["site"]].get_absolute_url() if row["site"] in sites else "",
            int(row["month"]) + 1,
            month_start(proposal.cycle, int(row["month"])),
            row["people"],
            row["people_served"],
            _ration_served(row),
            row["full_kcal"],
            row["weight"],
        )
        for row in rows
    ]


def _ration_served(row: dict[str, Any]) -> float:
    """The kcal a day each person served receives: the model gives the food delivered per
    person planned, shared here among those it serves."""
    served = float(row["people_served"])
    if served <= 0:
        return 0.0
    ration = float(row["kcal_per_person_day"]) * float(row["people"]) / served
    return min(ration, float(row["full_kcal"]))


@dataclass(frozen=True)
class Constraint:
    """A constraint that holds a proposal back, named for a reader: a lot used up (by its
    reference, where it is held) or a site's ration floor or need in one month (counted from
    1); and what relaxing it by one unit is worth to the model (its shadow price)."""

    kind: str  # "lot", "floor", "need"
    lot: str
    site: str
    month: int | None
    shadow_price: float


def binding_constraints(*, user: AnyUser, proposal: AllocationProposal) -> list[Constraint]:
    """What holds the proposal back, as the model found it; the model names a lot by its key
    (lot id @ site id) and a site by its id."""
    require_permission(user, AllocationPerm.VIEW_ALLOCATION)
    items = proposal.explanation.get("model", {}).get("binding", [])
    references: dict[str, str] = proposal.explanation.get("lots", {})
    site_ids = {
        str(item["subject"]).partition("@")[2] if item["kind"] == "lot" else str(item["subject"])
        for item in items
    }
    sites = Site.objects.in_bulk([int(pk) for pk in site_ids if pk.isdigit()])
    named = {
        pk: sites[int(pk)].local_name if pk.isdigit() and int(pk) in sites else pk
        for pk in site_ids
    }
    constraints = []
    for item in items:
        subject = str(item["subject"])
        lot = item["kind"] == "lot"
        constraints.append(
            Constraint(
                item["kind"],
                references.get(subject, subject) if lot else "",
                named[subject.partition("@")[2] if lot else subject],
                None if item.get("month") is None else int(item["month"]) + 1,
                float(item["shadow_price"]),
            )
        )
    return constraints


def commodity_names(codes: Iterable[str | None]) -> dict[str, str]:
    """The names, in the reader's language, of the commodities the model's results name by
    their codes; a code no longer known stands for itself."""
    wanted = {code for code in codes if code}
    names = {code: code for code in wanted}
    for commodity in Commodity.objects.filter(code__in=wanted):
        names[commodity.code] = commodity.local_name
    return names


def basket_items(*, user: AnyUser, country_id: int | None = None) -> list[Item]:
    """The food commodities in the pipeline of the user's countries (on hand, and ordered
    but not yet received), with their nutrients, a price (the latest purchase's, in US
    dollars per kilogram, else a reference price) and how many kilograms there are."""
    held: dict[str, Decimal] = defaultdict(Decimal)
    prices: dict[str, Decimal] = {}
    commodities: dict[str, Any] = {}
    balances = where_given(balance_list(user=user), site__country_id=country_id)
    for balance in balances:
        commodity = balance.lot.commodity
        if commodity.base_unit in (BaseUnit.KG, BaseUnit.LITRE):
            held[commodity.code] += balance.quantity
            commodities[commodity.code] = commodity
    orders = purchase_order_list(user=user).exclude(
        status__in=(PurchaseOrder.Status.DRAFT, PurchaseOrder.Status.CANCELLED)
    )
    orders = where_given(orders, commitment__pledge__country_id=country_id)
    for order in orders:  # newest first
        commodity = order.commodity
        if commodity.base_unit not in (BaseUnit.KG, BaseUnit.LITRE):
            continue
        quantity = order.base_quantity
        if quantity > 0:
            prices.setdefault(commodity.code, order.amount_usd / quantity)
        if order.status in (PurchaseOrder.Status.ORDERED, PurchaseOrder.Status.PARTLY_RECEIVED):
            arrived = getattr(order, "received", None) or Decimal(0)
            held[commodity.code] += max(Decimal(0), quantity - arrived)
            commodities[commodity.code] = commodity
    items = []
    for code, commodity in sorted(commodities.items()):
        nutrients = nutrients_for(code, commodity.category)
        if nutrients is None:
            continue
        items.append(
            Item(
                commodity=code,
                kcal_per_kg=nutrients.kcal,
                protein_g_per_kg=nutrients.protein_g,
                fat_g_per_kg=nutrients.fat_g,
                price_per_kg=round(float(prices.get(code, nutrients.price_usd)), 4),
                available_kg=float(held[code]),
                max_kg_per_day=nutrients.max_kg,
                name=commodity.local_name,
            )
        )
    return items
