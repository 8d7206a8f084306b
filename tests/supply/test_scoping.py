"""Stock follows the country of its site, by page and by API; read-only roles get 403."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core.models import User
from sunbula.supply import services
from tests.conftest import World, client_for
from tests.supply.conftest import D, Stock
from tests.supply.pages import Pages, make_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(world: World, stock: Stock, admin: User) -> Pages:
    return make_pages(world, stock, admin)


def test_every_page_answers_for_the_afghan_officer(pages: Pages, officer_afg: User) -> None:
    client = client_for(officer_afg)
    for url in pages.urls():
        assert client.get(url).status_code == 200, url
    # A draft is not on the road: there is nothing to receive yet, and the page says so.
    draft = client.get(f"/en/supply/waybills/{pages.draft.pk}/receive/").content.decode()
    assert "WB-AFG-2 is Draft." in draft and 'name="received_on"' not in draft


def test_the_kazakh_officer_sees_no_afghan_stock(
    pages: Pages, officer_kaz: User, stock: Stock
) -> None:
    client = client_for(officer_kaz)
    pledge = pages.payment.commitment.pledge_id
    for url in (
        f"/en/supply/balances/{pages.afghan_balance.pk}/",
        f"/en/supply/waybills/{pages.waybill.pk}/",
        f"/en/supply/waybills/{pages.waybill.pk}/print/",
        f"/en/supply/waybills/{pages.waybill.pk}/grn/",
        f"/en/supply/waybills/{pages.waybill.pk}/grn.pdf",
        f"/en/supply/pledges/{pledge}/pipeline/",
        f"/api/v1/supply/waybills/{pages.waybill.pk}/",
        f"/api/v1/supply/pipeline/{pledge}/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/en/supply/waybills/{pages.draft.pk}/dispatch/",
        f"/en/supply/losses/{pages.waybill.lines.get().pk}/approve/",
        f"/en/supply/counts/{pages.count.pk}/approve/",
        f"/en/supply/contributions/{pages.payment.pk}/receive/",
        f"/api/v1/supply/waybills/{pages.draft.pk}/dispatch/",
    ):
        assert client.post(url).status_code == 404, url
    assert client.get(f"/en/supply/balances/{pages.kazakh_balance.pk}/").status_code == 200
    listing = client.get("/en/supply/balances/").content.decode()
    assert "LOT-ALA-1" in listing and "LOT-KBL-1" not in listing
    for endpoint, field in (("balances", "lot"), ("lots", "reference")):
        rows = client.get(f"/api/v1/supply/{endpoint}/").json()["results"]
        assert rows and all(row[field] in (stock.almaty_lot.pk, "LOT-ALA-1") for row in rows), (
            endpoint
        )
    assert "WB-AFG-1" not in client.get("/en/supply/waybills/").content.decode()
    assert "WB-AFG-1" not in client.get("/en/supply/losses/").content.decode()
    # A lot outside her countries is refused like one that does not exist.
    outside = client.get(f"/api/v1/supply/movements/?lot={stock.kabul_lot.pk}")
    missing = client.get("/api/v1/supply/movements/?lot=987654321")
    assert outside.status_code == missing.status_code == 400
    assert outside.json() == missing.json()


def test_the_donor_viewer_reads_its_own_goods_but_may_not_move_stock(
    pages: Pages, donor_viewer: User
) -> None:
    """The waybill carries a lot the donor did not fund: to the donor it does not exist."""
    client = client_for(donor_viewer)
    assert client.get(f"/en/supply/waybills/{pages.waybill.pk}/").status_code == 404
    assert client.get(f"/en/supply/waybills/{pages.draft.pk}/receive/").status_code == 404
    assert client.get("/en/supply/waybills/new/").status_code == 403
    assert client.get("/en/supply/counts/new/").status_code == 403
    assert client.post(f"/en/supply/contributions/{pages.payment.pk}/receive/").status_code == 403
    for url in (
        f"/en/supply/waybills/{pages.draft.pk}/dispatch/",
        f"/en/supply/waybills/{pages.waybill.pk}/close/",
        f"/en/supply/losses/{pages.waybill.lines.get().pk}/approve/",
        f"/en/supply/counts/{pages.count.pk}/approve/",
        f"/api/v1/supply/waybills/{pages.draft.pk}/dispatch/",
    ):
        assert client.post(url).status_code == 404, url


def test_the_outsider_sees_nothing(pages: Pages, outsider: User) -> None:
    client = client_for(outsider)
    for url in pages.urls():
        assert client.get(url).status_code == 403, url


def test_the_officer_approves_a_loss_booked_by_someone_else(
    pages: Pages, officer_afg: User
) -> None:
    line = pages.waybill.lines.get()
    response = client_for(officer_afg).post(f"/en/supply/losses/{line.pk}/approve/")
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.loss_approved_by == officer_afg


def test_list_query_counts_are_pinned(
    world: World, stock: Stock, pages: Pages, admin: User
) -> None:
    client = client_for(admin)
    lists = ("/en/supply/", "/en/supply/balances/", "/en/supply/waybills/", "/en/supply/losses/")
    few = {}
    for url in lists:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        few[url] = len(queries)
    for index in range(4):
        lot = services.lot_receive(
            actor=admin,
            site=world.kabul_warehouse,
            commodity=stock.flour,
            quantity=Decimal(100),
            received_on=D(2023, 1, 1),
            reference=f"GRN-{index}",
        )
        services.waybill_create(
            actor=admin,
            origin=world.kabul_warehouse,
            destination=stock.herat_centre,
            lines=[services.LineInput(lot=lot, quantity=Decimal(10))],
        )
    for url in lists:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert len(queries) == few[url], url
