"""The forecast's arithmetic, on cases a person can check by hand (no database)."""

from __future__ import annotations

import pytest

from sunbula.forecasting.model import (
    DEFAULT_LOSS,
    DEFAULT_TRANSIT,
    Arrival,
    Delay,
    LossRate,
    Series,
    Stock,
    brier,
    fixed,
    learn_delay,
    learn_loss,
    naive_breaks,
    simulate,
)


def test_enough_stock_never_breaks() -> None:
    series = Series("flour", "AF01", (Stock(300.0),), (100.0, 100.0, 100.0))
    result = simulate(series, draws=500)
    assert [month.p_break for month in result.months] == [0.0, 0.0, 0.0]
    assert [month.expected_stock for month in result.months] == [200.0, 100.0, 0.0]


def test_stock_that_runs_out_breaks_for_certain_in_the_month_it_runs_out() -> None:
    series = Series("flour", "AF01", (Stock(150.0),), (100.0, 100.0, 100.0))
    result = simulate(series, draws=500)
    assert [month.p_break for month in result.months] == [0.0, 1.0, 1.0]
    assert [month.naive_break for month in result.months] == [False, True, True]


def test_an_arrival_known_to_come_in_time_prevents_the_break() -> None:
    arrival = Arrival("waybill", "WB-1", 200.0, (fixed(35.0),))
    series = Series("flour", "AF01", (Stock(150.0),), (100.0, 100.0, 100.0), (arrival,))
    result = simulate(series, draws=500)
    assert [month.p_break for month in result.months] == [0.0, 0.0, 0.0]
    assert result.months[1].expected_arrivals == 200.0
    # The naive rule does not see the arrival.
    assert result.months[1].naive_break


def test_a_transit_time_straddling_the_month_end_gives_an_intermediate_probability() -> None:
    # Half the past waybills took 20 days, half 40: the consignment lands in month 0 or 1.
    transit = Delay((20.0, 40.0))
    arrival = Arrival("waybill", "WB-2", 100.0, (transit,))
    series = Series("flour", "AF01", (), (100.0, 0.0), (arrival,))
    result = simulate(series, draws=4000, seed=7)
    assert 0.45 < result.months[0].p_break < 0.55
    assert result.months[1].p_break == 0.0
    assert result.months[0].expected_arrivals == pytest.approx(50.0, abs=5.0)


def test_the_same_seed_gives_the_same_forecast() -> None:
    arrival = Arrival("pledge", "P-1", 100.0, (Delay((10.0, 50.0, 70.0)),), LossRate((0.0, 0.5)))
    series = Series("flour", "AF01", (Stock(20.0),), (60.0, 60.0, 60.0), (arrival,))
    assert simulate(series, seed=3) == simulate(series, seed=3)


def test_losses_on_the_way_can_cause_the_break() -> None:
    arrival = Arrival("waybill", "WB-3", 100.0, (fixed(5.0),), LossRate((0.0, 0.1)))
    series = Series("flour", "AF01", (), (95.0,), (arrival,))
    result = simulate(series, draws=4000)
    assert 0.45 < result.months[0].p_break < 0.55


def test_stock_expiring_before_it_is_needed_does_not_count() -> None:
    series = Series("flour", "AF01", (Stock(100.0, expires_in_days=20.0),), (0.0, 100.0))
    result = simulate(series, draws=100)
    assert [month.p_break for month in result.months] == [0.0, 1.0]
    assert result.expired == 100.0


def test_elapsed_time_conditions_the_wait() -> None:
    delay = Delay((10.0, 20.0, 40.0))
    assert delay.after(15.0).samples == (5.0, 25.0)
    overdue = delay.after(60.0)
    assert overdue.overdue and overdue.samples == delay.samples


def test_too_few_observations_fall_back_to_the_default() -> None:
    learned = learn_delay([3.0, 4.0], DEFAULT_TRANSIT)
    assert learned.defaulted and learned.observations == 2
    assert learned.samples == DEFAULT_TRANSIT.samples
    own = learn_delay([3.0, 4.0, 5.0, 6.0, 7.0, -1.0], DEFAULT_TRANSIT)
    assert not own.defaulted and own.mean == 5.0
    assert learn_loss([0.1] * 5, DEFAULT_LOSS).mean == pytest.approx(0.1)
    assert learn_loss([0.1] * 4, DEFAULT_LOSS).defaulted


def test_naive_rule_and_brier_score() -> None:
    assert naive_breaks(250.0, [100.0, 100.0, 100.0]) == [False, False, True]
    assert brier([1.0, 0.0], [True, False]) == 0.0
    assert brier([0.5, 0.5], [True, False]) == 0.25
