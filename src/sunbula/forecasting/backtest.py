"""Backtest of the forecast on a generated history: forecasts made at month m, with only what
was known then, scored against what happened, beside the naive "on hand ÷ monthly need" rule.

A history is a handful of places, each with a planned monthly need and one consignment
dispatched to it each month (sometimes none). Transit times and losses are drawn from fixed
"true" distributions the forecast never sees: it learns them from consignments that arrived
before month m, as the real forecast learns from received waybills. Consignments are known
`notice_months` ahead of their dispatch, like commitments with a delivery plan. Pure NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sunbula.forecasting.model import (
    DAYS_PER_MONTH,
    DEFAULT_LOSS,
    DEFAULT_TRANSIT,
    TOLERANCE,
    Arrival,
    LossRate,
    Series,
    Stock,
    brier,
    fixed,
    learn_delay,
    learn_loss,
    simulate,
)


@dataclass(frozen=True)
class Consignment:
    dispatched_day: float
    quantity: float
    transit_days: float
    loss_share: float

    @property
    def arrival_day(self) -> float:
        return self.dispatched_day + self.transit_days

    @property
    def net(self) -> float:
        return self.quantity * (1.0 - self.loss_share)


@dataclass(frozen=True)
class Place:
    name: str
    opening_stock: float
    needs: tuple[float, ...]
    consignments: tuple[Consignment, ...]


@dataclass(frozen=True)
class History:
    months: int
    places: tuple[Place, ...]
    notice_months: int = 2


def generate_history(
    *,
    seed: int,
    months: int = 24,
    places: int = 6,
    deterministic: bool = False,
    skip_share: float = 0.15,
) -> History:
    """A seeded history. Deterministic: every transit takes 10 days, nothing is lost and every
    fourth consignment brings half the need, so that breaks happen but a forecast that learns
    the transit time and the loss can be exactly right."""
    rng = np.random.default_rng(seed)
    generated: list[Place] = []
    for index in range(places):
        need = float(rng.integers(5, 40) * 1000)
        needs = tuple(
            need if deterministic else float(round(need * rng.uniform(0.8, 1.2), -2))
            for _month in range(months)
        )
        consignments: list[Consignment] = []
        for month in range(months):
            if not deterministic and rng.random() < skip_share:
                continue
            if deterministic:
                share = 0.5 if month % 4 == 3 else 1.0
                consignments.append(
                    Consignment(month * DAYS_PER_MONTH + 5.0, needs[month] * share, 10.0, 0.0)
                )
                continue
            consignments.append(
                Consignment(
                    dispatched_day=month * DAYS_PER_MONTH + float(rng.uniform(0, DAYS_PER_MONTH)),
                    quantity=float(round(needs[month] * rng.uniform(0.7, 1.3), -2)),
                    transit_days=float(rng.lognormal(np.log(18.0), 0.6)),
                    loss_share=float(min(rng.beta(1.5, 40.0), 1.0)),
                )
            )
        opening = needs[0] * (1.0 if deterministic else float(rng.uniform(0.5, 2.0)))
        generated.append(Place(f"P{index + 1}", opening, needs, tuple(consignments)))
    # In the deterministic history every consignment of the horizon is announced.
    return History(months, tuple(generated), notice_months=3 if deterministic else 2)


@dataclass(frozen=True)
class Outcome:
    opening: tuple[float, ...]  # stock at the start of each month
    breaks: tuple[bool, ...]


def what_happened(place: Place, months: int) -> Outcome:
    """The place's real stock and breaks, month by month, under the same rules as the model."""
    stock = place.opening_stock
    opening: list[float] = []
    breaks: list[bool] = []
    for month in range(months):
        opening.append(stock)
        start, end = month * DAYS_PER_MONTH, (month + 1) * DAYS_PER_MONTH
        arrived = sum(c.net for c in place.consignments if start <= c.arrival_day < end)
        available = stock + arrived
        breaks.append(available < place.needs[month] - TOLERANCE)
        stock = max(available - place.needs[month], 0.0)
    return Outcome(tuple(opening), tuple(breaks))


def series_at(history: History, place: Place, month: int, horizon: int, stock: float) -> Series:
    """The series as it could be seen at the start of `month`: stock, planned needs,
    consignments on the road or announced, and transit times and losses learned so far."""
    today = month * DAYS_PER_MONTH
    arrived = [c for other in history.places for c in other.consignments if c.arrival_day < today]
    transit = learn_delay([c.transit_days for c in arrived], DEFAULT_TRANSIT)
    loss = learn_loss([c.loss_share for c in arrived], DEFAULT_LOSS)
    announced_until = (month + history.notice_months) * DAYS_PER_MONTH
    arrivals = tuple(
        Arrival(
            source="consignment",
            reference=f"{place.name}-{c.dispatched_day:.0f}",
            quantity=c.quantity,
            delays=(
                (transit.after(today - c.dispatched_day),)
                if c.dispatched_day < today
                else (fixed(c.dispatched_day - today), transit)
            ),
            loss=loss,
        )
        for c in place.consignments
        if c.arrival_day >= today and c.dispatched_day < announced_until
    )
    return Series(
        commodity="generated",
        place=place.name,
        stock=(Stock(stock),),
        needs=place.needs[month : month + horizon],
        arrivals=arrivals,
    )


def point_series(series: Series) -> Series:
    """The same series with every wait and loss replaced by its mean: a forecast that plans
    on the average and can only answer yes or no."""
    return Series(
        series.commodity,
        series.place,
        series.stock,
        series.needs,
        tuple(
            Arrival(
                arrival.source,
                arrival.reference,
                arrival.quantity,
                tuple(fixed(delay.mean) for delay in arrival.delays),
                LossRate((arrival.loss.mean,)),
            )
            for arrival in series.arrivals
        ),
    )


@dataclass(frozen=True)
class BacktestResult:
    forecasts: int
    breaks: int
    brier_model: float
    brier_naive: float
    brier_climatology: float
    brier_point: float = 0.0


def backtest(
    history: History, *, horizon: int = 3, first_month: int = 3, draws: int = 2000, seed: int = 0
) -> BacktestResult:
    """Forecast from each month m in [first_month, months - horizon], at each place, and
    score every (month ahead) probability against what happened."""
    model: list[float] = []
    naive: list[float] = []
    point: list[float] = []
    outcomes: list[bool] = []
    for place in history.places:
        truth = what_happened(place, history.months)
        for month in range(first_month, history.months - horizon + 1):
            series = series_at(history, place, month, horizon, truth.opening[month])
            forecast = simulate(series, draws=draws, seed=seed + month)
            planned = simulate(point_series(series), draws=1)
            for ahead, average in zip(forecast.months, planned.months, strict=True):
                model.append(ahead.p_break)
                point.append(average.p_break)
                naive.append(1.0 if ahead.naive_break else 0.0)
                outcomes.append(truth.breaks[month + ahead.month])
    base_rate = float(np.mean(outcomes)) if outcomes else 0.0
    return BacktestResult(
        forecasts=len(outcomes),
        breaks=sum(outcomes),
        brier_model=brier(model, outcomes),
        brier_naive=brier(naive, outcomes),
        brier_climatology=brier([base_rate] * len(outcomes), outcomes),
        brier_point=brier(point, outcomes),
    )
