"""Commodities, stock-keeping sites, purchases and draft waybills from the pages: created and
corrected through the services, in the user's countries, with htmx checks that write nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core import services as core_services
from sunbula.core.models import AuditEntry, User
from sunbula.supply import services
from sunbula.supply.models import Commodity, Lot, PurchaseOrder, StockSite, Waybill
from sunbula.supply.services import LineInput
from tests.conftest import World, client_for
from tests.supply.conftest import D, Stock, moved, waybill_form
from tests.supply.purchases import Cash, make_cash

pytestmark = pytest.mark.django_db


@pytest.fixture
def cash(world: World) -> Cash:
    return make_cash(world)


def _order_form(cash: Cash, **changes: object) -> dict[str, object]:
    return {
        "supplier": cash.supplier.pk,
        "payment": cash.payment.pk,
        "commitment": "",
        "commodity": cash.seed.pk,
        "quantity": "5",
        "unit": "t",
        "unit_price": "600",
        "currency": cash.usd.pk,
        "ordered_on": "2024-04-01",
        "notes": "",
        **changes,
    }


def test_a_logistics_administrator_adds_and_corrects_a_commodity(
    admin: User, officer_afg: User
) -> None:
    client = client_for(admin)
    form = {
        "code": "UREA-46",
        "name": "Urea 46%",
        "name_ar": "يوريا",
        "name_fr": "Urée",
        "name_ru": "Мочевина",
        "category": "inputs",
        "base_unit": "kg",
        "package_size": "50",
        "package_name": "50 kg bag",
        "kcal_per_kg": "",
        "shelf_life_days": "720",
    }
    checked = client.post("/en/supply/commodities/new/?validate=1", {**form, "category": "x"})
    assert checked.status_code == 200 and "category" in checked.content.decode()
    assert not Commodity.objects.exists()
    assert client.post("/en/supply/commodities/new/", form).status_code == 302
    urea = Commodity.objects.get(code="UREA-46")
    assert urea.name_translations["ar"] == "يوريا"
    again = client.post("/en/supply/commodities/new/", form)
    assert again.status_code == 422 and "code" in again.content.decode().lower()
    edited = client.post(f"/en/supply/commodities/{urea.pk}/", {**form, "shelf_life_days": "365"})
    assert edited.status_code == 302
    urea.refresh_from_db()
    assert (urea.shelf_life_days, urea.code) == (365, "UREA-46")
    assert AuditEntry.objects.filter(action="supply.commodity.updated").exists()
    listing = client.get("/en/supply/commodities/?q=Мочев&category=inputs").content.decode()
    assert "UREA-46" in listing
    assert "UREA-46" not in client.get("/en/supply/commodities/?category=cereals").content.decode()
    # A programme officer reads commodities but does not change the standard list.
    officer = client_for(officer_afg)
    assert officer.get("/en/supply/commodities/").status_code == 200
    assert officer.get("/en/supply/commodities/new/").status_code == 403
    assert officer.post(f"/en/supply/commodities/{urea.pk}/", form).status_code == 403


def test_an_officer_makes_sites_of_her_own_countries_hold_stock(
    world: World, officer_afg: User, officer_kaz: User
) -> None:
    client = client_for(officer_afg)
    page = client.get("/en/supply/sites/new/").content.decode()
    assert "Kabul warehouse" in page and "Almaty" not in page
    refused = client.post(
        "/en/supply/sites/new/", {"site": world.almaty_warehouse.pk, "capacity": "10"}
    )
    assert refused.status_code == 422 and not StockSite.objects.exists()
    checked = client.post(
        "/en/supply/sites/new/?validate=1",
        {"site": world.kabul_warehouse.pk, "capacity": "500", "is_active": "on"},
    )
    assert checked.status_code == 200 and not StockSite.objects.exists()
    created = client.post(
        "/en/supply/sites/new/",
        {"site": world.kabul_warehouse.pk, "capacity": "500", "is_active": "on"},
    )
    assert created.status_code == 302
    kabul = StockSite.objects.get(site=world.kabul_warehouse)
    assert client.post(f"/en/supply/sites/{kabul.pk}/", {"capacity": "800"}).status_code == 302
    kabul.refresh_from_db()
    assert (kabul.capacity, kabul.is_active) == (Decimal(800), False)
    assert "Kabul warehouse" in client.get("/en/supply/sites/?q=kabul").content.decode()
    # Outside her countries the site is answered like one that does not exist.
    other = client_for(officer_kaz)
    assert other.get(f"/en/supply/sites/{kabul.pk}/").status_code == 404
    assert other.get("/en/supply/sites/987654/").status_code == 404
    assert "Kabul warehouse" not in other.get("/en/supply/sites/").content.decode()


def test_an_officer_buys_seed_with_a_payment_and_receives_it(
    cash: Cash, world: World, officer_afg: User, officer_kaz: User
) -> None:
    client = client_for(officer_afg)
    assert client.get("/en/supply/purchases/new/").status_code == 200
    checked = client.post("/en/supply/purchases/new/?validate=1", _order_form(cash))
    assert checked.status_code == 200 and not PurchaseOrder.objects.exists()
    too_much = client.post("/en/supply/purchases/new/", _order_form(cash, quantity="10"))
    assert too_much.status_code == 422
    assert "only 5000.00 USD of payment" in too_much.content.decode()
    assert client.post("/en/supply/purchases/new/", _order_form(cash)).status_code == 302
    order = PurchaseOrder.objects.get()
    assert order.amount_usd == Decimal(3000)
    edited = client.post(f"/en/supply/purchases/{order.pk}/edit/", _order_form(cash, quantity="4"))
    assert edited.status_code == 302
    assert client.post(f"/en/supply/purchases/{order.pk}/place/").status_code == 302
    # An order placed is not offered for editing: its page says why, whether asked or posted.
    for refused in (
        client.get(f"/en/supply/purchases/{order.pk}/edit/"),
        client.post(f"/en/supply/purchases/{order.pk}/edit/", _order_form(cash)),
    ):
        assert refused.status_code == 409
        assert "only a draft can be edited" in refused.content.decode()
    received = client.post(
        f"/en/supply/purchases/{order.pk}/receive/",
        {
            "site": world.kabul_warehouse.pk,
            "quantity": "4",
            "received_on": "2024-04-20",
            "reference": "GRN-SEED-1",
            "batch": "B-1",
            "expires_on": "",
        },
    )
    assert received.status_code == 302
    lot = Lot.objects.get(payment=cash.payment)
    detail = client.get(f"/en/supply/purchases/{order.pk}/").content.decode()
    assert lot.reference in detail and f"/en/supply/lots/{lot.pk}/" in detail
    assert cash.commitment.pledge.get_absolute_url() in detail
    lot_page = client.get(f"/en/supply/lots/{lot.pk}/").content.decode()
    assert "Purchase" in lot_page and order.reference in lot_page
    assert f"/en/assistance/trace/lots/{lot.pk}/" in lot_page
    # The order, its money and its lot link to each other in the chain; the API says it too.
    assert f"/en/funding/payments/{cash.payment.pk}/" in detail
    assert f"/en/assistance/trace/pledges/{cash.commitment.pledge_id}/" in detail
    assert f"/en/supply/purchases/{order.pk}/" in lot_page
    assert client.get(f"/api/v1/supply/lots/{lot.pk}/").json()["purchase_order"] == order.pk
    listing = client.get("/en/supply/purchases/?status=received&q=KAZ-CASH").content.decode()
    assert order.reference in listing
    other = client_for(officer_kaz)
    for url in (f"/en/supply/purchases/{order.pk}/", f"/en/supply/lots/{lot.pk}/"):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/en/supply/purchases/{order.pk}/cancel/").status_code == 404
    assert order.reference not in other.get("/en/supply/purchases/").content.decode()


def test_a_draft_waybill_with_the_wrong_origin_is_corrected_or_cancelled(
    world: World, stock: Stock, admin: User, officer_afg: User
) -> None:
    kabul_store = core_services.site_create(
        actor=None, name="Kabul store 2", kind="warehouse", country=world.afghanistan
    )
    services.stock_site_register(actor=None, site=kabul_store)
    moved(world, stock, stock.herat_centre, 50)
    wrong = services.waybill_create(
        actor=admin,
        origin=stock.herat_centre,
        destination=kabul_store,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(10))],
    )
    client = client_for(officer_afg)
    form = waybill_form(
        (stock.kabul_lot, "12", "1"),
        origin=world.kabul_warehouse.pk,
        destination=kabul_store.pk,
        transporter="",
        vehicle="KBL 42",
    )
    checked = client.post(f"/en/supply/waybills/{wrong.pk}/edit/?validate=1", form)
    assert checked.status_code == 200
    wrong.refresh_from_db()
    assert wrong.origin == stock.herat_centre
    assert client.post(f"/en/supply/waybills/{wrong.pk}/edit/", form).status_code == 302
    wrong.refresh_from_db()
    assert (wrong.origin, wrong.vehicle, wrong.lines.get().quantity) == (
        world.kabul_warehouse,
        "KBL 42",
        Decimal(12),
    )
    assert client.post(f"/en/supply/waybills/{wrong.pk}/dispatch/").status_code == 302
    refused = client.get(f"/en/supply/waybills/{wrong.pk}/edit/")
    assert refused.status_code == 409 and "only a draft can be edited" in refused.content.decode()
    refused = client.post(f"/en/supply/waybills/{wrong.pk}/cancel/", {"reason": "late"})
    assert refused.status_code == 409
    assert "only a draft can be cancelled" in refused.content.decode()
    draft = services.waybill_create(
        actor=admin,
        origin=stock.herat_centre,
        destination=kabul_store,
        lines=[LineInput(lot=stock.kabul_lot, quantity=Decimal(10))],
    )
    assert (
        client.post(
            f"/en/supply/waybills/{draft.pk}/cancel/", {"reason": "wrong origin"}
        ).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.status == Waybill.Status.CANCELLED
    entry = AuditEntry.objects.get(action="supply.waybill.cancelled")
    assert entry.after["reason"] == "wrong origin"


def test_new_list_query_counts_are_pinned(cash: Cash, world: World, admin: User) -> None:
    client = client_for(admin)
    lists = ("/en/supply/commodities/", "/en/supply/sites/", "/en/supply/purchases/")

    def counts() -> dict[str, int]:
        found = {}
        for url in lists:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found[url] = len(queries)
        return found

    def add(index: int) -> None:
        services.commodity_create(
            actor=None, code=f"C-{index}", name=f"C {index}", category="inputs"
        )
        site = core_services.site_create(
            actor=None, name=f"Store {index}", kind="warehouse", country=world.afghanistan
        )
        services.stock_site_register(actor=None, site=site)
        services.purchase_order_create(
            actor=None,
            supplier=cash.supplier,
            payment=cash.payment,
            commodity=cash.seed,
            quantity=Decimal(1),
            unit="t",
            unit_price=Decimal(100),
            currency=cash.usd,
            ordered_on=D(2024, 4, 1),
        )

    add(0)
    client.get(lists[0])
    few = counts()
    for index in range(1, 5):
        add(index)
    assert counts() == few


def test_read_only_roles_cannot_write_and_outsiders_see_nothing(
    cash: Cash, world: World, admin: User, donor_viewer: User, outsider: User
) -> None:
    order = services.purchase_order_create(
        actor=admin,
        supplier=cash.supplier,
        payment=cash.payment,
        commodity=cash.seed,
        quantity=Decimal(1),
        unit="t",
        unit_price=Decimal(100),
        currency=cash.usd,
        ordered_on=D(2024, 4, 1),
    )
    lists = ("/en/supply/commodities/", "/en/supply/sites/", "/en/supply/purchases/")
    stranger = client_for(outsider)
    for url in (*lists, f"/en/supply/purchases/{order.pk}/"):
        assert stranger.get(url).status_code == 403, url
    donor = client_for(donor_viewer)
    for url in lists:
        assert donor.get(url).status_code == 200, url
    # The donor sees the order its money paid for, but changes nothing.
    assert donor.get(f"/en/supply/purchases/{order.pk}/").status_code == 200
    for url in (
        "/en/supply/commodities/new/",
        "/en/supply/sites/new/",
        "/en/supply/purchases/new/",
    ):
        assert donor.get(url).status_code == 403, url
    assert donor.post(f"/en/supply/purchases/{order.pk}/place/").status_code == 403
    order.refresh_from_db()
    assert order.status == PurchaseOrder.Status.DRAFT
