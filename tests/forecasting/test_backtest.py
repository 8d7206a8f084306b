"""The backtest machinery: forecasts made at month m scored against what happened."""

from __future__ import annotations

from sunbula.forecasting.backtest import backtest, generate_history


def test_a_deterministic_history_is_forecast_exactly() -> None:
    result = backtest(generate_history(seed=1, places=2, deterministic=True), draws=200)
    assert result.breaks > 0
    assert result.brier_model == 0.0
    assert result.brier_point == 0.0
    assert result.brier_naive > 0.0


def test_the_model_does_no_worse_than_the_naive_rule_on_a_seeded_history() -> None:
    result = backtest(generate_history(seed=2, places=3), draws=400)
    assert result.forecasts == 3 * (24 - 3 - 3 + 1) * 3
    assert 0 < result.breaks < result.forecasts
    assert result.brier_model < result.brier_naive
    assert result.brier_model < result.brier_climatology
    # Planning on the average transit time and loss does worse than their distribution.
    assert result.brier_model < result.brier_point
