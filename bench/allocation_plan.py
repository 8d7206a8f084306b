"""The least-harm allocation on a generated scenario: 34 provinces, 12 months, 50 lots.

Supply covers about two thirds of need; lots arrive over the year at five hubs, some with a
short shelf life, and reach the provinces at a cost per kilogram after zero to two months.
The model's allocation (cutting caseload, and cutting rations to a floor of 1,680 kcal) is
measured against first come first served and proportional shares on the same scenario, by
the same yardstick (`sunbula.allocation.model.evaluate`): person-days of food delivered (at
2,100 kcal a day, never beyond need), kilograms left to expire, and the solve time.

    python -m bench.allocation_plan [--seed 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np

from sunbula.allocation.model import (
    PHASE_WEIGHT,
    Lot,
    Mode,
    Need,
    Problem,
    Route,
    allocate,
    evaluate,
    first_come_first_served,
    proportional,
)

PROVINCES = 34
MONTHS = 12
LOTS = 50
HUBS = 5
# (commodity, kcal per kg, share of lots)
FOODS = (
    ("flour", 3640.0, 0.5),
    ("rice", 3600.0, 0.2),
    ("lentils", 3390.0, 0.2),
    ("oil", 8840.0, 0.1),
)


def scenario(seed: int = 7, mode: Mode = Mode.CUT_CASELOAD) -> Problem:
    rng = np.random.default_rng(seed)
    sites = [f"P{number:02d}" for number in range(1, PROVINCES + 1)]
    hubs = sites[:HUBS]
    needs = []
    for site in sites:
        people = float(rng.integers(5_000, 60_000))
        phase = int(rng.choice([2, 3, 3, 4, 4, 5]))
        for month in range(MONTHS):
            needs.append(
                Need(site, month, round(people * rng.uniform(0.9, 1.1)), weight=PHASE_WEIGHT[phase])
            )
    routes = {}
    for hub in hubs:
        for site in sites:
            if site == hub:
                continue
            routes[hub, site] = Route(
                cost_per_kg=round(float(rng.uniform(0.02, 0.15)), 3),
                lead_months=int(rng.choice([0, 0, 1, 1, 2])),
            )
    need_kcal = sum(need.person_days * need.kcal for need in needs)
    names = [food[0] for food in FOODS]
    shares = np.array([food[2] for food in FOODS])
    kcal = {food[0]: food[1] for food in FOODS}
    raw = rng.uniform(0.3, 1.7, LOTS)
    lots = []
    commodities = rng.choice(names, size=LOTS, p=shares)
    total_kcal = 0.65 * need_kcal
    per_lot_kcal = total_kcal * raw / raw.sum()
    for index in range(LOTS):
        commodity = str(commodities[index])
        # Two lots in five are in the warehouses when the plan starts (carry-over and a
        # donor conference's first deliveries); the rest arrive over the year.
        available = 0 if rng.random() < 0.4 else int(rng.integers(1, MONTHS - 2))
        shelf = int(rng.choice([2, 3, 4, 6, 9, 18, 24]))
        lots.append(
            Lot(
                key=f"LOT-{index + 1:02d}",
                commodity=commodity,
                kcal_per_kg=kcal[commodity],
                quantity=round(float(per_lot_kcal[index] / kcal[commodity]), 3),
                origin=hubs[int(rng.integers(0, HUBS))],
                expiry_month=available + shelf,
                available_month=available,
            )
        )
    return Problem(needs, lots, MONTHS, routes, mode=mode, floor_kcal=1680.0)


def _row(name: str, problem: Problem, lines: list, seconds: float | None) -> str:  # type: ignore[type-arg]
    outcome = evaluate(problem, lines)
    share = outcome.person_days / outcome.need_person_days
    timing = f"{seconds:.2f} s" if seconds is not None else "—"
    return (
        f"| {name} | {outcome.person_days / 1e6:,.2f} M ({share:.1%}) "
        f"| {outcome.weighted_person_days / 1e6:,.2f} M | {outcome.expired_kg / 1000:,.1f} t "
        f"| {outcome.transport_cost / 1000:,.0f} k | {timing} |"
    )


def run(seed: int = 7) -> str:
    rows = []
    problem = scenario(seed)
    supply = sum(lot.quantity for lot in problem.lots)
    timings = []
    for _ in range(3):
        begin = time.perf_counter()
        solution = allocate(problem, explain=False)
        timings.append(time.perf_counter() - begin)
    begin = time.perf_counter()
    explained = allocate(problem)
    with_explanation = time.perf_counter() - begin
    rows.append(
        _row("least harm, cutting caseload", problem, solution.lines, statistics.median(timings))
    )
    rations = scenario(seed, Mode.CUT_RATIONS)
    begin = time.perf_counter()
    by_rations = allocate(rations, explain=False)
    rows.append(
        _row(
            "least harm, cutting rations (floor 1,680 kcal)",
            rations,
            by_rations.lines,
            time.perf_counter() - begin,
        )
    )
    rows.append(_row("first come, first served", problem, first_come_first_served(problem), None))
    rows.append(_row("proportional shares", problem, proportional(problem), None))
    explanation = explained.explanation
    assert explanation is not None
    need = sum(n.person_days for n in problem.needs)
    others = []
    for other in (11, 23):
        again = scenario(other)
        begin = time.perf_counter()
        solved = allocate(again, explain=False)
        seconds = time.perf_counter() - begin
        model_outcome = solved.outcome
        fcfs = evaluate(again, first_come_first_served(again))
        shares = evaluate(again, proportional(again))
        others.append(
            f"| {other} | {model_outcome.person_days / 1e6:,.2f} M / {model_outcome.expired_kg / 1000:,.1f} t "
            f"| {fcfs.person_days / 1e6:,.2f} M / {fcfs.expired_kg / 1000:,.1f} t "
            f"| {shares.person_days / 1e6:,.2f} M / {shares.expired_kg / 1000:,.1f} t | {seconds:.2f} s |"
        )
    lines = [
        "## Least-harm allocation",
        "",
        f"Generated scenario (bench.allocation_plan, seed {seed}): {PROVINCES} provinces, "
        f"{MONTHS} months, {LOTS} lots ({supply / 1000:,.0f} t at {HUBS} hubs, two in five on "
        "hand, the rest arriving over the year, shelf lives of 2 to 24 months) for "
        f"{need / 1e6:,.1f} M person-days of need, so supply covers about two thirds; routes "
        "take 0 to 2 months. Every allocation is measured by the same yardstick "
        "(`sunbula.allocation.model.evaluate`): person-days at the full ration (2,100 kcal), "
        "never beyond a site's need; IPC-weighted person-days (phase 2 = 1.5 … phase 5 = 4); "
        "kilograms left to expire within the year. HiGHS through scipy.optimize.linprog, "
        f"{os.cpu_count()} cores shared with other work; the solve time is the median of 3.",
        "",
        "| allocation | person-days delivered (share of need) | IPC-weighted | expired | transport (USD) | solve time |",
        "|---|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "First come, first served takes lots in the order they arrived and lets short-lived "
        "ones expire behind them; proportional shares hold stock back for later months, where "
        "much of it expires. The model sends first what expires first and loses nothing. "
        f"With its explanation (duals, and a second solve with one more tonne of the scarcest "
        f"commodity) the solve takes {with_explanation:.2f} s; the scarcest commodity is "
        f"{explanation.scarcest_commodity}, and one more tonne of it buys "
        f"{explanation.person_days_per_tonne:,.0f} person-days.",
        "",
        "Other seeds (person-days delivered / expired; cutting caseload):",
        "",
        "| seed | least harm | first come, first served | proportional | solve time |",
        "|---|---:|---:|---:|---:|",
        *others,
        "",
        "Targets: more person-days and less expiry than both baselines; solve under 10 s on "
        "2 cores.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    sys.stdout.write(run(arguments.seed) + "\n")


if __name__ == "__main__":
    main()
