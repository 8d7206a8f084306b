"""The pipeline-break forecast as arithmetic: stock month by month for one commodity in one
place, with uncertain arrivals, by a seeded and vectorised Monte Carlo run.

Plain dataclasses and NumPy, no database, so that every case can be checked by hand. Month k
of a forecast covers days [30k, 30k + 30) after the day it is made. Within a month the stock
available is what was left at its start plus what arrives during it; the month breaks when
that is below the month's need. Unmet need is not carried over (a ration not given is not
given twice), and stock is used first-expiry-first-out; what is left of a lot after the month
it expires in is lost.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

DAYS_PER_MONTH = 30
DRAWS = 2000
# Fewer observations than this and a learned distribution gives way to its default.
MIN_OBSERVATIONS = 5
# Kilograms below which a shortfall is rounding, not a break.
TOLERANCE = 1e-6

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Delay:
    """A distribution of days (a transit time, a wait for payment), as the samples it was
    learned from; each draw picks one of them. `defaulted` when too few records existed."""

    samples: tuple[float, ...]
    defaulted: bool = False
    observations: int = 0
    overdue: bool = False

    def __post_init__(self) -> None:
        if not self.samples:
            raise ValueError("a delay needs at least one sample")

    @property
    def mean(self) -> float:
        return float(np.mean(self.samples))

    def after(self, elapsed: float) -> Delay:
        """The days still to wait when `elapsed` have passed already: the samples at least that
        long, less what has passed. When every sample is shorter, the wait is overdue and is
        taken to be as long again as a usual one."""
        if elapsed <= 0:
            return self
        left = tuple(sample - elapsed for sample in self.samples if sample >= elapsed)
        if left:
            return Delay(left, self.defaulted, self.observations)
        return Delay(self.samples, self.defaulted, self.observations, overdue=True)

    def explain(self) -> dict[str, Any]:
        return {
            "mean_days": round(self.mean, 1),
            "observations": self.observations,
            "defaulted": self.defaulted,
            "overdue": self.overdue,
        }


@dataclass(frozen=True)
class LossRate:
    """The share of a consignment lost on the way, as the shares seen on past waybills."""

    samples: tuple[float, ...]
    defaulted: bool = False
    observations: int = 0

    def __post_init__(self) -> None:
        if not self.samples or any(not 0 <= sample <= 1 for sample in self.samples):
            raise ValueError("loss rates are shares between 0 and 1")

    @property
    def mean(self) -> float:
        return float(np.mean(self.samples))

    def explain(self) -> dict[str, Any]:
        return {
            "mean_rate": round(self.mean, 4),
            "observations": self.observations,
            "defaulted": self.defaulted,
        }


def fixed(days: float) -> Delay:
    """A wait known exactly (a dispatch planned for a given day)."""
    return Delay((float(days),))


NO_LOSS = LossRate((0.0,))

# Defaults where the chain holds too few records to learn from. UNVERIFIED assumptions:
# in-country road transit of one to three weeks, a few per cent lost, and in-kind commitments
# delivered one to six months after signature.
DEFAULT_TRANSIT = Delay((3.0, 5.0, 7.0, 10.0, 14.0, 21.0), defaulted=True)
DEFAULT_LOSS = LossRate((0.0, 0.005, 0.01, 0.02, 0.05), defaulted=True)
DEFAULT_DELIVERY = Delay((30.0, 45.0, 60.0, 90.0, 120.0, 180.0), defaulted=True)


def learn_delay(
    observations: Sequence[float], default: Delay, minimum: int = MIN_OBSERVATIONS
) -> Delay:
    """The observed delays (negative ones are data errors and are left out), or `default`
    when fewer than `minimum` remain."""
    usable = tuple(float(days) for days in observations if days >= 0)
    if len(usable) < minimum:
        return Delay(default.samples, True, len(usable))
    return Delay(usable, False, len(usable))


def learn_loss(
    shares: Sequence[float], default: LossRate, minimum: int = MIN_OBSERVATIONS
) -> LossRate:
    """The observed shares lost, clipped to [0, 1], or `default` when too few."""
    usable = tuple(min(max(float(share), 0.0), 1.0) for share in shares)
    if len(usable) < minimum:
        return LossRate(default.samples, True, len(usable))
    return LossRate(usable, False, len(usable))


@dataclass(frozen=True)
class Arrival:
    """Goods on their way: how much, the waits that stand between them and the place (added
    up), and the share lost on the way."""

    source: str
    reference: str
    quantity: float
    delays: tuple[Delay, ...]
    loss: LossRate = NO_LOSS

    def explain(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "reference": self.reference,
            "quantity": round(self.quantity, 3),
            "expected_days": round(sum(delay.mean for delay in self.delays), 1),
            "delays": [delay.explain() for delay in self.delays],
            "loss": self.loss.explain(),
        }


@dataclass(frozen=True)
class Stock:
    """Stock on hand of one lot, and the day (from the forecast date) it expires, if it does."""

    quantity: float
    expires_in_days: float | None = None


@dataclass(frozen=True)
class Series:
    """One commodity in one place: what is there, what must go out each month, what comes."""

    commodity: str
    place: str
    stock: tuple[Stock, ...]
    needs: tuple[float, ...]
    arrivals: tuple[Arrival, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def on_hand(self) -> float:
        return sum(lot.quantity for lot in self.stock)

    @property
    def horizon(self) -> int:
        return len(self.needs)


@dataclass(frozen=True)
class MonthForecast:
    month: int
    need: float
    expected_arrivals: float
    expected_stock: float
    p_break: float
    naive_break: bool


@dataclass(frozen=True)
class SeriesForecast:
    series: Series
    months: tuple[MonthForecast, ...]
    draws: int
    seed: int
    expired: float = 0.0
    arrivals_beyond: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def worst(self) -> float:
        return max((month.p_break for month in self.months), default=0.0)

    def explain(self) -> dict[str, Any]:
        """What the forecast used and learned, for the page, the API and the record."""
        return {
            "on_hand": round(self.series.on_hand, 3),
            "lots": len(self.series.stock),
            "expected_expiry_loss": round(self.expired, 3),
            "needs": [round(need, 3) for need in self.series.needs],
            "arrivals": [arrival.explain() for arrival in self.series.arrivals],
            "expected_arrivals_after_horizon": round(self.arrivals_beyond, 3),
            "draws": self.draws,
            "seed": self.seed,
            "notes": list(self.series.notes),
            **self.extra,
        }


def series_seed(seed: int, series: Series) -> int:
    """A seed of the series' own, so that a forecast does not depend on the order of series."""
    return zlib.crc32(f"{seed}:{series.commodity}:{series.place}".encode()) & 0x7FFFFFFF


def _bootstrap(rng: np.random.Generator, samples: tuple[float, ...], draws: int) -> FloatArray:
    values = np.asarray(samples, dtype=np.float64)
    if values.size == 1:
        return np.full(draws, values[0])
    return values[rng.integers(0, values.size, size=draws)]


def _arrivals_by_month(
    series: Series, rng: np.random.Generator, draws: int
) -> tuple[FloatArray, float]:
    """Net kilograms arriving in each month for each draw (months × draws), and the mean
    arriving after the horizon."""
    horizon = series.horizon
    by_month = np.zeros((horizon, draws))
    beyond = 0.0
    for arrival in series.arrivals:
        days = np.zeros(draws)
        for delay in arrival.delays:
            days += _bootstrap(rng, delay.samples, draws)
        net = arrival.quantity * (1.0 - _bootstrap(rng, arrival.loss.samples, draws))
        month = np.floor(days / DAYS_PER_MONTH).astype(np.int64)
        inside = month < horizon
        np.add.at(by_month, (month[inside], np.nonzero(inside)[0]), net[inside])
        beyond += float(np.where(inside, 0.0, net).mean())
    return by_month, beyond


def _expiry_month(lot: Stock, horizon: int) -> int:
    """The month a lot can last be used in (its bucket); `horizon` when it outlives the run."""
    if lot.expires_in_days is None:
        return horizon
    if lot.expires_in_days < 0:
        return -1
    return min(math.floor(lot.expires_in_days / DAYS_PER_MONTH), horizon)


def naive_breaks(on_hand: float, needs: Sequence[float]) -> list[bool]:
    """The rule of thumb: months of cover = on hand ÷ monthly need, nothing else coming.
    A month breaks when the stock has run out before its need is met."""
    breaks: list[bool] = []
    left = on_hand
    for need in needs:
        breaks.append(need > 0 and left < need - TOLERANCE)
        left = max(left - need, 0.0)
    return breaks


def simulate(series: Series, *, draws: int = DRAWS, seed: int = 0) -> SeriesForecast:
    """Run `draws` futures of the series at once and count, per month, those that break."""
    horizon = series.horizon
    own_seed = series_seed(seed, series)
    rng = np.random.default_rng(own_seed)
    arrivals, beyond = _arrivals_by_month(series, rng, draws)
    # Stock in buckets by the month it can last be used in; arrivals last beyond the horizon.
    buckets = np.zeros((horizon + 1, draws))
    for lot in series.stock:
        bucket = _expiry_month(lot, horizon)
        if bucket >= 0:
            buckets[bucket] += lot.quantity
    expired = sum(lot.quantity for lot in series.stock if _expiry_month(lot, horizon) < 0)
    naive = naive_breaks(
        sum(lot.quantity for lot in series.stock if _expiry_month(lot, horizon) >= 0),
        series.needs,
    )
    months: list[MonthForecast] = []
    for month, need in enumerate(series.needs):
        buckets[horizon] += arrivals[month]
        available = buckets[month:].sum(axis=0)
        breaks = available < need - TOLERANCE
        to_take = np.full(draws, float(need))
        for bucket in range(month, horizon + 1):  # first expiry, first out
            taken = np.minimum(buckets[bucket], to_take)
            buckets[bucket] -= taken
            to_take -= taken
        expired += float(buckets[month].mean())
        buckets[month] = 0.0
        months.append(
            MonthForecast(
                month=month,
                need=float(need),
                expected_arrivals=float(arrivals[month].mean()),
                expected_stock=float(buckets[month + 1 :].sum(axis=0).mean()),
                p_break=float(breaks.mean()),
                naive_break=naive[month],
            )
        )
    return SeriesForecast(series, tuple(months), draws, own_seed, expired, beyond)


def brier(probabilities: Sequence[float], outcomes: Sequence[bool]) -> float:
    """The mean squared distance between forecast probabilities and what happened (0 = perfect)."""
    if len(probabilities) != len(outcomes):
        raise ValueError("one outcome per forecast")
    if not probabilities:
        return 0.0
    p = np.asarray(probabilities, dtype=np.float64)
    o = np.asarray(outcomes, dtype=np.float64)
    return float(np.mean((p - o) ** 2))
