"""Flour for Humanity from reference data to the plate: four in-kind pledges of wheat flour
(Kazakhstan, Tajikistan, Turkmenistan and the food-processing association, 68,000 kg)
received into lots, sent to treatment centres in Kabul, Herat and Kandahar (one transit
loss, one load still on the road), a cycle with a ration per resident planned, entitled from
the centres' headcounts and approved by a second person, flour handed over at the desk, and
the project's trace tying out: 68,000 kg = distributed + in stock + in transit + lost.

The planning, approval, distribution and trace steps go through the pages. The chain
upstream of the cycle (pledges, receipts, waybills) and the records whose creation pages
are being built elsewhere are set up through the services: marked `# page: …`."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from sunbula.core import services
from sunbula.core.models import Organisation, Site, User
from sunbula.funding import services as funding_services
from sunbula.registry import services as registry_services
from sunbula.supply import services as supply_services
from sunbula.supply.services import LineInput, ReceivedLine
from tests.conftest import PASSWORD, Projects, World, flour_upsert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date

# Donor, tonnes of flour pledged.
PLEDGES = (
    ("Government of the Republic of Kazakhstan", "FFH-KAZ", 20),
    ("Government of the Republic of Tajikistan", "FFH-TJK", 18),
    ("Government of Turkmenistan", "FFH-TKM", 15),
    ("Federation of Food-Processing Industries", "FFH-FPA", 15),
)
# Centre, residents on the verified headcount.
CENTRES = (("Kabul", 120), ("Herat", 80), ("Kandahar", 60))


def _chain(world: World, projects: Projects, admin: User) -> dict[str, Site]:
    """Pledges to lots to centres, through the services (their pages are another journey)."""
    usd = services.currency_upsert(actor=None, code="USD", name="US dollar")
    flour = flour_upsert()  # page: registry/supply
    supply_services.stock_site_register(  # page: registry/supply
        actor=None, site=world.kabul_warehouse, capacity=Decimal(100000)
    )
    centres: dict[str, Site] = {}
    for city, residents in CENTRES:
        site = services.site_create(  # page: registry/supply
            actor=None,
            name=f"{city} drug-treatment centre",
            kind="treatment_centre",
            country=world.afghanistan,
        )
        supply_services.stock_site_register(  # page: registry/supply
            actor=None, site=site, capacity=Decimal(100000)
        )
        centre = registry_services.institution_create(  # page: registry/supply
            actor=None, name=f"{city} drug-treatment centre", kind="treatment_centre", site=site
        )
        registry_services.headcount_record(  # page: registry/supply
            actor=None,
            institution=centre,
            counted_on=D(2023, 5, 20),
            headcount=residents,
            verified_by="Monitoring officer",
            method="site_visit",
        )
        centres[city] = site
    lots = {}
    for donor_name, reference, tonnes in PLEDGES:
        donor = Organisation.objects.filter(
            name=donor_name
        ).first() or services.organisation_create(
            actor=None, name=donor_name, kind="government", iati_type="10"
        )
        pledge = funding_services.pledge_record(  # page: funding (exists)
            actor=None,
            reference=reference,
            donor=donor,
            pledged_on=D(2023, 2, 1),
            currency=usd,
            amount=Decimal(450 * tonnes),
            country=world.afghanistan,
            project=projects.flour,
            budget_year=2023,
            contribution_type="in_kind",
            commodity="Wheat flour",
            quantity=Decimal(tonnes),
            unit="t",
        )
        commitment = funding_services.commitment_record(  # page: funding (exists)
            actor=None, pledge=pledge, committed_on=D(2023, 3, 1), amount=pledge.amount
        )
        payment = funding_services.payment_record(  # page: funding (exists)
            actor=None,
            commitment=commitment,
            paid_on=D(2023, 5, 15),
            amount=pledge.amount,
            currency=usd,
            quantity=Decimal(tonnes),
        )
        lots[reference] = supply_services.lot_receive_contribution(  # page: supply (exists)
            actor=admin,
            payment=payment,
            site=world.kabul_warehouse,
            received_on=D(2023, 5, 20),
            reference=f"GRN-{reference}",
            commodity=flour,
            expires_on=D(2024, 5, 1),
        )
    # Kazakhstan's flour to Kabul, Tajikistan's to Herat (500 kg lost on the road),
    # Turkmenistan's to Kandahar, and 5 t of the association's on its way to Kandahar.
    for reference, city, sent, arrived in (
        ("FFH-KAZ", "Kabul", 20000, 20000),
        ("FFH-TJK", "Herat", 18000, 17500),
        ("FFH-TKM", "Kandahar", 15000, 15000),
        ("FFH-FPA", "Kandahar", 5000, None),
    ):
        waybill = supply_services.waybill_create(  # page: supply (exists)
            actor=admin,
            origin=world.kabul_warehouse,
            destination=centres[city],
            lines=[LineInput(lot=lots[reference], quantity=Decimal(sent))],
        )
        supply_services.waybill_dispatch(  # page: supply (exists)
            actor=admin, waybill=waybill, dispatched_on=D(2023, 5, 25)
        )
        if arrived is not None:
            supply_services.waybill_receive(  # page: supply (exists)
                actor=admin,
                waybill=waybill,
                received_on=D(2023, 5, 28),
                lines=[
                    ReceivedLine(
                        waybill.lines.get(),
                        Decimal(arrived),
                        "transport_damage" if arrived < sent else "",
                        "before_custody" if arrived < sent else "",
                    )
                ],
            )
    return centres


def _sign_in(page: Page, url: str, user: User) -> None:
    page.goto(f"{url}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_flour_for_humanity_from_pledge_to_plate(
    page: Page,
    browser: Browser,
    live_server: Any,
    world: World,
    projects: Projects,
    admin: User,
    officer_afg: User,
) -> None:
    _chain(world, projects, admin)
    url = live_server.url

    # The programme officer plans the cycle: a ration per resident of 12 kg a month.
    _sign_in(page, url, officer_afg)
    page.goto(f"{url}/en/assistance/cycles/new/")
    page.get_by_label("Project").select_option(label=str(projects.flour))
    page.get_by_label("Country").select_option(label="Afghanistan")
    page.get_by_label("Name (English)").fill("Treatment centres, June 2023")
    page.get_by_label("Period start").fill("2023-06-01")
    page.get_by_label("Period end").fill("2023-06-30")
    page.get_by_label("Ration").select_option("resident_month")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Treatment centres, June 2023")
    page.get_by_role("combobox", name="Commodity").select_option(label="Wheat flour")
    page.get_by_label("Quantity (in the commodity's unit)").fill("12")
    page.get_by_role("button", name="Set the ration line").click()
    expect(
        page.get_by_text("1456 kcal per person per day").first
    ).to_be_visible()  # 12 × 3,640 / 30
    page.get_by_label("Target on").select_option("institution_kind")
    page.get_by_label("Value").fill("treatment_centre")
    expect(page.locator("#preview")).to_contain_text("With this rule: 3 records")
    page.get_by_role("button", name="Add the rule").click()
    page.get_by_role("button", name="Freeze the beneficiary list").click()
    page.get_by_role("button", name="Generate entitlements").click()
    expect(page.get_by_text("Entitlements are generated.").first).to_be_visible()
    page.get_by_role("button", name="Approve entitlements").click()
    expect(page.get_by_text("another person must review and approve them").first).to_be_visible()

    # A second person reviews the list and approves it.
    reviewer = browser.new_context(locale="en-GB").new_page()
    _sign_in(reviewer, url, admin)
    reviewer.goto(page.url)
    reviewer.get_by_role("link", name="Entitlements", exact=True).click()
    expect(reviewer.get_by_role("cell", name="Kabul drug-treatment centre")).to_be_visible()
    reviewer.go_back()
    reviewer.get_by_role("button", name="Approve entitlements").click()
    expect(reviewer.get_by_text("Entitlements are approved.").first).to_be_visible()
    reviewer.context.close()

    # At the desk: each centre receives its residents' month of flour.
    page.reload()
    page.get_by_role("link", name="Distributions", exact=True).click()
    for city, residents in CENTRES:
        page.get_by_label("Beneficiary reference").fill(f"{city} drug-treatment centre")
        page.get_by_role("combobox", name="Commodity").select_option(label="Wheat flour")
        page.get_by_label("Distribution site").select_option(label=f"{city} drug-treatment centre")
        page.get_by_label("Quantity").fill(str(12 * residents))
        page.get_by_label("Distributed on").fill("2023-06-05")
        page.get_by_role("button", name="Record", exact=True).click()
        expect(page.get_by_text("is recorded.").first).to_be_visible()
    # Kabul comes back for a second hand-over: refused, already served.
    page.get_by_label("Beneficiary reference").fill("Kabul drug-treatment centre")
    page.get_by_role("combobox", name="Commodity").select_option(label="Wheat flour")
    page.get_by_label("Distribution site").select_option(label="Kabul drug-treatment centre")
    page.get_by_label("Quantity").fill("10")
    page.get_by_label("Distributed on").fill("2023-06-06")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("already served").first).to_be_visible()

    # The project's trace ties out.
    page.goto(f"{url}/en/assistance/trace/projects/{projects.flour.pk}/")
    distributed = 12 * sum(residents for _city, residents in CENTRES)  # 3,120 kg
    tie_out = page.locator("#tie-out").inner_text().replace(",", "").replace("\u202f", "")
    assert tie_out == (
        f"Received 68000.000 kg = distributed {distributed}.000 + in stock "
        f"{68000 - distributed - 5000 - 500}.000 + in transit 5000.000 + lost 500.000"
    )
    expect(page.locator('[data-figure="people"]')).to_have_text("260")
