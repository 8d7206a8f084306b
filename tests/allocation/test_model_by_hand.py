"""The allocation model on cases small enough to solve by hand: two sites, two lots, one month
(with a second month where expiry or lead time is the point). One kilogram of this food is
one person-day (2,100 kcal) so the arithmetic reads in people."""

from __future__ import annotations

import pytest

from sunbula.allocation.model import (
    Line,
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

KCAL = 2100.0


def _fed(lines: list[Line], site: str) -> float:
    return sum(line.kg for line in lines if line.site == site)


def _two_sites(*, weight_b: float = 1.0) -> list[Need]:
    return [
        Need("A", 0, people=100, kcal=KCAL, weight=1.0),
        Need("B", 0, people=100, kcal=KCAL, weight=weight_b),
    ]


def _two_lots(each: float) -> list[Lot]:
    return [Lot("L1", "flour", KCAL, each, "A"), Lot("L2", "flour", KCAL, each, "B")]


def test_cutting_caseload_spares_the_worse_phase_but_empties_no_site() -> None:
    # 3,000 person-days for 6,000 of need; B is in a worse phase (weight 3). The cheapest
    # segments of harm go first: A 300@1, 600@1.5, 900@2.5, B 300@3, then A at 4 for 900.
    problem = Problem(_two_sites(weight_b=3.0), _two_lots(1500), months=1)
    solution = allocate(problem)
    assert _fed(solution.lines, "A") == pytest.approx(300, abs=0.01)
    assert _fed(solution.lines, "B") == pytest.approx(2700, abs=0.01)
    served = {row.site: row.people_served for row in solution.outcome.site_months}
    assert served == pytest.approx({"A": 10, "B": 90}, abs=0.01)
    assert solution.outcome.person_days == pytest.approx(3000, abs=0.01)


def test_cutting_rations_serves_everyone_at_an_even_ration() -> None:
    problem = Problem(
        _two_sites(), _two_lots(2000), months=1, mode=Mode.CUT_RATIONS, floor_kcal=1050
    )
    solution = allocate(problem)
    rows = {row.site: row for row in solution.outcome.site_months}
    for site in "AB":
        assert rows[site].people_served == pytest.approx(100)
        assert rows[site].kcal_per_person_day == pytest.approx(1400, abs=0.01)


def test_below_the_floor_people_are_left_out_rather_than_underfed() -> None:
    # 2,000 person-days cannot give 200 people half a ration for 30 days (3,000 needed):
    # each site serves 66.7 people at exactly the floor.
    problem = Problem(
        _two_sites(), _two_lots(1000), months=1, mode=Mode.CUT_RATIONS, floor_kcal=1050
    )
    solution = allocate(problem)
    for row in solution.outcome.site_months:
        assert row.people_served == pytest.approx(200 / 3, abs=0.01)
        fed_per_served = row.person_days * KCAL / (row.people_served * 30)
        assert fed_per_served == pytest.approx(1050, abs=0.1)


def test_each_lot_feeds_its_own_site_when_crossing_costs() -> None:
    routes = {("A", "B"): Route(0.5, 0), ("B", "A"): Route(0.5, 0)}
    problem = Problem(_two_sites(), _two_lots(3000), months=1, routes=routes)
    solution = allocate(problem)
    assert {(line.lot, line.site) for line in solution.lines} == {("L1", "A"), ("L2", "B")}
    assert solution.outcome.transport_cost == 0
    assert solution.outcome.person_days == pytest.approx(6000)


def test_each_lot_feeds_its_own_site_where_no_route_is_known() -> None:
    # Sites without coordinates have no route and so no transport cost; the plan must
    # still not send flour from A to B and from B to A in the same month.
    for each in (1000.0, 3000.0, 6000.0):
        solution = allocate(Problem(_two_sites(), _two_lots(each), months=1))
        assert {(line.lot, line.site) for line in solution.lines} == {("L1", "A"), ("L2", "B")}


def test_first_expiry_goes_first_and_expired_stock_stays() -> None:
    needs = [Need("A", 0, people=100, kcal=KCAL), Need("B", 0, people=0, kcal=KCAL)]
    lots = [
        Lot("LONG", "flour", KCAL, 3000, "A"),
        Lot("SOON", "flour", KCAL, 3000, "A", expiry_month=1),
        Lot("GONE", "flour", KCAL, 3000, "A", expiry_month=0),
    ]
    solution = allocate(Problem(needs, lots, months=2))
    assert {line.lot for line in solution.lines} == {"SOON"}
    # GONE was expired from the start and SOON is used up; LONG outlives the plan.
    assert solution.outcome.expired_kg == pytest.approx(3000)


def test_a_lead_time_beyond_the_plan_keeps_a_lot_from_a_site() -> None:
    routes = {("A", "B"): Route(0.0, 1)}
    lots = [Lot("L1", "flour", KCAL, 6000, "A")]
    solution = allocate(Problem(_two_sites(), lots, months=1, routes=routes))
    assert _fed(solution.lines, "B") == 0
    assert _fed(solution.lines, "A") == pytest.approx(3000)


def test_explanation_names_the_scarce_commodity_and_what_a_tonne_buys() -> None:
    lots = [Lot("L1", "flour", KCAL, 1500, "A"), Lot("L2", "oil", 8400, 100, "B")]
    solution = allocate(Problem(_two_sites(), lots, months=1))
    explanation = solution.explanation
    assert explanation is not None
    # Every lot is used up, so both bind; a kilogram of oil holds four of flour's energy, so
    # it is the scarcest per kilogram, and a tonne more of it feeds 4,000 more person-days.
    assert {item.subject for item in explanation.binding if item.kind == "lot"} == {"L1", "L2"}
    assert explanation.scarcest_commodity == "oil"
    assert explanation.person_days_per_tonne == pytest.approx(4000, abs=0.1)
    assert explanation.shadow_prices["oil"] == pytest.approx(
        4 * explanation.shadow_prices["flour"], rel=1e-6
    )


def test_no_commodity_is_scarce_when_every_need_is_met() -> None:
    solution = allocate(Problem(_two_sites(), _two_lots(6000), months=1))
    assert solution.outcome.person_days == pytest.approx(6000)
    assert solution.explanation is not None
    assert solution.explanation.scarcest_commodity is None
    assert solution.explanation.person_days_per_tonne == 0


def test_baselines_on_the_same_case() -> None:
    problem = Problem(_two_sites(weight_b=3.0), _two_lots(1500), months=1)
    fcfs = evaluate(problem, first_come_first_served(problem))
    shares = evaluate(problem, proportional(problem))
    assert fcfs.person_days == pytest.approx(3000)
    # First come fills A first; proportional gives each site half.
    assert [row.person_days for row in fcfs.site_months] == pytest.approx([3000, 0])
    assert [row.person_days for row in shares.site_months] == pytest.approx([1500, 1500])
