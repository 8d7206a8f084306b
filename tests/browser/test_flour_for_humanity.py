"""Flour for Humanity from reference data to the plate, entirely through the pages: four
in-kind pledges of wheat flour (Kazakhstan, Tajikistan, Turkmenistan and the food-processing
association, 68,000 kg) committed, delivered and received into lots, sent to treatment
centres in Kabul, Herat and Kandahar (one transit loss, one load still on the road), a cycle
with a ration per resident planned, entitled from the centres' headcounts and approved by a
second person, flour handed over at the desk, and the project's trace tying out:
68,000 kg = distributed + in stock + in transit + lost."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from sunbula.core import services
from sunbula.core.models import User
from sunbula.funding.models import Payment
from sunbula.programmes.models import Programme, Project
from sunbula.supply.models import Lot
from tests.browser.guide import shot
from tests.conftest import PASSWORD, World
from tests.second_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Donor, its kind, tonnes of flour pledged.
PLEDGES = (
    ("Government of the Republic of Kazakhstan", "government", 20),
    ("Government of the Republic of Tajikistan", "government", 18),
    ("Government of Turkmenistan", "government", 15),
    ("Federation of Food-Processing Industries", "association", 15),
)
# Centre, residents on the verified headcount.
CENTRES = (("Kabul", 120), ("Herat", 80), ("Kandahar", 60))
SWAPPED = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def _field(page: Page | Locator, label: str) -> Locator:
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


CHECKED = "e => (e.form?.getAttribute('hx-post') || '').includes('validate=1')"


def _checked(page: Page, field: Locator) -> Iterator[None]:
    """Where htmx checks the form on each change and swaps in the checked form, wait for it."""
    if not field.evaluate(CHECKED):
        yield
        return
    with page.expect_response(lambda response: "validate=1" in response.url):
        yield
    page.wait_for_function(SWAPPED)


def _choose(page: Page, label: str, value: str = "", *, option: str = "") -> None:
    field = _field(page, label)
    for _ in _checked(page, field):
        if option:
            field.select_option(label=option)
        else:
            field.select_option(value)


def _type(page: Page, label: str, text: str) -> None:
    field = _field(page, label)
    for _ in _checked(page, field):
        field.fill(text)
        field.dispatch_event("change")


def _project(page: Page, url: str) -> Project:
    """The programme and its Flour for Humanity project."""
    page.goto(f"{url}/en/programmes/new/")
    _type(page, "Code", "AFSP")
    _type(page, "Name (English)", "Afghanistan Food Security Programme")
    _choose(page, "Reporting organisation", option="Islamic Organization for Food Security")
    _type(page, "IATI reporting organisation identifier", "XI-IATI-IOFS")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Afghanistan Food Security")
    page.goto(f"{url}/en/programmes/projects/new/")
    _type(page, "Code", "FFH-2023")
    _type(page, "Title (English)", "Flour for Humanity")
    _type(page, "Description (English)", "Wheat flour for treatment centres.")
    _choose(page, "Programme", str(Programme.objects.get(code="AFSP").pk))
    _choose(page, "Status", "2")
    _choose(page, "Recipient country", option="Afghanistan")
    _type(page, "Planned start", "2023-01-01")
    _type(page, "Planned end", "2023-12-31")
    _choose(page, "Default currency", "USD")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Flour for Humanity")
    shot(page, "programme/project")
    return Project.objects.get(code="FFH-2023")


def _organisations(page: Page, url: str) -> None:
    """The donors that are not reference data yet: two governments and an association."""
    for name, kind, _tonnes in PLEDGES[1:]:
        page.goto(f"{url}/en/organisations/new/")
        _type(page, "Name (English)", name)
        _choose(page, "Kind", kind)
        _choose(page, "IATI organisation type", "10" if kind == "government" else "22")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def _flour_and_stores(page: Page, url: str, world: World) -> None:
    """Wheat flour joins the commodities; the Kabul warehouse and the three centres hold
    stock; each centre is an institution with a verified headcount."""
    page.goto(f"{url}/en/supply/commodities/new/")
    _field(page, "Code").fill("WHEAT-FLOUR")
    _field(page, "Name (English)").fill("Wheat flour")
    _field(page, "Category").select_option("cereals")
    _field(page, "Base unit").select_option("kg")
    _field(page, "Energy (kcal per kg)").fill("3640")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Commodities")
    expect(page.locator("main")).to_contain_text("Wheat flour")
    for city, _residents in CENTRES:
        page.goto(f"{url}/en/sites/new/")
        _type(page, "Name (English)", f"{city} drug-treatment centre")
        _choose(page, "Kind", "treatment_centre")
        _choose(page, "Country", str(world.afghanistan.pk))
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(city)
    for site in ("Kabul warehouse", *(f"{city} drug-treatment centre" for city, _ in CENTRES)):
        page.goto(f"{url}/en/supply/sites/new/")
        _field(page, "Site").select_option(label=site)
        _field(page, "Storage capacity").fill("100000")
        page.get_by_role("button", name="Save").click()
        expect(page.locator("main")).to_contain_text(site)
    for city, residents in CENTRES:
        page.goto(f"{url}/en/registry/institutions/new/")
        _type(page, "Name (English)", f"{city} drug-treatment centre")
        _choose(page, "Kind", "treatment_centre")
        _choose(page, "Site", option=f"{city} drug-treatment centre")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(city)
        _type(page, "Counted on", "2023-05-20")
        _type(page, "Headcount", str(residents))
        _type(page, "Verified by", "Monitoring officer")
        _choose(page, "Verification method", "site_visit")
        page.get_by_role("button", name="Save").click()
        expect(page.locator("table").first).to_contain_text(str(residents))
        shot(page, "programme/institution-headcount")


def _pledges(page: Page, url: str, world: World, project: Project) -> dict[str, Lot]:
    """Each pledge recorded, committed and delivered, and received into a lot in Kabul."""
    lots = {}
    for donor, _kind, tonnes in PLEDGES:
        page.goto(f"{url}/en/funding/pledges/new/")
        page.get_by_label("Donor").select_option(label=donor)
        page.get_by_label("Pledged on").fill("2023-02-01")
        page.get_by_label("Amount").fill(str(450 * tonnes))
        page.get_by_label("Currency").select_option("USD")
        page.get_by_label("Destination country").select_option(str(world.afghanistan.pk))
        page.get_by_label("Project").select_option(str(project.pk))
        page.get_by_label("Contribution type").select_option("in_kind")
        page.get_by_label("Commodity").fill("Wheat flour")
        page.get_by_label("Quantity").fill(str(tonnes))
        page.get_by_label("Unit").fill("t")
        page.get_by_label("First budget year").fill("2023")
        shot(page, "programme/pledge-new")
        page.get_by_role("button", name="Record the pledge").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Pledge")
        commitment = page.locator("form[action$='/commitments/']")
        commitment.get_by_label("Committed on").fill("2023-03-01")
        commitment.get_by_label("Amount").fill(str(450 * tonnes))
        commitment.get_by_role("button", name="Record the commitment").click()
        payment = page.locator("form[action$='/payments/']")
        payment.get_by_label("Commitment").select_option(index=1)
        payment.get_by_label("Paid on").fill("2023-05-15")
        payment.get_by_label("Amount").fill(str(450 * tonnes))
        payment.get_by_label("Currency").select_option("USD")
        payment.get_by_label("Quantity received").fill(str(tonnes))
        payment.get_by_role("button", name="Record the payment").click()
        expect(page.locator("main")).to_contain_text(f"USD {450 * tonnes:,}.00")
        shot(page, "programme/pledge-paid")

        page.goto(f"{url}/en/supply/contributions/")
        page.get_by_role("row").filter(has_text=donor).get_by_role("link", name="Receive").click()
        page.get_by_label("Site").select_option(label="Kabul warehouse")
        page.get_by_label("Received on").fill("2023-05-20")
        page.get_by_label("Document reference").fill(f"GRN-{tonnes}-{len(lots)}")
        shot(page, "logistics/receive-contribution")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("status")).to_contain_text("Goods received")
        lots[donor] = Lot.objects.get(
            payment=Payment.objects.get(commitment__pledge__donor__name=donor)
        )
    # The Kabul warehouse holds the four lots: 20 + 18 + 15 + 15 t.
    for tonnes in (20, 18, 15):
        expect(page.locator("main")).to_contain_text(f"{tonnes * 1000:,} kg")
        shot(page, "logistics/stock-at-site")
    return lots


def _waybills(page: Page, url: str, lots: dict[str, Lot]) -> None:
    """Kazakhstan's flour to Kabul, Tajikistan's to Herat (500 kg lost on the road),
    Turkmenistan's to Kandahar, and 5 t of the association's on its way to Kandahar."""
    for donor, city, sent, arrived in (
        (PLEDGES[0][0], "Kabul", 20000, 20000),
        (PLEDGES[1][0], "Herat", 18000, 17500),
        (PLEDGES[2][0], "Kandahar", 15000, 15000),
        (PLEDGES[3][0], "Kandahar", 5000, None),
    ):
        page.goto(f"{url}/en/supply/waybills/new/")
        _field(page, "Origin").select_option(label="Kabul warehouse")
        _field(page, "Destination").select_option(label=f"{city} drug-treatment centre")
        line = page.get_by_role("group", name="Line 1")
        _field(line, "Lot").select_option(str(lots[donor].pk))
        _field(line, "Quantity").fill(str(sent))
        shot(page, "logistics/waybill-new")
        page.get_by_role("button", name="Save").click()
        page.get_by_label("Dispatched on").fill("2023-05-25")
        page.get_by_role("button", name="Dispatch").click()
        expect(page.locator("main")).to_contain_text("Dispatched")
        shot(page, "logistics/waybill-dispatched")
        if arrived is None:
            continue
        page.get_by_role("link", name="Record the goods received").click()
        page.get_by_label("Received on").fill("2023-05-28")
        page.get_by_label(re.compile("^Received of")).fill(str(arrived))
        if arrived < sent:
            page.get_by_label("Cause of loss").select_option("transport_damage")
            page.get_by_label("Stage of loss").select_option("before_custody")
            shot(page, "logistics/goods-received-loss")
        page.get_by_role("button", name="Save").click()
        expect(page.locator("main")).to_contain_text("Goods received")


def _sign_in(page: Page, url: str, user: User) -> None:
    page.goto(f"{url}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, user.email)
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_flour_for_humanity_from_pledge_to_plate(
    page: Page,
    browser: Browser,
    live_server: Any,
    world: World,
    admin: User,
    officer_afg: User,
) -> None:
    url = live_server.url
    # Upstream of the cycle, the administrator at headquarters: donors, flour, stores,
    # centres, pledges, lots and waybills.
    services.currency_upsert(actor=None, code="USD", name="US dollar")  # reference data
    _sign_in(page, url, admin)
    project = _project(page, url)
    _organisations(page, url)
    _flour_and_stores(page, url, world)
    lots = _pledges(page, url, world, project)
    _waybills(page, url, lots)
    page.context.clear_cookies()

    # The programme officer plans the cycle: a ration per resident of 12 kg a month.
    _sign_in(page, url, officer_afg)
    page.goto(f"{url}/en/assistance/cycles/new/")
    page.get_by_label("Project").select_option(label=str(project))
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
        page.get_by_text("1,456 kcal per person per day").first
    ).to_be_visible()  # 12 × 3,640 / 30
    page.get_by_label("Target on").select_option("institution_kind")
    page.get_by_label("Value").fill("treatment_centre")
    expect(page.locator("#preview")).to_contain_text("With this rule: 3 records")
    shot(page, "programme/cycle-targeting")
    page.get_by_role("button", name="Add the rule").click()
    page.get_by_role("button", name="Freeze the beneficiary list").click()
    page.get_by_role("button", name="Generate entitlements").click()
    expect(page.get_by_text("Entitlements are generated.").first).to_be_visible()
    expect(page.get_by_role("button", name="Approve entitlements")).to_have_count(0)
    expect(page.get_by_text("another person must review and approve them").first).to_be_visible()
    shot(page, "programme/cycle-review")

    # A second person reviews the list and approves it.
    reviewer = browser.new_context(locale="en-GB").new_page()
    _sign_in(reviewer, url, admin)
    reviewer.goto(page.url)
    reviewer.get_by_role("link", name="Entitlements", exact=True).click()
    expect(reviewer.get_by_role("cell", name="Kabul drug-treatment centre")).to_be_visible()
    shot(reviewer, "programme/entitlements")
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
    shot(page, "programme/distributions")

    # The project's trace ties out.
    page.goto(f"{url}/en/assistance/trace/projects/{project.pk}/")
    distributed = 12 * sum(residents for _city, residents in CENTRES)  # 3,120 kg
    tie_out = page.locator("#tie-out").inner_text().replace(",", "").replace("\u202f", "")
    pattern = (
        r"Received (\S+) kg = distributed (\S+) \+ in stock (\S+) "
        r"\+ in transit (\S+) \+ lost (\S+)"
    )
    figures = re.fullmatch(pattern, tie_out)
    assert figures, tie_out
    received, *parts = (Decimal(figure) for figure in figures.groups())
    assert (received, *parts) == (68000, distributed, 68000 - distributed - 5000 - 500, 5000, 500)
    assert received == sum(parts)
    expect(page.locator('[data-figure="people"]')).to_have_text("260")
    shot(page, "programme/trace")
