"""The waybill form offers the lots at the origin with what the sender needs to pick one;
the vehicle shows on the waybill and its printed copy; a received lot expires only on the
date someone entered."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from sunbula.core.models import User
from sunbula.supply import services
from sunbula.supply.models import Lot
from sunbula.supply.services import LineInput
from tests.conftest import World, client_for, in_kind_payment
from tests.supply.conftest import Stock, waybill_form

pytestmark = pytest.mark.django_db


def _lot_options(html: str) -> list[str]:
    select = re.search(r'<select name="lines-0-lot".*?</select>', html, re.S)
    assert select
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)<', select[0])


def test_lots_are_named_by_commodity_site_and_balance_at_the_origin(
    world: World, stock: Stock, admin: User
) -> None:
    client = client_for(admin)
    options = _lot_options(client.get("/en/supply/waybills/new/").content.decode())
    assert "LOT-KBL-1 · Wheat flour · Kabul warehouse · \u20681,000 kg\u2069 available" in options
    assert len(options) == 2
    at_almaty = client.get(f"/en/supply/waybills/new/?origin={world.almaty_warehouse.pk}")
    assert [option.split(" · ")[0] for option in _lot_options(at_almaty.content.decode())] == [
        "LOT-ALA-1"
    ]
    elsewhere = client.post(
        "/en/supply/waybills/new/",
        waybill_form(
            (stock.almaty_lot, "10", "1"),
            origin=world.kabul_warehouse.pk,
            destination=stock.herat_centre.pk,
        ),
    )
    assert elsewhere.status_code == 422
    assert "This lot has no stock at the origin." in elsewhere.content.decode()


def test_the_vehicle_shows_on_the_waybill_and_its_printed_copy(
    world: World, stock: Stock, officer_afg: User
) -> None:
    waybill = services.waybill_create(
        actor=officer_afg,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        vehicle="KBL 4471 truck",
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(100), packages=2)],
        number="WB-V1",
    )
    client = client_for(officer_afg)
    for url in (waybill.get_absolute_url(), f"/en/supply/waybills/{waybill.pk}/print/"):
        assert "KBL 4471 truck" in client.get(url).content.decode(), url
    assert client.get(f"/en/supply/waybills/{waybill.pk}/waybill.pdf").status_code == 200


def test_a_received_contribution_expires_only_on_the_date_entered(
    world: World, stock: Stock, officer_afg: User
) -> None:
    assert stock.flour.shelf_life_days
    payment = in_kind_payment(world)
    client = client_for(officer_afg)
    url = f"/en/supply/contributions/{payment.pk}/receive/"
    page = client.get(url).content.decode()
    assert 'name="expires_on"' in page
    values = {"site": world.kabul_warehouse.pk, "received_on": "2023-05-20", "reference": "GRN-1"}
    assert client.post(url, values).status_code == 302
    assert Lot.objects.get(payment=payment).expires_on is None


def test_a_waybill_to_its_own_origin_is_refused_on_the_destination(
    world: World, stock: Stock, admin: User
) -> None:
    message = "The destination is another site than the origin."
    client = client_for(admin)
    page = client.post(
        "/en/supply/waybills/new/",
        waybill_form(
            (stock.kabul_lot, "10", "1"),
            origin=world.kabul_warehouse.pk,
            destination=world.kabul_warehouse.pk,
        ),
    )
    assert page.status_code == 422
    assert page.context["form"].errors == {"destination": [message]}
    assert "is violated" not in page.content.decode()
    draft = services.waybill_create(
        actor=admin,
        origin=world.kabul_warehouse,
        destination=stock.herat_centre,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(10))],
    )
    api = client.patch(
        f"/api/v1/supply/waybills/{draft.pk}/",
        {"destination": world.kabul_warehouse.pk},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json() == {"destination": [message]}
    draft.refresh_from_db()
    assert draft.destination == stock.herat_centre
