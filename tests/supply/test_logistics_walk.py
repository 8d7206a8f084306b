"""From reference data only, Afghanistan's logistics officer sets up a warehouse and a
distribution point, receives a purchase and an in-kind contribution, sends flour on a waybill,
receives it short, records a loss in store and a count, reads it all back (pages, downloads,
the API, Arabic and French), and is refused, on the field at fault and in the reader's
language, whatever bad input she tries, with nothing half-written. The ledger adds up after
every step."""

from __future__ import annotations

import datetime
import html
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.db.models import Sum
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import trans_real

from sunbula.core import figures
from sunbula.core import services as core_services
from sunbula.core.models import AuditEntry, Country, Organisation, Role, Site, User
from sunbula.funding.models import Payment, Pledge
from sunbula.supply import services
from sunbula.supply.models import (
    Commodity,
    GoodsReceipt,
    Lot,
    MovementKind,
    PurchaseOrder,
    StockBalance,
    StockCount,
    StockCountLine,
    StockMovement,
    StockSite,
    Waybill,
    WaybillLine,
)
from tests.conftest import (
    PASSWORD,
    AfterSetup,
    afresh,
    client_for,
    kept_for_the_module,
    sunbula_setup,
)
from tests.supply.conftest import count_form, waybill_form

pytestmark = pytest.mark.django_db
JSON = "application/json"
ISOLATED = re.compile("[\u2068\u2069]")


def ago(days: int) -> str:
    """A day counted back from today (ahead of it when negative), as a form sends it."""
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def ledger_adds_up() -> None:
    """Each balance is the sum of its movements and never negative; every kilogram received
    is on hand, on the road, lost or adjusted away by a count."""
    for balance in StockBalance.objects.all():
        moved = StockMovement.objects.filter(site=balance.site, lot=balance.lot)
        total = moved.aggregate(total=Sum("quantity"))["total"] or Decimal(0)
        assert balance.quantity == total >= 0, balance

    def kilograms(**where: Any) -> Decimal:
        total = StockMovement.objects.filter(**where).aggregate(total=Sum("quantity"))["total"]
        return total or Decimal(0)

    on_road = WaybillLine.objects.filter(waybill__status=Waybill.Status.DISPATCHED)
    in_transit = on_road.aggregate(total=Sum("quantity"))["total"] or Decimal(0)
    on_hand = StockBalance.objects.aggregate(total=Sum("quantity"))["total"] or Decimal(0)
    received = kilograms(kind=MovementKind.RECEIPT)
    lost = -kilograms(kind=MovementKind.LOSS)
    adjusted = kilograms(kind=MovementKind.ADJUSTMENT)
    assert received == on_hand + in_transit + lost - adjusted


def words(text: str) -> str:
    """Text as a person reads it: words and figures, spaced alike, without isolates."""
    return " ".join(ISOLATED.sub("", text).split())


def read(page: str) -> str:
    """A page as a person reads it, without markup."""
    return words(html.unescape(re.sub(r"<[^>]+>", " ", page)))


def written() -> tuple[int, ...]:
    """What a refused write must leave as it found: every stock record and supply audit entry."""
    return (
        StockMovement.objects.count(),
        StockBalance.objects.count(),
        Lot.objects.count(),
        Waybill.objects.count(),
        WaybillLine.objects.filter(received_quantity__isnull=False).count(),
        StockCount.objects.count(),
        StockCountLine.objects.count(),
        PurchaseOrder.objects.count(),
        GoodsReceipt.objects.count(),
        StockSite.objects.count(),
        AuditEntry.objects.filter(action__startswith="supply.").count(),
    )


ABOVE = "above"  # errors_on: what a page says above its form's inputs


def errors_on(page: str, field_id: str) -> list[str]:
    """The errors a page shows on one input (named by its id), as a person reads them; with
    `ABOVE`, those said above the form's inputs."""
    if field_id == ABOVE:
        start = page.find('<div class="errors" role="alert">')
        assert start >= 0, field_id
        found = re.findall(r"<li>(.*?)</li>", page[start : page.find("</div>", start)], re.S)
    elif (start := page.find(f'id="{field_id}_error"')) >= 0:  # a line's, in its row
        field = page[start : page.find("</span>", start)]
        found = re.findall(r'<strong class="error"[^>]*>(.*?)</strong>', field, re.S)
    else:
        start = page.find(f'for="{field_id}"')
        assert start >= 0, field_id
        field = page[start : page.find("</p>", start)]
        found = re.findall(r'<strong class="error"[^>]*>(.*?)</strong>', field, re.S)
    return [ISOLATED.sub("", html.unescape(error)) for error in found]


def _input_id(field: str) -> str:
    return field if field == ABOVE else f"id_{field}"


def refused(
    client: Client,
    url: str,
    data: dict[str, Any],
    field: str,
    says: str,
    *,
    status: int = 422,
    field_id: str = "",
) -> None:
    """Posting `data` to `url` (an English address) is refused with `status`, nothing written,
    and `says` on `field`; the same in French says it in French."""
    before = written()
    english = client.post(url, data)
    assert english.status_code == status, (url, data, english.status_code)
    assert written() == before, (url, data)
    shown = errors_on(english.content.decode(), field_id or _input_id(field))
    assert any(says in error for error in shown), (url, field, shown)
    french = client.post(url.replace("/en/", "/fr/", 1), data)
    assert french.status_code == status
    assert written() == before
    in_french = errors_on(french.content.decode(), field_id or _input_id(field))
    assert in_french and in_french != shown, (url, field, in_french)


def posted(client: Client, url: str, data: dict[str, Any]) -> str:
    """A form sent through a page and saved: where it goes next."""
    response = client.post(url, data)
    assert response.status_code == 302, (url, response.content.decode()[:3000])
    return str(response["Location"])


def empty(form: dict[str, Any]) -> dict[str, str]:
    """The form sent with every input left empty, as a browser sends it (a program may send
    no field at all: `{}`)."""
    return dict.fromkeys(form, "")


@dataclass
class Office:
    admin: User
    home: Organisation
    logistics: Client
    officer: Client
    logistics_user: User
    afghanistan: Country
    kazakhstan: Country
    almaty: Site
    almaty_lot: Lot


def _granted(admin: Client, email: str, role: Role, organisation: Organisation) -> User:
    """A colleague given the role through the administrator's page, for Afghanistan only."""
    user = core_services.user_create(actor=None, email=email, password=PASSWORD)
    afghanistan = Country.objects.get(iso3="AFG")
    posted(
        admin,
        f"/en/users/{user.pk}/roles/",
        {"role": role.value, "organisation": organisation.pk, "countries": [afghanistan.pk]},
    )
    return user


def _office(after_setup: AfterSetup) -> Office:
    """What `sunbula setup` leaves (reference data and the first administrator), the officers
    the administrator gives their roles, and a hub in Kazakhstan kept by another office."""
    home, admin = after_setup.home, after_setup.admin
    head = client_for(admin)
    logistics = _granted(head, "logistics@example.org", Role.LOGISTICS_OFFICER, home)
    officer = _granted(head, "officer@example.org", Role.PROGRAMME_OFFICER, home)
    kazakhstan = after_setup.kazakhstan
    almaty = core_services.site_create(
        actor=None, name="Almaty hub", kind="warehouse", country=kazakhstan
    )
    services.stock_site_register(actor=None, site=almaty)
    almaty_lot = services.lot_receive(
        actor=None,
        site=almaty,
        commodity=Commodity.objects.get(code="WHEAT-FLOUR"),
        quantity=Decimal(1000),
        received_on=timezone.localdate() - datetime.timedelta(days=90),
        reference="ALA-GRN-1",
    )
    return Office(
        admin=admin,
        home=home,
        logistics=client_for(logistics),
        officer=client_for(officer),
        logistics_user=logistics,
        afghanistan=after_setup.afghanistan,
        kazakhstan=kazakhstan,
        almaty=almaty,
        almaty_lot=almaty_lot,
    )


@dataclass
class Walk:
    office: Office
    warehouse: Site
    point: Site
    bought: Lot
    given: Lot
    waybill: Waybill
    count: StockCount


def _sites(office: Office) -> tuple[Site, Site]:
    """Step 1: a warehouse and a distribution point, added as sites and then as stock-keeping
    sites, found from the stock pages."""
    client = office.logistics
    start = client.get("/en/supply/sites/new/").content.decode()
    assert "No site is waiting to hold stock" in start
    assert 'href="/en/sites/new/"' in start
    site = {
        "name_ar": "",
        "name_fr": "",
        "name_ru": "",
        "country": office.afghanistan.pk,
        "admin_area": "",
        "latitude": "",
        "longitude": "",
        "operating_organisation": "",
    }
    posted(client, "/en/sites/new/", {**site, "name": "Kabul warehouse", "kind": "warehouse"})
    posted(
        client,
        "/en/sites/new/",
        {**site, "name": "Pul-e-Alam distribution point", "kind": "distribution_point"},
    )
    warehouse = Site.objects.get(name="Kabul warehouse")
    point = Site.objects.get(name="Pul-e-Alam distribution point")
    url = "/en/supply/sites/new/"
    form = {"site": warehouse.pk, "capacity": "500000", "is_active": "on"}
    refused(client, url, {**form, "capacity": "-5"}, "capacity", "greater than or equal to 0")
    refused(client, url, {**form, "site": "abc"}, "site", "Select a valid choice")
    refused(client, url, {**form, "site": office.almaty.pk}, "site", "Select a valid choice")
    for nothing in (empty(form), {}):
        refused(client, url, nothing, "site", "This field is required.")
    posted(client, url, form)
    posted(client, url, {**form, "site": point.pk, "capacity": "20000"})
    listing = client.get("/en/supply/sites/").content.decode()
    assert "Kabul warehouse" in listing and "Pul-e-Alam distribution point" in listing
    assert "Almaty hub" not in listing
    assert "Wheat flour" in client.get("/en/supply/commodities/").content.decode()
    return warehouse, point


def _money(office: Office) -> tuple[Payment, Payment, Organisation]:
    """The programme officer records, through the pages, Kazakhstan's cash and its wheat flour
    in kind, each committed and paid, and the mill the flour is bought from."""
    client = office.officer
    organisation = {
        "name_ar": "",
        "name_fr": "",
        "name_ru": "",
        "acronym": "",
        "iati_identifier": "",
        "parent": "",
        "website": "",
    }
    posted(
        client,
        "/en/organisations/new/",
        {
            **organisation,
            "name": "Government of Kazakhstan",
            "kind": "government",
            "iati_type": "10",
            "country": "",
        },
    )
    posted(
        client,
        "/en/organisations/new/",
        {
            **organisation,
            "name": "Kabul Flour Mills",
            "kind": "private",
            "iati_type": "70",
            "country": office.afghanistan.pk,
        },
    )
    donor = Organisation.objects.get(name="Government of Kazakhstan")
    pledge = {
        "donor": donor.pk,
        "pledged_on": ago(60),
        "currency": "USD",
        "country": office.afghanistan.pk,
        "project": "",
        "sector": "",
        "earmarking": "3",
        "budget_year": timezone.localdate().year,
        "last_year": "",
    }
    for amount, kind, commodity, tonnes in (
        ("100000", "financial", "", ""),
        ("15000", "in_kind", "Wheat flour", "30"),
    ):
        posted(
            client,
            "/en/funding/pledges/new/",
            {
                **pledge,
                "amount": amount,
                "contribution_type": kind,
                "commodity": commodity,
                "quantity": tonnes,
                "unit": "t" if tonnes else "",
            },
        )
    for pledge_made in Pledge.objects.order_by("pk"):
        url = f"/en/funding/pledges/{pledge_made.pk}/"
        commitment = {
            "committed_on": ago(50),
            "amount": str(pledge_made.amount),
            "agreement": "",
            "quantity": "",
        }
        posted(client, f"{url}commitments/", commitment)
        payment = {
            "commitment": pledge_made.commitments.get().pk,
            "paid_on": ago(40),
            "amount": str(pledge_made.amount),
            "currency": "USD",
            "quantity": pledge_made.quantity or "",
        }
        posted(client, f"{url}payments/", payment)
    cash = Payment.objects.get(commitment__pledge__contribution_type="financial")
    in_kind = Payment.objects.get(commitment__pledge__contribution_type="in_kind")
    return cash, in_kind, Organisation.objects.get(name="Kabul Flour Mills")


def _purchase(office: Office, cash: Payment, mill: Organisation, warehouse: Site) -> Lot:
    """Step 2a: 20 t of flour ordered on the cash, placed, and received into the warehouse."""
    client = office.logistics
    new = client.get("/en/supply/purchases/new/").content.decode()
    with translation.override("en"):
        paid = f"{cash.commitment.pledge.reference} · {cash.paid_on:%b} {cash.paid_on.day},"
    assert paid in ISOLATED.sub("", new), "the payment is offered dated as the reader writes"
    order = {
        "supplier": mill.pk,
        "payment": cash.pk,
        "commitment": "",
        "commodity": Commodity.objects.get(code="WHEAT-FLOUR").pk,
        "quantity": "20",
        "unit": "t",
        "unit_price": "400",
        "currency": cash.currency_id,
        "ordered_on": ago(30),
        "notes": "",
    }
    url = "/en/supply/purchases/new/"
    refused(client, url, {**order, "quantity": "-1"}, "quantity", "greater than or equal to")
    refused(client, url, {**order, "quantity": "0"}, "quantity", "greater than or equal to")
    refused(client, url, {**order, "quantity": "abc"}, "quantity", "Enter a number.")
    refused(
        client,
        url,
        {**order, "ordered_on": ago(-3)},
        "ordered_on",
        "An order cannot be dated in the future.",
    )
    refused(client, url, {**order, "payment": "x"}, "payment", "Select a valid choice")
    for nothing in (empty(order), {}):
        refused(client, url, nothing, "supplier", "This field is required.")
    placed = posted(client, url, order)
    purchase = PurchaseOrder.objects.get()
    assert placed == purchase.get_absolute_url()
    posted(client, f"/en/supply/purchases/{purchase.pk}/place/", {})
    receive = f"/en/supply/purchases/{purchase.pk}/receive/"
    goods = {
        "site": warehouse.pk,
        "quantity": "20",
        "received_on": ago(20),
        "reference": "GRN-0001",
        "batch": "KFM-7",
        "expires_on": ago(-300),
    }
    refused(client, receive, {**goods, "quantity": "-3"}, "quantity", "greater than or equal to")
    refused(client, receive, {**goods, "quantity": "0"}, "quantity", "greater than or equal to")
    refused(
        client,
        receive,
        {**goods, "quantity": "21"},
        "quantity",
        "Only 20 t of this order remain to be received.",
    )
    refused(
        client,
        receive,
        {**goods, "received_on": ago(-2)},
        "received_on",
        "Goods cannot be received on a day to come.",
    )
    refused(
        client,
        receive,
        {**goods, "received_on": ago(45)},
        "received_on",
        "Goods cannot arrive before they were ordered.",
    )
    refused(
        client,
        receive,
        {**goods, "expires_on": ago(25)},
        "expires_on",
        "The expiry date must follow the day received.",
    )
    refused(client, receive, {**goods, "site": office.almaty.pk}, "site", "Select a valid choice")
    for nothing in (empty(goods), {}):
        refused(client, receive, nothing, "site", "This field is required.")
    assert posted(client, receive, goods) == purchase.get_absolute_url()
    again = client.post(receive, goods)
    assert again.status_code == 422 and "is Received" in again.content.decode()
    ledger_adds_up()
    return Lot.objects.get(goods_receipt__order=purchase)


def _contribution(office: Office, in_kind: Payment, warehouse: Site) -> Lot:
    """Step 2b: Kazakhstan's 30 t of flour in kind received into the warehouse."""
    client = office.logistics
    assert in_kind.commitment.pledge.reference in (
        client.get("/en/supply/contributions/").content.decode()
    )
    url = f"/en/supply/contributions/{in_kind.pk}/receive/"
    goods = {
        "site": warehouse.pk,
        "received_on": ago(35),
        "reference": "GRN-IK-1",
        "expires_on": "",
    }
    refused(
        client,
        url,
        {**goods, "received_on": ago(45)},
        "received_on",
        "Goods cannot be received before they were given",
    )
    refused(
        client,
        url,
        {**goods, "received_on": ago(-2)},
        "received_on",
        "Goods cannot be received on a day to come.",
    )
    for nothing in (empty(goods), {}):
        refused(client, url, nothing, "site", "This field is required.")
    posted(client, url, goods)
    before = written()
    again = client.post(url, goods)
    assert again.status_code == 422 and written() == before
    assert "This contribution was already received." in again.content.decode()
    assert client.get("/en/supply/contributions/abc/receive/").status_code == 404
    ledger_adds_up()
    return Lot.objects.get(payment=in_kind)


def _waybill(office: Office, warehouse: Site, point: Site, bought: Lot) -> Waybill:
    """Step 3a: 5 t of the bought flour drafted to the distribution point and dispatched."""
    client = office.logistics
    new = client.get("/en/supply/waybills/new/").content.decode()
    assert f"{bought.reference} · Wheat flour · Kabul warehouse · 20,000 kg available" in (
        ISOLATED.sub("", new)
    )
    assert "Almaty hub" not in new.split('name="origin"')[1].split("</select>")[0]
    url = "/en/supply/waybills/new/"
    header = {
        "origin": warehouse.pk,
        "destination": point.pk,
        "transporter": "",
        "vehicle": "KBL 1234",
    }
    draft = waybill_form((bought, "5000", "100"), **header)
    quantity, packages = "lines-0-quantity", "lines-0-packages"
    for wrong in ("-5", "0"):
        refused(client, url, {**draft, quantity: wrong}, quantity, "greater than or equal to")
    refused(
        client,
        url,
        {**draft, quantity: "25000"},
        ABOVE,
        f"Line 1: Only 20,000 kg of lot {bought.reference} are left at Kabul warehouse; "
        "25,000 kg were asked for.",
    )
    two = waybill_form((bought, "15000", "300"), (bought, "6000", "120"), **header)
    refused(
        client,
        url,
        two,
        ABOVE,
        f"Line 2: Only 20,000 kg of lot {bought.reference} are left at Kabul warehouse; "
        "21,000 kg were asked for.",
    )
    refused(
        client,
        url,
        {**draft, "destination": warehouse.pk},
        "destination",
        "The destination is another site than the origin.",
    )
    refused(client, url, {**draft, packages: "-1"}, packages, "greater than or equal to 0")
    almaty = waybill_form(
        (office.almaty_lot, "5000", "100"), **{**header, "origin": office.almaty.pk}
    )
    refused(client, url, almaty, "origin", "Select a valid choice")
    for nothing in (empty(draft), {}):
        refused(client, url, nothing, "origin", "This field is required.")
    no_line = waybill_form(**header)
    refused(client, url, no_line, ABOVE, "A waybill needs at least one line.")
    made = posted(client, url, draft)
    waybill = Waybill.objects.get()
    assert made == waybill.get_absolute_url()
    page = client.get(made).content.decode()
    assert "Record the goods received" not in page and "Dispatch" in page
    dispatch = f"/en/supply/waybills/{waybill.pk}/dispatch/"
    field_id = "dispatch_dispatched_on"
    for day, says in (
        (ago(-2), "A dispatch cannot be dated in the future."),
        (ago(25), f"Lot {bought.reference} was not yet at Kabul warehouse on"),
        ("garbage", "Enter a valid date."),
    ):
        refused(client, dispatch, {"dispatched_on": day}, "dispatched_on", says, field_id=field_id)
    posted(client, dispatch, {"dispatched_on": ago(10)})
    before = written()
    again = client.post(dispatch, {"dispatched_on": ago(10)})
    assert again.status_code == 409 and written() == before
    assert f"Waybill {waybill.number} is Dispatched." in again.content.decode()
    ledger_adds_up()
    return waybill


def _receipt(office: Office, waybill: Waybill) -> None:
    """Step 3b: 4,950 kg arrive at the distribution point, 50 kg damaged on the road."""
    client = office.logistics
    line = waybill.lines.get()
    url = f"/en/supply/waybills/{waybill.pk}/receive/"
    assert "(sent 5,000 kg)" in ISOLATED.sub("", client.get(url).content.decode())
    note = {
        "received_on": ago(8),
        f"received_{line.pk}": "4950",
        f"cause_{line.pk}": "transport_damage",
        f"stage_{line.pk}": "before_custody",
    }
    received = f"received_{line.pk}"
    refused(client, url, {**note, received: "-1"}, received, "greater than or equal to 0")
    refused(client, url, {**note, received: "6000"}, received, "No more than the 5,000 kg sent can")
    refused(
        client,
        url,
        {**note, "received_on": ago(-2)},
        "received_on",
        "Goods cannot be received on a day to come.",
    )
    refused(
        client,
        url,
        {**note, "received_on": ago(12)},
        "received_on",
        "Goods cannot arrive before they left.",
    )
    cause = f"cause_{line.pk}"
    refused(client, url, {**note, cause: ""}, cause, "Choose a cause of loss.")
    for nothing in (empty(note), {}):
        refused(client, url, nothing, "received_on", "This field is required.")
    posted(client, url, note)
    before = written()
    received_page = client.get(url).content.decode()
    assert f"Waybill {waybill.number} is Received." in received_page
    assert f'name="{received}"' not in received_page
    again = client.post(url, note)
    assert again.status_code == 409 and written() == before
    assert f"Waybill {waybill.number} is Received." in again.content.decode()
    posted(client, f"/en/supply/waybills/{waybill.pk}/close/", {})
    ledger_adds_up()


def _loss(office: Office, point: Site, bought: Lot) -> None:
    """Step 3c: 1,200 kg spoiled at the distribution point, with the cause and a reason."""
    client = office.logistics
    balance = StockBalance.objects.get(site=point, lot=bought)
    card = client.get(balance.get_absolute_url()).content.decode()
    url = f"/en/supply/balances/{balance.pk}/loss/"
    assert f'href="{url}"' in card
    loss = {"quantity": "1200", "cause": "spoilage", "reference": "LOSS-1", "reason": "Roof leak"}
    refused(client, url, {**loss, "quantity": "-1"}, "quantity", "greater than or equal to 0")
    refused(client, url, {**loss, "quantity": "0"}, "quantity", "Give a quantity greater than")
    refused(
        client,
        url,
        {**loss, "quantity": "99999"},
        "quantity",
        f"Only 4,950 kg of lot {bought.reference} are left at Pul-e-Alam distribution point; "
        "99,999 kg were asked for.",
    )
    refused(client, url, {**loss, "cause": "rain"}, "cause", "Select a valid choice.")
    for nothing in (empty(loss), {}):
        refused(client, url, nothing, "quantity", "This field is required.")
    posted(client, url, loss)
    movement = StockMovement.objects.get(reference="LOSS-1")
    assert (movement.quantity, movement.loss_cause, movement.reason) == (
        Decimal(-1200),
        "spoilage",
        "Roof leak",
    )
    assert office.logistics.get("/en/supply/balances/abc/loss/").status_code == 404
    ledger_adds_up()


def _count(office: Office, warehouse: Site, point: Site, given: Lot) -> StockCount:
    """Step 3d: the warehouse counts 10 kg less of the contribution than its book two days
    ago; 10 t of that lot then leave for the distribution point before the programme officer
    approves the count, which books the 10 kg on the day counted and nothing else."""
    client = office.logistics
    url = "/en/supply/counts/new/"
    header = {"site": warehouse.pk, "counted_on": ago(2), "reason": "Monthly count"}
    count = count_form((given, "29990"), **header)
    counted = "lines-0-counted_quantity"
    refused(client, url, {**count, counted: "-1"}, counted, "greater than or equal to 0")
    refused(
        client,
        url,
        {**count, "counted_on": ago(-5)},
        "counted_on",
        "A count cannot be dated in the future.",
    )
    refused(
        client,
        url,
        {**count, "counted_on": ago(50)},
        ABOVE,
        f"Lot {given.reference} had not reached Kabul warehouse by",
    )
    refused(
        client,
        url,
        {**count, "site": point.pk},
        "lines-0-lot",
        "This lot has no stock at the site.",
    )
    refused(client, url, count_form(**header), ABOVE, "Count at least one lot.")
    for nothing in (empty(count), {}):
        refused(client, url, nothing, "site", "This field is required.")
    posted(client, url, count)
    recorded = StockCount.objects.get()
    listing = client.get("/en/supply/counts/").content.decode()
    lot = f'<a href="{given.get_absolute_url()}">{given.reference}</a>'
    assert f"{lot}: <bdi>29,990 kg</bdi> counted, <bdi>30,000 kg</bdi> in the book" in listing
    assert "Approve the count" not in listing
    refused_approval = client.post(f"/en/supply/counts/{recorded.pk}/approve/")
    assert refused_approval.status_code == 403

    onward = services.waybill_create(
        actor=office.logistics_user,
        origin=warehouse,
        destination=point,
        lines=[services.LineInput(given, Decimal(10000))],
    )
    services.waybill_dispatch(
        actor=office.logistics_user, waybill=onward, dispatched_on=timezone.localdate()
    )
    services.waybill_receive(
        actor=office.logistics_user,
        waybill=onward,
        received_on=timezone.localdate(),
        lines=[services.ReceivedLine(onward.lines.get(), Decimal(10000))],
    )
    assert "Approve the count" in office.officer.get("/en/supply/counts/").content.decode()
    posted(office.officer, f"/en/supply/counts/{recorded.pk}/approve/", {})
    adjustment = StockMovement.objects.get(kind=MovementKind.ADJUSTMENT)
    assert adjustment.quantity == Decimal(-10)
    assert timezone.localdate(adjustment.occurred_at).isoformat() == ago(2)
    assert StockBalance.objects.get(site=warehouse, lot=given).quantity == Decimal(19990)
    ledger_adds_up()
    return recorded


def _walked() -> Walk:
    office = _office(sunbula_setup())
    warehouse, point = _sites(office)
    ledger_adds_up()
    cash, in_kind, mill = _money(office)
    bought = _purchase(office, cash, mill, warehouse)
    given = _contribution(office, in_kind, warehouse)
    waybill = _waybill(office, warehouse, point, bought)
    _receipt(office, waybill)
    _loss(office, point, bought)
    count = _count(office, warehouse, point, given)
    return Walk(office, warehouse, point, bought, given, waybill, count)


_walked_once = kept_for_the_module(_walked, name="_walked_once")


@pytest.fixture
def walk(_walked_once: Walk, db: None) -> Walk:
    return afresh(_walked_once)


def test_the_walk_leaves_each_lot_where_the_officer_put_it(walk: Walk) -> None:
    on_hand = {
        (balance.site.name, balance.lot_id): balance.quantity
        for balance in StockBalance.objects.select_related("site")
    }
    assert on_hand == {
        ("Kabul warehouse", walk.bought.pk): Decimal(15000),
        ("Kabul warehouse", walk.given.pk): Decimal(19990),
        ("Pul-e-Alam distribution point", walk.bought.pk): Decimal(3750),
        ("Pul-e-Alam distribution point", walk.given.pk): Decimal(10000),
        ("Almaty hub", walk.office.almaty_lot.pk): Decimal(1000),
    }
    walk.waybill.refresh_from_db()
    assert walk.waybill.status == Waybill.Status.CLOSED
    line = walk.waybill.lines.get()
    assert (line.lost_quantity, line.loss_cause, line.loss_flagged) == (
        Decimal(50),
        "transport_damage",
        False,
    )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    for action in (
        "supply.stocksite.created",
        "supply.purchaseorder.created",
        "supply.goodsreceipt.created",
        "supply.waybill.dispatched",
        "supply.waybill.received",
        "supply.stockmovement.loss",
        "supply.stockcount.approved",
    ):
        assert action in actions, action


def test_the_officer_reads_the_stock_back_and_downloads_it(walk: Walk) -> None:
    client = walk.office.logistics
    at_point = StockBalance.objects.get(site=walk.point, lot=walk.bought)
    card = ISOLATED.sub("", client.get(at_point.get_absolute_url()).content.decode())
    rows = re.findall(r"<tr>(.*?)</tr>", card.split("<tbody>")[1], re.S)
    balances = [re.findall(r"<td>(.*?)</td>", row, re.S)[6] for row in rows]
    assert [re.sub(r"<[^>]+>", "", cell) for cell in balances] == ["5,000", "4,950", "3,750"]
    assert f'href="/en/supply/lots/{walk.bought.pk}/"' in card
    assert f'href="/en/assistance/trace/lots/{walk.bought.pk}/"' in card

    lot = ISOLATED.sub("", client.get(f"/en/supply/lots/{walk.bought.pk}/").content.decode())
    assert "20,000 kg" in lot and "KFM-7" in lot and walk.waybill.number in lot
    assert "Kabul Flour Mills" not in lot or "Government of Kazakhstan" in lot
    assert "Government of Kazakhstan" in lot

    # The stock page's site opens the lots on hand there.
    listed = f"/en/supply/balances/?site={walk.point.pk}"
    assert f'<a href="{listed}">' in client.get("/en/supply/").content.decode()
    site_stock = client.get(listed).content.decode()
    assert walk.bought.reference in site_stock and walk.given.reference in site_stock
    assert "Kabul warehouse" not in site_stock.split("<tbody>")[1]

    waybills = ISOLATED.sub("", client.get("/en/supply/waybills/").content.decode())
    assert walk.waybill.number in waybills and "5,000 kg" in waybills

    trace = ISOLATED.sub(
        "", client.get(f"/en/assistance/trace/lots/{walk.bought.pk}/").content.decode()
    )
    assert "Received 20,000 kg" in re.sub(r"<[^>]+>", "", trace)

    losses = read(client.get("/en/supply/losses/").content.decode())
    assert "Spoilage 1,200" in losses and "Transport damage 50" in losses

    csv = client.get("/en/supply/balances/?format=csv")
    assert csv["Content-Disposition"].startswith('attachment; filename="sunbula-lots-on-hand-')
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "Site,Commodity,Lot,Expires on,On hand,Unit"
    assert f"Pul-e-Alam distribution point,Wheat flour,{walk.bought.reference}," in "\n".join(lines)
    assert "Almaty hub" not in "\n".join(lines)
    xlsx = client.get("/en/supply/balances/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]  # type: ignore[union-attr]
    assert cells[0] == ["Site", "Commodity", "Lot", "Expires on", "On hand", "Unit"]
    total = sum(Decimal(str(row[4])) for row in cells[1:])
    assert total == Decimal(15000 + 19990 + 3750 + 10000)


def test_the_officer_walks_the_waybill_through_the_api(walk: Walk) -> None:
    """A script of hers, with a token she made on her page, drafts, dispatches, receives and
    closes a waybill, and is refused with a 4xx naming the field for what it gets wrong."""
    made = walk.office.logistics.post(
        "/en/account/api-tokens/",
        {
            "name": "Warehouse scanner",
            "expires_on": ago(-30),
            "access": "write",
            "domains": ["supply"],
        },
    )
    assert made.status_code == 200
    api = Client(HTTP_AUTHORIZATION=f"Bearer {made.context['key']}", HTTP_ACCEPT_LANGUAGE="fr")
    draft = {
        "origin": walk.warehouse.pk,
        "destination": walk.point.pk,
        "vehicle": "KBL 77",
        "lines": [{"lot": walk.given.pk, "quantity": "2000", "packages": 40}],
    }

    def refused_by_api(url: str, body: dict[str, Any], field: str, status: int = 400) -> Any:
        before = written()
        answer = api.post(url, body, content_type=JSON)
        assert answer.status_code == status, (url, body, answer.json())
        assert written() == before
        assert field in answer.json(), answer.json()
        return answer.json()

    waybills = "/api/v1/supply/waybills/"
    lines = refused_by_api(
        waybills, {**draft, "lines": [{"lot": walk.given.pk, "quantity": "0"}]}, "lines"
    )
    assert "quantity" in lines["lines"]["0"]
    too_much = refused_by_api(
        waybills, {**draft, "lines": [{"lot": walk.given.pk, "quantity": "50000"}]}, "lines"
    )
    assert "Il ne reste que" in too_much["lines"][0]
    refused_by_api(waybills, {**draft, "origin": walk.office.almaty.pk}, "origin")
    refused_by_api(waybills, {**draft, "origin": "abc"}, "origin")
    refused_by_api(waybills, {}, "origin")
    created = api.post(waybills, draft, content_type=JSON)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    line = created.json()["lines"][0]["id"]
    refused_by_api(f"{waybills}{pk}/dispatch/", {"dispatched_on": ago(-2)}, "dispatched_on")
    dispatched = api.post(f"{waybills}{pk}/dispatch/", {"dispatched_on": ago(1)}, content_type=JSON)
    assert dispatched.status_code == 200 and dispatched.json()["status"] == "dispatched"
    ledger_adds_up()
    refused_by_api(f"{waybills}{pk}/dispatch/", {}, "detail", status=409)
    receipt = {
        "received_on": ago(0),
        "lines": [
            {
                "line": line,
                "received_quantity": "1990",
                "loss_cause": "theft",
                "loss_stage": "before_custody",
            }
        ],
    }
    short = {**receipt, "lines": [{"line": line, "received_quantity": "1990"}]}
    refused_by_api(f"{waybills}{pk}/receive/", short, "lines")
    over = {**receipt, "lines": [{"line": line, "received_quantity": "2001"}]}
    refused_by_api(f"{waybills}{pk}/receive/", over, "lines")
    refused_by_api(f"{waybills}{pk}/receive/", {**receipt, "received_on": ago(-2)}, "received_on")
    stranger = {**receipt, "lines": [{"line": line + 1000, "received_quantity": "1"}]}
    refused_by_api(f"{waybills}{pk}/receive/", stranger, "lines")
    refused_by_api(f"{waybills}{pk}/receive/", {}, "received_on")
    received = api.post(f"{waybills}{pk}/receive/", receipt, content_type=JSON)
    assert received.status_code == 200 and received.json()["status"] == "received"
    assert received.json()["lines"][0]["lost_quantity"] == "10.000"
    refused_by_api(f"{waybills}{pk}/receive/", receipt, "detail", status=409)
    closed = api.post(f"{waybills}{pk}/close/", content_type=JSON)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    ledger_adds_up()

    balance = StockBalance.objects.get(site=walk.point, lot=walk.given)
    loss = f"/api/v1/supply/balances/{balance.pk}/loss/"
    refused_by_api(loss, {"quantity": "-1", "cause": "theft", "reference": "X"}, "quantity")
    too_much = refused_by_api(
        loss, {"quantity": "999999", "cause": "theft", "reference": "X"}, "quantity"
    )
    assert "999 999" in ISOLATED.sub("", too_much["quantity"][0].replace("\u202f", " "))
    refused_by_api(loss, {"quantity": "1", "cause": "rain", "reference": "X"}, "cause")
    refused_by_api(loss, {}, "reference")
    assert api.post("/api/v1/supply/balances/abc/loss/", {}, content_type=JSON).status_code == 404
    almaty = StockBalance.objects.get(site=walk.office.almaty)
    outside = api.post(
        f"/api/v1/supply/balances/{almaty.pk}/loss/",
        {"quantity": "1", "cause": "theft", "reference": "X"},
        content_type=JSON,
    )
    assert outside.status_code == 404
    assert api.get(f"/api/v1/supply/movements/?site={walk.point.pk}").json()["count"] == 6
    ledger_adds_up()


def test_a_waybill_is_sent_only_from_its_origin_and_received_only_at_its_destination(
    walk: Walk,
) -> None:
    """Flour from the Almaty hub to Kabul: Afghanistan's officer sees it coming but may not
    correct, cancel or dispatch it; once on the road she receives it, and Kazakhstan's
    officer may not."""
    kazakh = core_services.user_create(actor=None, email="kaz@example.org", password=PASSWORD)
    core_services.role_grant(
        actor=None,
        user=kazakh,
        role=Role.LOGISTICS_OFFICER,
        organisation=walk.office.home,
        countries=[walk.office.kazakhstan],
    )
    inbound = services.waybill_create(
        actor=kazakh,
        origin=walk.office.almaty,
        destination=walk.warehouse,
        lines=[services.LineInput(walk.office.almaty_lot, Decimal(400))],
    )
    ours = walk.office.logistics
    page = ours.get(inbound.get_absolute_url()).content.decode()
    assert inbound.number in page and "/dispatch/" not in page and "/edit/" not in page
    before = written()
    for url in ("dispatch/", "cancel/", "edit/"):
        assert ours.post(f"/en/supply/waybills/{inbound.pk}/{url}").status_code == 403, url
    for url in ("dispatch/", "cancel/"):
        assert ours.post(f"/api/v1/supply/waybills/{inbound.pk}/{url}").status_code == 403
    patch = ours.patch(
        f"/api/v1/supply/waybills/{inbound.pk}/", {"vehicle": "X"}, content_type=JSON
    )
    assert patch.status_code == 403
    assert written() == before
    theirs = client_for(kazakh)
    posted(theirs, f"/en/supply/waybills/{inbound.pk}/dispatch/", {"dispatched_on": ago(3)})
    line = inbound.lines.get()
    note = {"received_on": ago(1), f"received_{line.pk}": "400"}
    assert theirs.get(f"/en/supply/waybills/{inbound.pk}/receive/").status_code == 403
    assert theirs.post(f"/en/supply/waybills/{inbound.pk}/receive/", note).status_code == 403
    assert "Record the goods received" in ours.get(inbound.get_absolute_url()).content.decode()
    posted(ours, f"/en/supply/waybills/{inbound.pk}/receive/", note)
    assert StockBalance.objects.get(site=walk.warehouse, lot=walk.office.almaty_lot).quantity == 400
    ledger_adds_up()


PAGES = (
    "supply/",
    "supply/balances/",
    "supply/waybills/",
    "supply/waybills/new/",
    "supply/counts/",
    "supply/counts/new/",
    "supply/sites/",
    "supply/purchases/",
    "supply/purchases/new/",
    "supply/contributions/",
    "supply/losses/",
)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_stock_pages_read_in_arabic_and_french(walk: Walk, language: str) -> None:
    """Every word a person reads is in the language; figures and days are written as the
    language writes them."""
    client = walk.office.logistics
    at_point = StockBalance.objects.get(site=walk.point, lot=walk.bought)
    order = PurchaseOrder.objects.get()
    pages = (
        *PAGES,
        f"supply/balances/{at_point.pk}/",
        f"supply/balances/{at_point.pk}/loss/",
        f"supply/lots/{walk.bought.pk}/",
        f"supply/waybills/{walk.waybill.pk}/",
        f"supply/purchases/{order.pk}/",
    )
    catalogue = trans_real.translation(language)._catalog
    english = {
        msgid
        for msgid in catalogue.keys()  # noqa: SIM118 — a catalogue is not a dict
        if isinstance(msgid, str) and msgid and "%" not in msgid and catalogue[msgid] != msgid
    }
    at_warehouse = StockBalance.objects.get(site=walk.warehouse, lot=walk.bought)
    paid = Payment.objects.get(quantity=None).paid_on
    with translation.override(language):
        # Each page, and the figure or day on it that must read as the language writes it.
        expected = {
            f"supply/balances/{at_point.pk}/": figures.quantity(Decimal(3750), "kg", html=False),
            f"supply/waybills/{walk.waybill.pk}/": figures.day(
                walk.waybill.dispatched_on, html=False
            ),
            "supply/waybills/new/": figures.quantity(at_warehouse.quantity, "kg", html=False),
            "supply/purchases/new/": figures.day(paid, html=False),
            "supply/losses/": figures.number(Decimal(1200), html=False),
        }
    for path in pages:
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        main = response.content.decode().split('<main id="main">')[1].split("</main>")[0]
        texts = [
            html.unescape(text).strip()
            for text in re.findall(
                r">([^<>]+)<", re.sub(r"<select.*?</select>", "", main, flags=re.S)
            )
        ]
        untranslated = [text for text in texts if text.rstrip(" :") in english]
        assert not untranslated, (path, untranslated)
        seen = " ".join(texts)
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b|\d\.000\b", seen), path
    for path, figure in expected.items():
        page = client.get(f"/{language}/{path}").content.decode()
        assert words(figure) in read(page), (path, figure)
