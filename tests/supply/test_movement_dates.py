"""Stock moves on days that make sense: nothing leaves a site before the lot got there, nor so
much that the site would run short on a later day; goods are not received on a day still to
come, nor before they were dispatched. A stock card's running balance is never negative."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sunbula.core.models import User
from sunbula.supply import selectors, services
from sunbula.supply.models import StockBalance, StockMovement, Waybill
from sunbula.supply.services import CountedLine, LineInput, ReceivedLine
from tests.conftest import World, client_for
from tests.supply.conftest import D, Stock

pytestmark = pytest.mark.django_db

FUTURE = "2099-01-02"


def _plain(text: str) -> str:
    """A message without the isolates that keep its figures whole in right-to-left text."""
    return text.replace("\u2068", "").replace("\u2069", "")


def _draft(world: World, stock: Stock, actor: User, quantity: int = 300) -> Waybill:
    return services.waybill_create(
        actor=actor,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(quantity))],
    )


def _never_negative(world: World, stock: Stock, admin: User) -> None:
    balance = StockBalance.objects.get(site=world.kabul_warehouse, lot=stock.kabul_lot)
    assert all(line.balance >= 0 for line in selectors.stock_card(user=admin, balance=balance))


def test_a_dispatch_dated_before_the_lot_arrived_is_refused_on_its_day(
    world: World, stock: Stock, admin: User, officer_afg: User
) -> None:
    waybill = _draft(world, stock, admin)
    movements = StockMovement.objects.count()
    answer = client_for(officer_afg).post(
        f"/en/supply/waybills/{waybill.pk}/dispatch/", {"dispatched_on": "2023-05-01"}
    )
    assert answer.status_code == 422
    page = answer.content.decode()
    assert 'value="2023-05-01"' in page
    assert "Lot LOT-KBL-1 was not yet at Kabul warehouse on" in page
    waybill.refresh_from_db()
    assert waybill.status == "draft"
    assert StockMovement.objects.count() == movements
    _never_negative(world, stock, admin)


def test_the_day_the_lot_arrived_it_can_leave(
    world: World, stock: Stock, admin: User, officer_afg: User
) -> None:
    waybill = _draft(world, stock, admin)
    answer = client_for(officer_afg).post(
        f"/en/supply/waybills/{waybill.pk}/dispatch/", {"dispatched_on": "2023-05-20"}
    )
    assert answer.status_code == 302
    _never_negative(world, stock, admin)


def test_a_dispatch_that_would_leave_a_later_day_short_is_refused(
    world: World, stock: Stock, admin: User, officer_afg: User
) -> None:
    # 1,000 kg arrived on 20 May; 900 were lost on 10 June; 500 were found on 20 June.
    services.stock_loss_record(
        actor=admin,
        site=world.kabul_warehouse,
        lot=stock.kabul_lot,
        quantity=Decimal(900),
        reference="LOSS-1",
        cause="spoilage",
        occurred_at=D(2023, 6, 10),
    )
    count = services.stock_count_record(
        actor=officer_afg,
        site=world.kabul_warehouse,
        counted_on=D(2023, 6, 20),
        reason="Recount",
        lines=[CountedLine(stock.kabul_lot, Decimal(600))],
    )
    services.stock_count_approve(actor=admin, count=count)
    for day, refusal in (
        (
            D(2023, 6, 1),
            "Kabul warehouse would run short of lot LOT-KBL-1 on Jun 10, 2023 if 300 kg left "
            "it on Jun 1, 2023.",
        ),
        (
            D(2023, 6, 15),
            "On Jun 15, 2023 Kabul warehouse held only 100 kg of lot LOT-KBL-1; 300 kg were "
            "asked for.",
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            services.waybill_dispatch(
                actor=officer_afg, waybill=_draft(world, stock, admin), dispatched_on=day
            )
        assert list(refused.value.message_dict) == ["dispatched_on"]
        assert refusal == _plain(refused.value.message_dict["dispatched_on"][0]), day
    services.waybill_dispatch(
        actor=officer_afg, waybill=_draft(world, stock, admin), dispatched_on=D(2023, 6, 20)
    )
    _never_negative(world, stock, admin)


def test_a_loss_or_distribution_dated_before_the_lot_arrived_is_refused(
    world: World, stock: Stock, admin: User
) -> None:
    before = D(2023, 5, 19)
    for leave in (
        lambda: services.stock_loss_record(
            actor=admin,
            site=world.kabul_warehouse,
            lot=stock.kabul_lot,
            quantity=Decimal(1),
            reference="LOSS-0",
            cause="theft",
            occurred_at=before,
        ),
        lambda: services.stock_distribute(
            actor=admin,
            site=world.kabul_warehouse,
            lot=stock.kabul_lot,
            quantity=Decimal(1),
            reference="DIST-0",
            occurred_at=before,
        ),
        lambda: services.stock_distribute_many(
            actor=admin,
            site=world.kabul_warehouse,
            taken={stock.kabul_lot.pk: Decimal(1)},
            reference="LIST-0",
            occurred_at=before,
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            leave()
        assert list(refused.value.message_dict) == ["occurred_at"]
    assert not StockMovement.objects.filter(occurred_at__date=before).exists()


def test_goods_received_on_a_day_to_come_are_refused(
    world: World, stock: Stock, admin: User, officer_afg: User
) -> None:
    waybill = services.waybill_dispatch(
        actor=admin, waybill=_draft(world, stock, admin), dispatched_on=D(2023, 6, 1)
    )
    line = waybill.lines.get()
    answer = client_for(officer_afg).post(
        f"/en/supply/waybills/{waybill.pk}/receive/",
        {"received_on": FUTURE, f"received_{line.pk}": "300"},
    )
    assert answer.status_code == 422
    assert "Goods cannot be received on a day to come." in answer.content.decode()
    with pytest.raises(ValidationError) as refused:
        services.lot_receive(
            actor=admin,
            site=world.kabul_warehouse,
            commodity=stock.flour,
            quantity=Decimal(5),
            received_on=D(2099, 1, 2),
            reference="GRN-LATER",
        )
    assert list(refused.value.message_dict) == ["received_on"]
    waybill.refresh_from_db()
    assert waybill.status == "dispatched"


def test_goods_cannot_be_received_before_they_were_dispatched(
    world: World, stock: Stock, admin: User, officer_afg: User
) -> None:
    waybill = services.waybill_dispatch(
        actor=admin, waybill=_draft(world, stock, admin), dispatched_on=D(2023, 6, 1)
    )
    line = waybill.lines.get()
    answer = client_for(officer_afg).post(
        f"/en/supply/waybills/{waybill.pk}/receive/",
        {"received_on": "2023-05-31", f"received_{line.pk}": "300"},
    )
    assert answer.status_code == 422
    assert "Goods cannot arrive before they left." in answer.content.decode()
    with pytest.raises(ValidationError) as refused:
        services.waybill_receive(
            actor=admin,
            waybill=waybill,
            received_on=D(2023, 5, 31),
            lines=[ReceivedLine(line, Decimal(300))],
        )
    assert list(refused.value.message_dict) == ["received_on"]
