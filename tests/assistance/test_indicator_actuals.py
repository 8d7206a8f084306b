"""Must show: people reached and kilograms distributed feed the project's indicator actuals
through programmes' service, and an approved (locked) period refuses them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.assistance import services
from sunbula.assistance.models import Cycle, Entitlement, RationKind
from sunbula.programmes import services as programmes_services
from sunbula.programmes.models import Indicator, IndicatorActual
from sunbula.programmes.services import PeriodLocked
from tests.conftest import Field, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def _fed_cycle(field: Field) -> tuple[Indicator, Cycle, Entitlement]:
    """A cycle feeding people reached (by sex) and tonnes; one household's entitlement."""
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
    return people, cycle, ready(cycle)


def _actuals() -> dict[tuple[int, str], Decimal]:
    return {
        (actual.indicator_id, actual.sex): actual.value
        for actual in IndicatorActual.objects.filter(source="assistance")
    }


def test_distributions_feed_actuals_until_the_period_is_locked(field: Field) -> None:
    people, cycle, entitlement = _fed_cycle(field)
    services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(20),
        distributed_on=D(2023, 6, 2),
    )
    assert _actuals() == {
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


def test_hand_overs_recorded_together_feed_the_actuals_once_with_the_same_figures(
    field: Field,
) -> None:
    """A caller recording many hand-overs (the demo) defers the actuals to one feed at the
    end; the figures are those hand-overs fed one by one would leave."""
    people, cycle, entitlement = _fed_cycle(field)
    for quantity, day in ((Decimal(20), D(2023, 6, 2)), (Decimal(30), D(2023, 6, 3))):
        services.distribution_record(
            actor=None,
            entitlement=entitlement,
            site=field.centre,
            quantity=quantity,
            distributed_on=day,
            feed_actuals=False,
        )
    assert _actuals() == {}
    services.cycle_actuals_feed(actor=None, cycle=cycle)
    together = _actuals()
    assert together == {
        (people.pk, ""): Decimal(3),
        (people.pk, "female"): Decimal(2),
        (people.pk, "male"): Decimal(1),
        (field.projects.tonnes.pk, ""): Decimal("0.05"),
    }
    for distribution in cycle.entitlements.get().distributions.order_by("pk"):
        services.distribution_reverse(actor=None, distribution=distribution, reason="Test")
    services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(50),
        distributed_on=D(2023, 6, 4),
    )
    assert _actuals() == together
