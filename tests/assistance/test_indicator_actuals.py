"""Must show: people reached and kilograms distributed feed the project's indicator actuals
through programmes' service, and an approved (locked) period refuses them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.assistance import services
from sunbula.assistance.models import RationKind
from sunbula.programmes import services as programmes_services
from sunbula.programmes.models import IndicatorActual
from sunbula.programmes.services import PeriodLocked
from tests.conftest import Field, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def test_distributions_feed_actuals_until_the_period_is_locked(field: Field) -> None:
    people = programmes_services.indicator_create(
        actor=None,
        result=field.projects.tonnes.result,
        title="People reached",
        measure="1",
        unit="people",
        by_sex=True,
    )
    cycle = services.cycle_create(
        actor=None,
        project=field.projects.flour,
        country=field.cycle.country,
        name="Fed households",
        period_start=D(2023, 6, 1),
        period_end=D(2023, 6, 30),
        ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
        people_indicator=people,
        kg_indicator=field.projects.tonnes,
        reporting_period=field.projects.year,
    )
    services.ration_line_set(actor=None, cycle=cycle, commodity=field.flour, quantity=Decimal(50))
    entitlement = ready(cycle)
    services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(20),
        distributed_on=D(2023, 6, 2),
    )
    actuals = {
        (actual.indicator_id, actual.sex): actual.value
        for actual in IndicatorActual.objects.filter(source="assistance")
    }
    assert actuals == {
        (people.pk, ""): Decimal(3),
        (people.pk, "female"): Decimal(2),
        (people.pk, "male"): Decimal(1),
        (field.projects.tonnes.pk, ""): Decimal("0.02"),
    }
    programmes_services.reporting_period_approve(actor=None, period=field.projects.year)
    services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(30),
        distributed_on=D(2023, 6, 3),
    )
    tonnes = IndicatorActual.objects.get(indicator=field.projects.tonnes, sex="")
    assert tonnes.value == Decimal("0.02")
    with pytest.raises(PeriodLocked):
        services.cycle_actuals_feed(actor=None, cycle=cycle)
