"""The benchmarks' generators write rows the models accept: a column added to a model must
reach the raw SQL and COPY that fill the benchmark databases, or `make bench` and the
national-scale run break long after the change. Run on the demo, at the smallest size."""

from __future__ import annotations

import pytest
from django.db import connection

from bench import assistance_trace, scale_dataset
from sunbula.assistance.models import Cycle, Distribution
from sunbula.core.models import Site
from sunbula.funding.models import Pledge
from sunbula.learning.models import Event, Registration
from sunbula.registry.models import Household, Person
from sunbula.supply.models import Lot


def _valid(records: object) -> int:
    count = 0
    for record in records:  # type: ignore[attr-defined]
        record.full_clean()
        count += 1
    return count


def test_the_traces_distributions_are_valid_records(demo: None) -> None:
    assistance_trace.generate(people=4, distributions=12)
    cycle = Cycle.objects.get(name="Benchmark cycle")
    assert _valid(Distribution.objects.filter(entitlement__cycle=cycle)) == 12


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the national-scale dataset is PostgreSQL's (COPY)"
)
def test_the_national_scale_records_are_valid_records(demo: None) -> None:
    scale = 0.00002  # 20 persons in 5 households, 2 registrations; one site, lot, pledge, event
    scale_dataset._records(scale, lambda _line: None)
    scale_dataset._people(scale, lambda _line: None)
    generated = scale_dataset.REFERENCE
    assert _valid(Person.objects.filter(external_id__startswith=generated)) == 20
    assert _valid(Household.objects.filter(reference__startswith=generated)) == 5
    assert _valid(Pledge.objects.filter(reference__startswith=generated)) == 1
    assert _valid(Lot.objects.filter(reference__startswith=generated)) == 1
    assert _valid(Site.objects.filter(name__startswith="Scale site")) == 1
    assert _valid(Event.objects.filter(title__startswith="Scale event")) == 1
    assert _valid(Registration.objects.filter(token__startswith=generated)) == 2
