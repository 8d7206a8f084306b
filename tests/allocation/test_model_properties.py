"""Properties of any proposal the model makes: it never allocates more than a lot holds, never
sends a lot before it can arrive or after it expires, gives no site more than its full need,
and in "cut rations" everyone it counts as served gets at least the floor."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from sunbula.allocation.model import Lot, Mode, Need, Problem, Route, allocate, usable_months

SITES = ("A", "B", "C")


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    months = draw(st.integers(1, 3))
    needs = [
        Need(
            site,
            month,
            people=draw(st.integers(0, 200)),
            kcal=draw(st.sampled_from([1800.0, 2100.0])),
            weight=draw(st.sampled_from([1.0, 2.0, 3.0])),
        )
        for site in SITES
        for month in range(months)
    ]
    lots = [
        Lot(
            f"L{index}",
            draw(st.sampled_from(["flour", "oil"])),
            draw(st.sampled_from([3640.0, 8840.0])),
            draw(st.floats(0, 8000)),
            draw(st.sampled_from(SITES)),
            expiry_month=draw(st.none() | st.integers(0, months + 1)),
            available_month=draw(st.integers(0, months)),
        )
        for index in range(draw(st.integers(1, 4)))
    ]
    routes = {
        (a, b): Route(draw(st.floats(0, 0.3)), draw(st.integers(0, 1)))
        for a in SITES
        for b in SITES
        if a != b
    }
    return Problem(
        needs,
        lots,
        months,
        routes,
        mode=draw(st.sampled_from(list(Mode))),
        floor_kcal=draw(st.sampled_from([900.0, 1680.0])),
    )


@settings(max_examples=40, deadline=None)
@given(problem=problems())
def test_proposals_respect_supply_expiry_and_floors(problem: Problem) -> None:
    solution = allocate(problem, explain=False)
    used: dict[str, float] = defaultdict(float)
    kcal: dict[tuple[str, int], float] = defaultdict(float)
    for line in solution.lines:
        lot = problem.lot(line.lot)
        assert line.kg > 0
        used[line.lot] += line.kg
        # Never expired, never before it can arrive.
        assert line.month in usable_months(problem, lot, line.site)
        kcal[line.site, line.month] += line.kg * lot.kcal_per_kg
    for lot in problem.lots:
        assert used[lot.key] <= lot.quantity + 1e-9
    for need in problem.needs:
        delivered = kcal[need.site, need.month]
        assert delivered <= need.person_days * need.kcal * (1 + 1e-6) + 1e-3
        served = solution.served.get((need.site, need.month), 0.0)
        assert served <= need.people + 1e-6
        if problem.mode == Mode.CUT_RATIONS and served > 1e-6:
            floor = min(problem.floor_kcal, need.kcal)
            # Rounding lines down to the gram may take up to a gram per lot.
            slack = 0.001 * len(problem.lots) * 8840
            assert delivered + slack >= floor * served * need.days * (1 - 1e-6)
