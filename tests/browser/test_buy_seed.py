"""Cash becomes stock: a payment recorded against a commitment buys wheat seed, the seed is
received into a warehouse, and its lot leads back to the payment and on to the trace."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sunbula.core import services as core_services
from sunbula.core.models import User
from sunbula.funding.models import Payment
from sunbula.supply.models import Lot, PurchaseOrder
from tests.browser.guide import shot
from tests.conftest import PASSWORD, World
from tests.second_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base: str, user: User) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, user.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_buy_seed_with_a_payment_and_receive_it_into_stock(
    page: Page, live_server: Any, world: World, admin: User
) -> None:
    base = live_server.url
    # Reference data: the currency and a seed merchant.
    usd = core_services.currency_upsert(actor=None, code="USD", name="US dollar")
    merchant = core_services.organisation_create(
        actor=None,
        name="Kabul Seed Company",
        kind="private",
        iati_type="70",
        country=world.afghanistan,
    )
    _sign_in(page, base, admin)

    # A cash pledge of Kazakhstan, committed and paid, through the funding pages.
    page.goto(f"{base}/en/funding/pledges/new/")
    page.get_by_label("Donor").select_option(str(world.kazakhstan_government.pk))
    page.get_by_label("Pledged on").fill("2024-02-01")
    page.get_by_label("Amount").fill("10000")
    page.get_by_label("Currency").select_option(usd.code)
    page.get_by_label("Destination country").select_option(str(world.afghanistan.pk))
    page.get_by_label("Contribution type").select_option("financial")
    page.get_by_label("First budget year").fill("2024")
    page.get_by_role("button", name="Record the pledge").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pledge")
    pledge_url = page.url

    commitment = page.locator("form[action$='/commitments/']")
    commitment.get_by_label("Committed on").fill("2024-03-01")
    commitment.get_by_label("Amount").fill("8000")
    commitment.get_by_role("button", name="Record the commitment").click()
    payment = page.locator("form[action$='/payments/']")
    payment.get_by_label("Commitment").select_option(index=1)
    payment.get_by_label("Paid on").fill("2024-03-15")
    payment.get_by_label("Amount").fill("5000")
    payment.get_by_label("Currency").select_option(usd.code)
    payment.get_by_role("button", name="Record the payment").click()
    expect(page.locator("main")).to_contain_text("USD 5,000.00")
    paid = Payment.objects.get()

    # The Kabul warehouse starts holding stock, and wheat seed joins the commodities.
    page.goto(f"{base}/en/supply/sites/")
    page.get_by_role("link", name="Add a stock-keeping site").click()
    page.get_by_label("Site").select_option(str(world.kabul_warehouse.pk))
    page.get_by_label("Storage capacity").fill("200000")
    page.get_by_role("button", name="Save").click()
    page.goto(f"{base}/en/supply/commodities/")
    page.get_by_role("link", name="Add a commodity").click()
    page.get_by_label("Code").fill("WHEAT-SEED")
    page.get_by_label("Name (English)").fill("Wheat seed")
    page.get_by_label("Category").select_option("inputs")
    page.get_by_label("Base unit").select_option("kg")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Commodities")
    expect(page.locator("main")).to_contain_text("Wheat seed")

    # A purchase order for 4 tonnes of wheat seed at 700 USD a tonne, paid from the payment.
    page.goto(f"{base}/en/supply/purchases/")
    page.get_by_role("link", name="New purchase order").click()
    page.get_by_label("Supplier").select_option(str(merchant.pk))
    page.get_by_label("Payment").select_option(str(paid.pk))
    page.get_by_label("Commodity").select_option(label="Wheat seed")
    page.get_by_label("Quantity").fill("4")
    page.locator("select[name=unit]").select_option("t")
    page.get_by_label("Unit price").fill("700")
    page.get_by_label("Currency").select_option(str(usd.pk))
    shot(page, "logistics/purchase-order-new")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Purchase order")
    expect(page.locator("main")).to_contain_text("USD 2,800.00")
    page.get_by_role("button", name="Place the order").click()
    expect(page.locator("main")).to_contain_text("Ordered")
    shot(page, "logistics/purchase-order")

    # The seed arrives at the Kabul warehouse.
    page.get_by_role("link", name="Receive goods").click()
    page.get_by_label("Received at").select_option(str(world.kabul_warehouse.pk))
    page.get_by_label("Quantity received").fill("4")
    page.get_by_label("Document reference").fill("GRN-SEED-1")
    page.get_by_label("Batch").fill("SEED-24-A")
    shot(page, "logistics/purchase-receive")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Goods received")
    expect(page.locator("main")).to_contain_text("GRN-SEED-1")

    # The lot: bought, from the payment and pledge, one click from the trace.
    lot = Lot.objects.get()
    page.get_by_role("link", name=lot.reference, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(lot.reference)
    main = page.locator("main")
    expect(main).to_contain_text("Purchase")
    expect(main).to_contain_text("4,000")
    expect(main).to_contain_text(f"{paid.commitment.pledge.reference} · Mar 15, 2024")
    expect(main).to_contain_text("Kabul warehouse")
    shot(page, "logistics/lot")
    lot_url = page.url
    page.get_by_role("link", name=paid.commitment.pledge.reference, exact=True).first.click()
    expect(page).to_have_url(pledge_url)
    # From the pledge and its payment, on to what the money bought.
    page.locator("main").get_by_role("link", name="Purchase orders").click()
    order = PurchaseOrder.objects.get()
    page.get_by_role("link", name=order.reference).click()
    expect(page.locator("main")).to_contain_text(lot.reference)
    page.goto(lot_url)
    page.get_by_role("link", name="Trace").first.click()
    shot(page, "logistics/lot-trace")
    expect(page).to_have_url(f"{base}/en/assistance/trace/lots/{lot.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(lot.reference)
