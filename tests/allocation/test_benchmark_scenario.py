"""On the benchmark's generated scenario (34 provinces, 12 months, 50 lots) the model delivers
more person-days and lets less expire than first come first served and proportional shares."""

from __future__ import annotations

from bench.allocation_plan import scenario
from sunbula.allocation.model import allocate, evaluate, first_come_first_served, proportional


def test_least_harm_beats_both_baselines() -> None:
    problem = scenario(7)
    model = allocate(problem, explain=False).outcome
    for baseline in (first_come_first_served(problem), proportional(problem)):
        other = evaluate(problem, baseline)
        assert model.person_days > other.person_days
        assert model.expired_kg < other.expired_kg
        assert model.weighted_person_days > other.weighted_person_days
