"""Receiving an in-kind contribution creates its lot, in kg, linked to pledge and donor."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sunbula.core.models import User
from sunbula.supply import services
from sunbula.supply.models import Lot
from tests.conftest import World, client_for, in_kind_payment
from tests.supply.conftest import D, Stock

pytestmark = pytest.mark.django_db


def test_tonnes_of_flour_become_a_lot_in_kg(world: World, stock: Stock, admin: User) -> None:
    payment = in_kind_payment(world)
    lot = services.lot_receive_contribution(
        actor=admin,
        payment=payment,
        site=world.kabul_warehouse,
        received_on=D(2023, 5, 20),
        reference="GRN-9",
    )
    assert (lot.commodity, lot.quantity_received) == (stock.flour, Decimal(30000))
    assert lot.pledge == payment.commitment.pledge
    assert lot.donor == world.kazakhstan_government
    assert lot.provenance == "in_kind"
    with pytest.raises(ValidationError) as twice:
        services.lot_receive_contribution(
            actor=admin,
            payment=payment,
            site=world.kabul_warehouse,
            received_on=D(2023, 5, 20),
            reference="GRN-10",
        )
    assert list(twice.value.message_dict) == ["payment"]


def test_receive_page_lists_and_receives(world: World, stock: Stock, officer_afg: User) -> None:
    payment = in_kind_payment(world)
    client = client_for(officer_afg)
    assert "FFH-KAZ" in client.get("/en/supply/contributions/").content.decode()
    url = f"/en/supply/contributions/{payment.pk}/receive/"
    bad = client.post(url, {"site": world.kabul_warehouse.pk, "reference": "GRN"})
    assert bad.status_code == 422
    response = client.post(
        url,
        {"site": world.kabul_warehouse.pk, "received_on": "2023-05-20", "reference": "GRN-1"},
    )
    assert response.status_code == 302
    assert Lot.objects.get(payment=payment).quantity_received == Decimal(30000)
    assert "FFH-KAZ" not in client.get("/en/supply/contributions/").content.decode()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"received_on": "2023-05-20", "expires_on": "2023-05-19"},
            "expires_on",
            "The expiry date must follow the day received.",
        ),
        (
            {"received_on": "2023-05-14"},
            "received_on",
            "Goods cannot be received before they were given, on \u2068May 15, 2023\u2069 "
            "(\u206825 Sawr 1402 SH\u2069).",
        ),
        (
            {"received_on": "2099-01-02"},
            "received_on",
            "Goods cannot be received on a day to come.",
        ),
    ],
)
def test_goods_of_a_contribution_are_received_on_a_day_that_makes_sense(
    world: World,
    stock: Stock,
    officer_afg: User,
    values: dict[str, str],
    field: str,
    message: str,
) -> None:
    payment = in_kind_payment(world)
    url = f"/en/supply/contributions/{payment.pk}/receive/"
    answer = client_for(officer_afg).post(
        url, {"site": world.kabul_warehouse.pk, "reference": "GRN-1", **values}
    )
    assert answer.status_code == 422
    assert answer.context["form"].errors == {field: [message]}
    assert not Lot.objects.filter(payment=payment).exists()


def test_without_a_stock_keeping_site_the_page_says_where_to_add_one(
    world: World, officer_afg: User
) -> None:
    payment = in_kind_payment(world)
    client = client_for(officer_afg)
    url = f"/en/supply/contributions/{payment.pk}/receive/"
    page = client.get(url).content.decode()
    assert "No site holds stock yet" in page
    assert 'href="/en/supply/sites/new/"' in page
    services.stock_site_register(actor=None, site=world.kabul_warehouse)
    assert "No site holds stock yet" not in client.get(url).content.decode()
