"""Must show: a hand-over is dated within its cycle (and the mop-up days after it), never in
the future, never before the stock it draws on arrived at the site; the rule holds at the
desk, in the API, at the distribution point and for a list, on `distributed_on`."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sunbula.assistance import services
from sunbula.assistance.models import Distribution, RationKind
from sunbula.assistance.services.dating import MOP_UP_DAYS
from sunbula.core.models import User
from tests.conftest import Field, World, client_for, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def _record(field: Field, day: datetime.date) -> Distribution:
    entitlement = ready(field.cycle)
    return services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(10),
        distributed_on=day,
    )


@pytest.mark.parametrize("day", [D(2023, 5, 31), D(2023, 8, 1)])
def test_a_day_outside_the_cycle_is_refused_on_the_date(field: Field, day: datetime.date) -> None:
    with pytest.raises(ValidationError) as refused:
        _record(field, day)
    assert "distributed_on" in refused.value.message_dict
    assert not Distribution.objects.exists()


def test_a_mop_up_after_the_end_is_within_the_grace_days(field: Field) -> None:
    last = field.cycle.period_end + datetime.timedelta(days=MOP_UP_DAYS)
    assert _record(field, last).distributed_on == last
    with pytest.raises(ValidationError):
        services.distribution_record(
            actor=None,
            entitlement=Distribution.objects.get().entitlement,
            site=field.centre,
            quantity=Decimal(1),
            distributed_on=last + datetime.timedelta(days=1),
        )


def test_a_day_in_the_future_is_refused_even_within_the_cycle(field: Field, world: World) -> None:
    today = timezone.localdate()
    cycle = services.cycle_create(
        actor=None,
        project=field.projects.flour,
        country=world.afghanistan,
        name="Now",
        period_start=today - datetime.timedelta(days=10),
        period_end=today + datetime.timedelta(days=30),
        ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
    )
    services.ration_line_set(actor=None, cycle=cycle, commodity=field.flour, quantity=Decimal(50))
    entitlement = ready(cycle)
    with pytest.raises(ValidationError) as refused:
        services.distribution_record(
            actor=None,
            entitlement=entitlement,
            site=field.centre,
            quantity=Decimal(10),
            distributed_on=today + datetime.timedelta(days=5),
        )
    assert "future" in refused.value.message_dict["distributed_on"][0]


def test_a_day_before_the_stock_arrived_is_refused(field: Field) -> None:
    services.cycle_update(actor=None, cycle=field.cycle, period_start=D(2023, 4, 20))
    with pytest.raises(ValidationError) as refused:
        _record(field, D(2023, 4, 25))  # the lots came on 1 and 2 May
    assert "LOT-EARLY" in refused.value.message_dict["distributed_on"][0]
    assert not Distribution.objects.exists()


def test_every_channel_refuses_a_day_outside_the_cycle(field: Field, officer_afg: User) -> None:
    entitlement = ready(field.cycle)
    client = client_for(officer_afg)
    desk = client.post(
        f"/en/assistance/cycles/{field.cycle.pk}/distributions/",
        {
            "reference": "HH-1",
            "commodity": field.flour.pk,
            "site": field.centre.pk,
            "quantity": "10",
            "distributed_on": "2023-09-01",
        },
    )
    assert desk.status_code == 422
    assert "outside" in desk.context["form"].errors["distributed_on"][0]
    body = {
        "entitlement": entitlement.pk,
        "site": field.centre.pk,
        "quantity": "10",
        "distributed_on": "2023-05-20",
    }
    api = client.post("/api/v1/assistance/distributions/", body, content_type="application/json")
    assert api.status_code == 400 and "distributed_on" in api.json()
    point = client.post(
        "/api/v1/assistance/point/distributions/",
        {**body, "client_id": str(uuid.uuid4())},
        content_type="application/json",
    )
    assert point.status_code == 400 and "distributed_on" in point.json()
    bulk = client.post(
        "/api/v1/assistance/distributions/bulk/",
        {
            "cycle": field.cycle.pk,
            "commodity": field.flour.pk,
            "site": field.centre.pk,
            "distributed_on": "2023-12-01",
            "rows": [{"reference": "HH-1", "quantity": "10"}],
        },
        content_type="application/json",
    )
    assert bulk.status_code == 400 and "distributed_on" in bulk.json()
    assert not Distribution.objects.exists()
