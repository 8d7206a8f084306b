"""Transit times and losses are learned from the project's own waybills, as known on the
forecast's day, with the defaults where there are too few."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.core import services as core_services
from sunbula.forecasting.inputs import _Provinces, chain_inputs, learn
from sunbula.forecasting.model import DEFAULT_DELIVERY, DEFAULT_LOSS, DEFAULT_TRANSIT
from sunbula.funding import services as funding_services
from tests.conftest import Field, World, in_kind_payment, ready
from tests.forecasting.conftest import D, send
from tests.supply.conftest import Stock

pytestmark = pytest.mark.django_db


def test_five_received_waybills_teach_the_transit_time_and_the_loss_rate(
    world: World, stock: Stock
) -> None:
    for number, days in enumerate((2, 4, 6, 8, 10)):
        send(world, stock, dispatched=D(2023, 6, 1 + number), days=days, lost="1")
    learned = learn(world.afghanistan, D(2023, 7, 1), _Provinces(world.afghanistan))
    assert not learned.transit.defaulted
    assert learned.transit.observations == 5
    assert learned.transit.mean == 6.0
    assert learned.loss.mean == pytest.approx(0.1)
    # Herat has its own five: the province's own figures are used for it.
    assert learned.transit_to(world.hirat.pk).mean == 6.0
    # Before any of them arrived, nothing was known: the defaults.
    early = learn(world.afghanistan, D(2023, 6, 2), _Provinces(world.afghanistan))
    assert early.transit.defaulted and early.transit.samples == DEFAULT_TRANSIT.samples
    assert early.loss.defaulted and early.loss.samples == DEFAULT_LOSS.samples


def test_too_few_waybills_fall_back_to_the_defaults(world: World, stock: Stock) -> None:
    send(world, stock, dispatched=D(2023, 6, 1), days=3)
    send(world, stock, dispatched=D(2023, 6, 2), days=5)
    learned = learn(world.afghanistan, D(2023, 7, 1), _Provinces(world.afghanistan))
    assert learned.transit.defaulted and learned.transit.observations == 2
    assert learned.transit.samples == DEFAULT_TRANSIT.samples
    assert learned.transit_by_province == {}
    assert learned.explain()["transit"]["defaulted"] is True


def test_goods_on_the_road_arrive_in_their_province_with_the_learned_transit(
    world: World, stock: Stock
) -> None:
    for number in range(5):
        send(world, stock, dispatched=D(2023, 6, 1 + number), days=10)
    send(world, stock, dispatched=D(2023, 6, 25), days=None, sent="200")
    inputs = chain_inputs(
        country=world.afghanistan, programme=None, as_of=D(2023, 6, 28), horizon=3
    )
    herat = inputs.series[(stock.flour.pk, world.hirat.pk)]
    (arrival,) = herat.arrivals
    assert arrival.source == "waybill" and arrival.quantity == 200.0
    # Ten days' transit, three gone already.
    assert arrival.delays[0].samples == (7.0,) * 5
    assert herat.on_hand == 50.0  # five waybills of 10 kg received
    kabul = inputs.series[(stock.flour.pk, world.kabul.pk)]
    assert kabul.on_hand == 1000.0 - 50.0 - 200.0


def test_in_kind_goods_still_to_come_are_expected_where_the_need_is(
    world: World, field: Field
) -> None:
    ready(field.cycle)  # Herat households, June 2023
    in_kind_payment(world)  # 30 t pledged, committed (an amount only) and delivered
    usd = core_services.currency_upsert(actor=None, code="USD", name="US dollar")
    pledge = funding_services.pledge_record(
        actor=None,
        reference="FFH-KAZ-2",
        donor=world.kazakhstan_government,
        pledged_on=D(2023, 4, 1),
        currency=usd,
        amount=Decimal(9000),
        country=world.afghanistan,
        budget_year=2023,
        contribution_type="in_kind",
        commodity="WHEAT-FLOUR",
        quantity=Decimal(20),
        unit="t",
    )
    funding_services.commitment_record(
        actor=None, pledge=pledge, committed_on=D(2023, 5, 1), amount=Decimal(4500)
    )
    inputs = chain_inputs(
        country=world.afghanistan, programme=None, as_of=D(2023, 5, 20), horizon=3
    )
    herat = inputs.series[(field.flour.pk, world.hirat.pk)]
    assert sum(herat.needs) == 50.0  # one household's ration
    expected = {(arrival.source, arrival.reference): arrival for arrival in herat.arrivals}
    # What was delivered is no longer expected; half of the second pledge is committed.
    assert set(expected) == {("commitment", "FFH-KAZ-2"), ("pledge", "FFH-KAZ-2")}
    committed = expected[("commitment", "FFH-KAZ-2")]
    assert committed.quantity == 10000.0
    # One in-kind payment only: the delivery delay is the default, less the 19 days passed.
    assert inputs.learned["delivery_after_commitment"]["defaulted"] is True
    assert committed.delays[0].samples == tuple(
        days - 19 for days in DEFAULT_DELIVERY.samples if days >= 19
    )
    assert committed.delays[1].defaulted  # then the transit to Herat
