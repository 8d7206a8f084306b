"""A stock count holds each lot on one line: a lot counted on two lines is refused naming the
line and its first, from the page, the API and the service alike, and nothing is recorded
(its approval would otherwise book the lot's difference twice)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sunbula.core.models import User
from sunbula.supply import services
from sunbula.supply.models import Lot, StockCount, StockMovement
from tests.conftest import World, client_for
from tests.supply.conftest import Stock, count_form

pytestmark = pytest.mark.django_db
D = datetime.date
REFUSAL = "Line 3: lot LOT-KBL-1 is counted on line 1 already; count each lot on one line."


def test_the_service_refuses_a_lot_counted_twice(
    world: World, stock: Stock, second_lot: Lot
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.stock_count_record(
            actor=None,
            site=world.kabul_warehouse,
            counted_on=D(2023, 6, 30),
            reason="Quarterly count",
            lines=[
                services.CountedLine(stock.kabul_lot, Decimal(990)),
                services.CountedLine(second_lot, Decimal(400)),
                services.CountedLine(stock.kabul_lot, Decimal(10)),
            ],
        )

    assert refused.value.message_dict == {"lines": [REFUSAL]}
    assert not StockCount.objects.exists()


def test_the_page_refuses_a_lot_counted_twice(
    world: World, stock: Stock, second_lot: Lot, officer_afg: User
) -> None:
    kabul = world.kabul_warehouse
    movements = StockMovement.objects.count()
    sheet = count_form(
        (stock.kabul_lot, "990"),
        (second_lot, "400"),
        (stock.kabul_lot, "10"),
        site=kabul.pk,
        counted_on="2023-06-30",
        reason="Quarterly count",
    )

    answer = client_for(officer_afg).post(f"/en/supply/counts/new/?site={kabul.pk}", sheet)

    assert answer.status_code == 422
    assert REFUSAL in answer.content.decode()
    assert not StockCount.objects.exists()
    assert StockMovement.objects.count() == movements


def test_the_api_refuses_a_lot_counted_twice(world: World, stock: Stock, officer_afg: User) -> None:
    answer = client_for(officer_afg).post(
        "/api/v1/supply/stock-counts/",
        {
            "site": world.kabul_warehouse.pk,
            "counted_on": "2023-06-30",
            "reason": "Quarterly count",
            "lines": [
                {"lot": stock.kabul_lot.pk, "counted_quantity": "990"},
                {"lot": stock.kabul_lot.pk, "counted_quantity": "10"},
            ],
        },
        content_type="application/json",
    )

    assert answer.status_code == 400
    assert answer.json()["lines"] == [
        "Line 2: lot LOT-KBL-1 is counted on line 1 already; count each lot on one line."
    ]
    assert not StockCount.objects.exists()
