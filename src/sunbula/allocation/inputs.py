"""The allocation problem of a cycle, read through the domains' selectors within the user's
scope: the people the cycle serves, by the stock-keeping site that serves them, month by
month; the food lots on hand in the cycle's country; routes between sites estimated from their
coordinates; and each site's IPC phase from the latest situation data."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from sunbula.allocation import model
from sunbula.allocation.models import month_start
from sunbula.assistance.models import Beneficiary, Cycle
from sunbula.assistance.selectors import beneficiary_list, ration_summary
from sunbula.core.access import AnyUser, has_permission
from sunbula.core.models import AdminArea, Site
from sunbula.monitoring.permissions import MonitoringPerm
from sunbula.monitoring.selectors import phase_population_list
from sunbula.supply.models import BaseUnit, StockBalance
from sunbula.supply.selectors import balance_list, stock_sites

MAX_MONTHS = 12
# Road freight in US dollars per tonne-kilometre, and how far a truck goes in a month's
# planning window before the delivery slips to the next month.
COST_PER_TONNE_KM = 0.10
KM_PER_MONTH = 800.0
# Vegetable oil is counted in litres; its energy is given per kilogram.
KG_PER_LITRE = Decimal("0.92")


@dataclass
class CycleProblem:
    """A cycle's allocation problem and the records its keys stand for."""

    problem: model.Problem
    month_starts: list[datetime.date]
    sites: dict[str, Site]
    balances: dict[str, StockBalance]
    # Beneficiaries by the key of the site that serves them; those no site serves.
    served_by: dict[str, list[Beneficiary]] = field(default_factory=dict)
    unplaced: int = 0


def month_starts(cycle: Cycle) -> list[datetime.date]:
    """The first day of each month of the cycle (months of 30 days from its start)."""
    count = min(MAX_MONTHS, max(1, math.ceil(cycle.days / model.DAYS_PER_MONTH)))
    return [month_start(cycle, n) for n in range(count)]


def _month_days(cycle: Cycle, starts: list[datetime.date], month: int) -> int:
    end = min(cycle.period_end, starts[month] + datetime.timedelta(days=model.DAYS_PER_MONTH - 1))
    return max(0, (end - starts[month]).days + 1)


def _site_for(
    beneficiary: Beneficiary,
    by_area: dict[int, Site],
    sites: dict[int, Site],
    parents: Mapping[int, int | None],
) -> Site | None:
    institution = beneficiary.institution
    if institution is not None and institution.site_id in sites:
        return sites[institution.site_id]
    area_id = beneficiary.admin_area_id
    while area_id is not None:
        if area_id in by_area:
            return by_area[area_id]
        area_id = parents.get(area_id)
    return None


def _km(a: Site, b: Site) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = (
        math.radians(float(value or 0))
        for value in (a.latitude, a.longitude, b.latitude, b.longitude)
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    # Roads wind: 1.3 times the great-circle distance.
    return 1.3 * 2 * 6371.0 * math.asin(math.sqrt(h))


def _lead_months(km: float, cycle: Cycle, today: datetime.date) -> int:
    """The months of the plan a delivery over `km` misses: its time on the road (a month per
    KM_PER_MONTH) less the days left before the cycle starts, when it can already be sent."""
    on_the_road = km / KM_PER_MONTH * model.DAYS_PER_MONTH
    ahead = max(0, (cycle.period_start - today).days)
    return int(max(0.0, on_the_road - ahead) // model.DAYS_PER_MONTH)


def _phase_weights(user: AnyUser, cycle: Cycle) -> dict[int, float]:
    """Weight by admin area: the latest current classification's phase, by the IPC rule that
    an area is in the worst phase holding at least a fifth of its people."""
    if not has_permission(user, MonitoringPerm.VIEW_SITUATION):
        return {}
    weights: dict[int, float] = {}
    rows = phase_population_list(user=user).filter(
        dataset__country=cycle.country, period_start__lte=cycle.period_end
    )
    for row in rows.order_by("admin_area_id", "period_start"):
        counts = [row.phase1, row.phase2, row.phase3, row.phase4, row.phase5]
        total = sum(counts) or 1
        phase = 1
        for number, people in enumerate(counts, start=1):
            if people / total >= 0.2:
                phase = number
        weights[row.admin_area_id] = model.PHASE_WEIGHT[phase]
    return weights


def cycle_problem(
    *,
    user: AnyUser,
    cycle: Cycle,
    mode: model.Mode,
    floor_kcal: float,
    cost_per_tonne_km: float = COST_PER_TONNE_KM,
) -> CycleProblem:
    starts = month_starts(cycle)
    today = timezone.localdate()
    sites = {site.pk: site for site in stock_sites(user=user).filter(country=cycle.country)}
    parents = dict(AdminArea.objects.filter(country=cycle.country).values_list("pk", "parent_id"))
    by_area: dict[int, Site] = {}
    # Distribution points before warehouses: people are served where they are.
    for site in sorted(sites.values(), key=lambda s: (s.kind == Site.Kind.WAREHOUSE, s.name)):
        if site.admin_area_id is not None:
            by_area.setdefault(site.admin_area_id, site)
    summary = ration_summary(user=user, cycle=cycle)
    kcal = float(summary.kcal_per_person_day or model.FULL_RATION_KCAL)
    served_by: dict[str, list[Beneficiary]] = defaultdict(list)
    people: dict[str, float] = defaultdict(float)
    unplaced = 0
    for beneficiary in beneficiary_list(user=user, cycle=cycle).select_related("institution"):
        serving = _site_for(beneficiary, by_area, sites, parents)
        if serving is None:
            unplaced += 1
            continue
        served_by[str(serving.pk)].append(beneficiary)
        people[str(serving.pk)] += beneficiary.people
    weights = _phase_weights(user, cycle)
    needs = []
    for key in sorted(people):
        site = sites[int(key)]
        area = site.admin_area_id
        weight = 1.0
        while area is not None:
            if area in weights:
                weight = weights[area]
                break
            area = parents.get(area)
        for month in range(len(starts)):
            needs.append(
                model.Need(
                    key,
                    month,
                    people[key],
                    kcal=kcal,
                    weight=weight,
                    days=_month_days(cycle, starts, month),
                )
            )
    balances: dict[str, StockBalance] = {}
    lots = []
    for balance in balance_list(user=user).filter(
        site__country=cycle.country, site__in=list(sites)
    ):
        commodity = balance.lot.commodity
        if not commodity.kcal_per_kg or commodity.base_unit not in (BaseUnit.KG, BaseUnit.LITRE):
            continue
        per_unit = Decimal(commodity.kcal_per_kg)
        if commodity.base_unit == BaseUnit.LITRE:
            per_unit *= KG_PER_LITRE
        key = f"{balance.lot_id}@{balance.site_id}"
        balances[key] = balance
        expires = balance.lot.expires_on
        expiry_month = None
        if expires is not None:
            # Usable in a month only if it is still good on the month's last day.
            expiry_month = sum(
                1
                for month in range(len(starts))
                if starts[month] + datetime.timedelta(days=_month_days(cycle, starts, month) - 1)
                <= expires
            )
            if expires < cycle.period_start:
                expiry_month = 0
            elif expires > cycle.period_end:
                # Still good after the cycle: nothing of it expires within the plan.
                expiry_month = None
        lots.append(
            model.Lot(
                key=key,
                commodity=commodity.code,
                kcal_per_kg=float(per_unit),
                quantity=float(balance.quantity),
                origin=str(balance.site_id),
                expiry_month=expiry_month,
            )
        )
    routes = {}
    for origin in {lot.origin for lot in lots}:
        for key in people:
            if origin == key:
                continue
            km = _km(sites[int(origin)], sites[int(key)])
            if km is not None:
                routes[origin, key] = model.Route(
                    cost_per_kg=km * cost_per_tonne_km / 1000,
                    lead_months=_lead_months(km, cycle, today),
                )
    problem = model.Problem(
        needs=needs,
        lots=lots,
        months=len(starts),
        routes=routes,
        mode=mode,
        floor_kcal=floor_kcal,
    )
    return CycleProblem(
        problem,
        starts,
        {str(pk): site for pk, site in sites.items()},
        balances,
        dict(served_by),
        unplaced,
    )
