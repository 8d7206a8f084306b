"""The least-harm allocation of short supply: which lot goes to which site in which month.

A linear programme solved with HiGHS (scipy.optimize.linprog). Pure data in, pure data out:
no database here, so the same core serves the pages, the API, the tests and the benchmark.

Sites need food each month: people times a full ration in kcal per person per day, weighted
by the area's IPC phase. Lots of food sit at origin sites, arrive in some month and expire in
another; a route from origin to site costs money per kilogram and takes whole months. Food
delivered in a month feeds that month.

When supply falls short, the planner chooses what gives:

- cutting caseload: whoever is served gets the full ration; the people left out are spread
  over the sites, convexly penalised (the first tenth of a site's caseload left out costs
  less than the next), weighted by phase, so no site is emptied while another is full;
- cutting rations: everyone keeps being served, at a ration never below the floor (kcal per
  person per day); the cut is spread the same way. Leaving people out altogether costs ten
  times as much, and happens only where even the floor cannot be met.

Stock that expires unused is penalised, so lots leave first-expiry first out; transport cost
breaks ties. Two baselines, first come first served and proportional shares, allocate the
same problem for comparison (`bench/allocation_plan.py`).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_array

FULL_RATION_KCAL = 2100.0
DAYS_PER_MONTH = 30
# How harm grows as a site-month loses more of its caseload (or of its ration): the share
# of the need each segment covers, and what each person-day lost in it costs.
SEGMENTS = (0.1, 0.2, 0.3, 0.4)
SEGMENT_COST = (1.0, 1.5, 2.5, 4.0)
# In "cut rations", leaving a person out costs this many times a day of reduced ration.
LEFT_OUT_FACTOR = 10.0
# A kilogram that expires unused costs this share of the person-days it could have fed.
EXPIRY_COST = 0.05
# IPC / Cadre Harmonisé phase → weight of a person-day of need.
PHASE_WEIGHT = {1: 1.0, 2: 1.5, 3: 2.0, 4: 3.0, 5: 4.0}
TOLERANCE = 1e-6
FAIRNESS = 1e-3
# A kilogram sent from one site to another costs this much (in person-days) even on a route
# without a known cost, so that a site's own stock feeds it first and the plan never sends
# flour from A to B and from B to A in the same month.
MOVING = 1e-6


class Mode(StrEnum):
    CUT_RATIONS = "rations"
    CUT_CASELOAD = "caseload"


class AllocationError(Exception):
    """The problem cannot be solved as given."""


@dataclass(frozen=True)
class Need:
    """People to feed at a site in one month (0 is the first month of the plan)."""

    site: str
    month: int
    people: float
    kcal: float = FULL_RATION_KCAL
    weight: float = 1.0
    days: int = DAYS_PER_MONTH

    @property
    def person_days(self) -> float:
        return self.people * self.days


@dataclass(frozen=True)
class Lot:
    """Food on hand or in the pipeline: usable from `available_month` at `origin`, in any
    month before `expiry_month` (None: does not expire within the plan)."""

    key: str
    commodity: str
    kcal_per_kg: float
    quantity: float
    origin: str
    expiry_month: int | None = None
    available_month: int = 0


@dataclass(frozen=True)
class Route:
    cost_per_kg: float = 0.0
    lead_months: int = 0


@dataclass(frozen=True)
class Problem:
    needs: Sequence[Need]
    lots: Sequence[Lot]
    months: int
    routes: dict[tuple[str, str], Route] = field(default_factory=dict)
    mode: Mode = Mode.CUT_CASELOAD
    floor_kcal: float = 1680.0
    # What a person-day of food is worth against a dollar of transport.
    value_of_person_day: float = 2.0

    def route(self, origin: str, site: str) -> Route:
        """The route from a lot's origin to a site; none given costs nothing and takes no
        time."""
        return self.routes.get((origin, site), Route())

    def lot(self, key: str) -> Lot:
        for lot in self.lots:
            if lot.key == key:
                return lot
        raise KeyError(key)


@dataclass(frozen=True)
class Line:
    """Kilograms of a lot delivered to a site for a month."""

    lot: str
    site: str
    month: int
    kg: float


@dataclass(frozen=True)
class SiteMonth:
    site: str
    month: int
    people: float
    people_served: float
    kcal_per_person_day: float
    person_days: float


@dataclass(frozen=True)
class Outcome:
    """What an allocation achieves, measured the same way for the model and the baselines."""

    person_days: float
    weighted_person_days: float
    need_person_days: float
    expired_kg: float
    transport_cost: float
    site_months: list[SiteMonth]

    def as_dict(self) -> dict[str, Any]:
        return {
            "person_days": round(self.person_days, 1),
            "weighted_person_days": round(self.weighted_person_days, 1),
            "need_person_days": round(self.need_person_days, 1),
            "expired_kg": round(self.expired_kg, 3),
            "transport_cost": round(self.transport_cost, 2),
        }


@dataclass(frozen=True)
class Binding:
    """A constraint that holds the plan back, and what relaxing it by one unit is worth."""

    kind: str  # "lot", "floor", "need"
    subject: str
    month: int | None
    shadow_price: float


@dataclass(frozen=True)
class Explanation:
    binding: list[Binding]
    shadow_prices: dict[str, float]  # commodity → harm avoided per extra kg
    scarcest_commodity: str | None
    scarcest_shadow_price: float
    person_days_per_tonne: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "binding": [
                {
                    "kind": item.kind,
                    "subject": item.subject,
                    "month": item.month,
                    "shadow_price": round(item.shadow_price, 6),
                }
                for item in self.binding
            ],
            "shadow_prices": {key: round(value, 6) for key, value in self.shadow_prices.items()},
            "scarcest_commodity": self.scarcest_commodity,
            "scarcest_shadow_price": round(self.scarcest_shadow_price, 6),
            "person_days_per_tonne": round(self.person_days_per_tonne, 1),
        }


@dataclass(frozen=True)
class Solution:
    lines: list[Line]
    outcome: Outcome
    explanation: Explanation | None
    seconds: float
    objective: float
    # People served in each site-month, by (site, month), as the programme counts them.
    served: dict[tuple[str, int], float] = field(default_factory=dict)


def usable_months(problem: Problem, lot: Lot, site: str) -> range:
    """The months in which a lot can be delivered to a site: after it arrives plus the
    route's lead time, before it expires, within the plan."""
    route = problem.route(lot.origin, site)
    first = max(0, lot.available_month + route.lead_months)
    last = problem.months if lot.expiry_month is None else min(problem.months, lot.expiry_month)
    return range(first, last)


def _expires_in_plan(problem: Problem, lot: Lot) -> bool:
    return lot.expiry_month is not None and lot.expiry_month <= problem.months


def evaluate(problem: Problem, lines: Sequence[Line]) -> Outcome:
    """People-days fed, kilograms left to expire and transport cost of an allocation."""
    kcal: dict[tuple[str, int], float] = defaultdict(float)
    used: dict[str, float] = defaultdict(float)
    lots = {lot.key: lot for lot in problem.lots}
    cost = 0.0
    for line in lines:
        lot = lots[line.lot]
        kcal[line.site, line.month] += line.kg * lot.kcal_per_kg
        used[line.lot] += line.kg
        cost += line.kg * problem.route(lot.origin, line.site).cost_per_kg
    site_months = []
    person_days = weighted = need_days = 0.0
    for need in problem.needs:
        delivered = kcal.get((need.site, need.month), 0.0)
        days = min(delivered / need.kcal, need.person_days) if need.kcal else 0.0
        per_person = delivered / need.person_days if need.person_days else 0.0
        # Served at the full ration (caseload) or at least at the floor (rations).
        ration = need.kcal
        if problem.mode == Mode.CUT_RATIONS:
            ration = min(problem.floor_kcal, need.kcal)
        served = min(need.people, delivered / (ration * need.days)) if ration else 0.0
        site_months.append(SiteMonth(need.site, need.month, need.people, served, per_person, days))
        person_days += days
        weighted += days * need.weight
        need_days += need.person_days
    expired = sum(
        max(0.0, lot.quantity - used[lot.key])
        for lot in problem.lots
        if _expires_in_plan(problem, lot)
    )
    return Outcome(person_days, weighted, need_days, expired, cost, site_months)


@dataclass
class _Programme:
    """The matrices of the linear programme and what each column and row stands for."""

    cost: list[float] = field(default_factory=list)
    bounds: list[tuple[float, float | None]] = field(default_factory=list)
    flows: list[tuple[int, int, int]] = field(default_factory=list)  # (lot, need, month) per x
    served: dict[int, int] = field(default_factory=dict)  # need → its column of people-days
    ub_rows: list[tuple[str, str, int | None]] = field(default_factory=list)
    ub: list[tuple[int, int, float]] = field(default_factory=list)
    ub_rhs: list[float] = field(default_factory=list)
    eq: list[tuple[int, int, float]] = field(default_factory=list)
    eq_rhs: list[float] = field(default_factory=list)

    def column(self, cost: float, upper: float | None = None) -> int:
        self.cost.append(cost)
        self.bounds.append((0.0, upper))
        return len(self.cost) - 1

    def row_ub(
        self, terms: list[tuple[int, float]], rhs: float, label: tuple[str, str, int | None]
    ) -> int:
        row = len(self.ub_rhs)
        self.ub.extend((row, column, value) for column, value in terms)
        self.ub_rhs.append(rhs)
        self.ub_rows.append(label)
        return row

    def row_eq(self, terms: list[tuple[int, float]], rhs: float) -> int:
        row = len(self.eq_rhs)
        self.eq.extend((row, column, value) for column, value in terms)
        self.eq_rhs.append(rhs)
        return row


def _matrix(entries: list[tuple[int, int, float]], rows: int, columns: int) -> Any:
    if not rows:
        return None
    data = np.array([value for _, _, value in entries], dtype=float)
    i = np.array([row for row, _, _ in entries], dtype=np.int64)
    j = np.array([column for _, column, _ in entries], dtype=np.int64)
    return coo_array((data, (i, j)), shape=(rows, columns)).tocsr()


def _build(problem: Problem) -> _Programme:
    lp = _Programme()
    reference_kcal = FULL_RATION_KCAL
    need_index = {(need.site, need.month): k for k, need in enumerate(problem.needs)}
    energy: dict[int, list[tuple[int, float]]] = defaultdict(list)
    by_lot: dict[int, list[int]] = defaultdict(list)
    for l_index, lot in enumerate(problem.lots):
        if lot.quantity <= 0 or lot.kcal_per_kg <= 0:
            continue
        expiring = _expires_in_plan(problem, lot)
        for site in sorted({need.site for need in problem.needs}):
            route = problem.route(lot.origin, site)
            for month in usable_months(problem, lot, site):
                k = need_index.get((site, month))
                if k is None or problem.needs[k].people <= 0:
                    continue
                cost = route.cost_per_kg / problem.value_of_person_day
                if lot.origin != site:
                    cost += MOVING
                if expiring:
                    cost -= EXPIRY_COST * lot.kcal_per_kg / reference_kcal
                column = lp.column(cost)
                lp.flows.append((l_index, k, month))
                energy[k].append((column, lot.kcal_per_kg))
                by_lot[l_index].append(column)
    for l_index, columns in by_lot.items():
        lot = problem.lots[l_index]
        lp.row_ub([(column, 1.0) for column in columns], lot.quantity, ("lot", lot.key, None))
    rations = problem.mode == Mode.CUT_RATIONS
    left_out_cost = LEFT_OUT_FACTOR if rations else 1.0
    # Segments leave ties (any split within one segment costs the same); a small cost on the
    # largest share cut anywhere settles them evenly.
    days_total = sum(need.person_days for need in problem.needs if need.people > 0)
    even = FAIRNESS * days_total / max(1, len(problem.needs))
    worst_left_out = lp.column(even)
    worst_cut = lp.column(even)
    for k, need in enumerate(problem.needs):
        if need.people <= 0 or need.kcal <= 0:
            continue
        days = need.person_days
        served = lp.column(0.0, days)
        lp.served[k] = served
        fed = lp.column(0.0)
        # fed (full-ration person-days) = kcal delivered / full ration
        lp.row_eq([(fed, -1.0)] + [(c, v / need.kcal) for c, v in energy[k]], 0.0)
        left_out = [
            lp.column(need.weight * cost * left_out_cost, share * days)
            for share, cost in zip(SEGMENTS, SEGMENT_COST, strict=True)
        ]
        lp.row_eq([(served, 1.0)] + [(c, 1.0) for c in left_out], days)
        lp.row_ub(
            [(worst_left_out, -1.0)] + [(c, 1.0 / days) for c in left_out],
            0.0,
            ("even", need.site, need.month),
        )
        if rations:
            lp.row_ub([(fed, 1.0), (served, -1.0)], 0.0, ("need", need.site, need.month))
            floor = min(problem.floor_kcal, need.kcal) / need.kcal
            lp.row_ub([(served, floor), (fed, -1.0)], 0.0, ("floor", need.site, need.month))
            cut = [
                lp.column(need.weight * cost, share * days)
                for share, cost in zip(SEGMENTS, SEGMENT_COST, strict=True)
            ]
            lp.row_eq([(served, 1.0), (fed, -1.0)] + [(c, -1.0) for c in cut], 0.0)
            lp.row_ub(
                [(worst_cut, -1.0)] + [(c, 1.0 / days) for c in cut],
                0.0,
                ("even", need.site, need.month),
            )
        else:
            lp.row_eq([(served, 1.0), (fed, -1.0)], 0.0)
    return lp


def _solve(problem: Problem) -> tuple[_Programme, Any]:
    lp = _build(problem)
    columns = len(lp.cost)
    if not lp.flows:
        return lp, None
    result = linprog(
        np.array(lp.cost),
        A_ub=_matrix(lp.ub, len(lp.ub_rhs), columns),
        b_ub=np.array(lp.ub_rhs) if lp.ub_rhs else None,
        A_eq=_matrix(lp.eq, len(lp.eq_rhs), columns),
        b_eq=np.array(lp.eq_rhs) if lp.eq_rhs else None,
        bounds=lp.bounds,
        method="highs",
    )
    if result.status != 0:
        raise AllocationError(result.message)
    return lp, result


def _lines(problem: Problem, lp: _Programme, values: Any) -> list[Line]:
    merged: dict[tuple[str, str, int], float] = defaultdict(float)
    for column, (l_index, k, month) in enumerate(lp.flows):
        kg = float(values[column])
        if kg > TOLERANCE:
            lot = problem.lots[l_index]
            merged[lot.key, problem.needs[k].site, month] += kg
    lines = []
    used: dict[str, float] = defaultdict(float)
    for (lot_key, site, month), kg in sorted(merged.items()):
        lot = problem.lot(lot_key)
        # Round down to the gram, never beyond what the lot holds.
        grams = np.floor(kg * 1000 + 1e-6) / 1000
        grams = min(grams, np.floor((lot.quantity - used[lot_key]) * 1000 + 1e-6) / 1000)
        if grams > 0:
            used[lot_key] += grams
            lines.append(Line(lot_key, site, month, float(grams)))
    return lines


def _explain(problem: Problem, lp: _Programme, result: Any, outcome: Outcome) -> Explanation:
    marginals = -np.asarray(result.ineqlin.marginals) if lp.ub_rhs else np.zeros(0)
    slack = np.asarray(result.ineqlin.residual) if lp.ub_rhs else np.zeros(0)
    binding = []
    commodity_price: dict[str, float] = {}
    best_lot: dict[str, tuple[float, str]] = {}
    for row, (kind, subject, month) in enumerate(lp.ub_rows):
        price = float(marginals[row])
        tight = slack[row] <= TOLERANCE * max(1.0, abs(lp.ub_rhs[row]))
        if kind == "lot":
            commodity = problem.lot(subject).commodity
            if price > commodity_price.get(commodity, -1.0):
                commodity_price[commodity] = price
                best_lot[commodity] = (price, subject)
        if tight and price > TOLERANCE and kind != "even":
            binding.append(Binding(kind, subject, month, price))
    binding.sort(key=lambda item: -item.shadow_price)
    scarcest = max(commodity_price, key=lambda c: commodity_price[c], default=None)
    if scarcest is not None and commodity_price[scarcest] <= TOLERANCE:
        # Stock is not what holds the plan back (a lead time, a floor): nothing is scarce.
        scarcest = None
    per_tonne = 0.0
    if scarcest is not None:
        lot_key = best_lot[scarcest][1]
        more = replace(
            problem,
            lots=[
                replace(lot, quantity=lot.quantity + 1000.0) if lot.key == lot_key else lot
                for lot in problem.lots
            ],
        )
        more_lp, more_result = _solve(more)
        more_outcome = evaluate(more, _lines(more, more_lp, more_result.x))
        per_tonne = max(0.0, more_outcome.person_days - outcome.person_days)
    return Explanation(
        binding=binding[:20],
        shadow_prices=dict(sorted(commodity_price.items())),
        scarcest_commodity=scarcest,
        scarcest_shadow_price=commodity_price.get(scarcest, 0.0) if scarcest else 0.0,
        person_days_per_tonne=per_tonne,
    )


def allocate(problem: Problem, *, explain: bool = True) -> Solution:
    """The least-harm allocation of the problem's lots, with its explanation."""
    if problem.months <= 0:
        raise AllocationError("A plan needs at least one month.")
    started = time.perf_counter()
    lp, result = _solve(problem)
    if result is None:
        outcome = evaluate(problem, [])
        return Solution([], outcome, None, time.perf_counter() - started, 0.0)
    lines = _lines(problem, lp, result.x)
    seconds = time.perf_counter() - started
    outcome = evaluate(problem, lines)
    explanation = _explain(problem, lp, result, outcome) if explain else None
    served = {
        (problem.needs[k].site, problem.needs[k].month): float(result.x[column])
        / problem.needs[k].days
        for k, column in lp.served.items()
    }
    return Solution(lines, outcome, explanation, seconds, float(result.fun), served)


# Baselines -------------------------------------------------------------------------------


def _deliverable(problem: Problem, lot: Lot, site: str, month: int) -> bool:
    return month in usable_months(problem, lot, site)


def _take_in_arrival(
    problem: Problem,
    arrival: Sequence[Lot],
    left: dict[str, float],
    need: Need,
    month: int,
    wanted: float,
) -> list[Line]:
    """The kcal `wanted` for one need in one month, taken from the lots in the order they
    arrived (to the gram, never more than is `left` of a lot, which shrinks by what is taken)."""
    lines = []
    for lot in arrival:
        if wanted <= TOLERANCE:
            break
        if left[lot.key] <= 0 or not _deliverable(problem, lot, need.site, month):
            continue
        kg = float(np.floor(min(left[lot.key], wanted / lot.kcal_per_kg) * 1000) / 1000)
        if kg <= 0:
            continue
        left[lot.key] -= kg
        wanted -= kg * lot.kcal_per_kg
        lines.append(Line(lot.key, need.site, month, kg))
    return lines


def first_come_first_served(problem: Problem) -> list[Line]:
    """Month by month, sites in the order they asked, each filled to the full ration from
    lots in the order they arrived, until stock runs out."""
    left = {lot.key: lot.quantity for lot in problem.lots}
    arrival = sorted(problem.lots, key=lambda lot: (lot.available_month, problem.lots.index(lot)))
    lines = []
    for month in range(problem.months):
        for need in (n for n in problem.needs if n.month == month):
            lines += _take_in_arrival(
                problem, arrival, left, need, month, need.person_days * need.kcal
            )
    return lines


def proportional(problem: Problem) -> list[Line]:
    """Each month, the stock that can be delivered is shared out in proportion to need,
    keeping back enough for the months still to come in proportion to theirs; lots are
    taken in the order they arrived."""
    left = {lot.key: lot.quantity for lot in problem.lots}
    arrival = sorted(problem.lots, key=lambda lot: (lot.available_month, problem.lots.index(lot)))
    need_by_month: dict[int, float] = defaultdict(float)
    for need in problem.needs:
        need_by_month[need.month] += need.person_days * need.kcal
    lines = []
    for month in range(problem.months):
        needs = [n for n in problem.needs if n.month == month and n.people > 0]
        if not needs:
            continue
        to_come = sum(need_by_month[m] for m in range(month, problem.months))
        reachable = sum(
            left[lot.key] * lot.kcal_per_kg
            for lot in arrival
            if any(_deliverable(problem, lot, n.site, month) for n in needs)
        )
        share = min(1.0, reachable / to_come) if to_come else 0.0
        for need in needs:
            lines += _take_in_arrival(
                problem, arrival, left, need, month, need.person_days * need.kcal * share
            )
    return lines
