"""From reference data only, through the pages: the donor conference co-hosted with UNAMA,
a cash pledge in tenge and an in-kind pledge of wheat flour, committed, paid, and the
coverage of Afghanistan's requirement."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sunbula.core.models import User
from sunbula.funding.models import DonorConference, Pledge
from tests.browser.reference import ADMIN_PASSWORD, set_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base: str, user: User) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _organisation(page: Page, base: str, name: str, acronym: str, kind: str) -> None:
    page.goto(f"{base}/en/organisations/new/")
    page.get_by_label("Name (English)").fill(name)
    page.get_by_label("Acronym").fill(acronym)
    page.get_by_label("Kind").select_option(kind)
    page.get_by_label("IATI organisation type").select_option(
        "10" if kind == "government" else "40"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def test_donor_conference_from_reference_data(
    page: Page, live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = set_up(monkeypatch)
    assert not Pledge.objects.exists()
    base = live_server.url
    _sign_in(page, base, admin)

    # A rate for the tenge, then the donor and the co-host.
    page.goto(f"{base}/en/exchange-rates/new/")
    page.get_by_label("Currency").select_option("KZT")
    page.get_by_label("In force from").fill("2025-01-01")
    page.get_by_label("Units per US dollar").fill("500")
    page.get_by_label("Source").fill("National Bank of Kazakhstan")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Rate recorded.")
    _organisation(page, base, "Government of the Republic of Kazakhstan", "", "government")
    _organisation(
        page, base, "United Nations Assistance Mission in Afghanistan", "UNAMA", "un_agency"
    )

    # What Afghanistan needs in 2025.
    page.goto(f"{base}/en/funding/requirements/new/")
    page.get_by_label("Country").select_option(label="Afghanistan")
    page.get_by_label("Year").fill("2025")
    page.get_by_label("Requirement (USD)").fill("1000000")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Requirement saved.")

    # The conference, co-hosted by the IOFS and UNAMA.
    page.goto(f"{base}/en/funding/conferences/")
    page.get_by_role("link", name="Add a donor conference").click()
    page.get_by_label("Title (English)").fill(
        "Donor Conference for Humanitarian Food Assistance to Afghanistan"
    )
    page.get_by_label("Title in Arabic").fill(
        "مؤتمر المانحين للمساعدة الغذائية الإنسانية لأفغانستان"
    )
    page.get_by_label("Country").select_option(label="Afghanistan")
    page.get_by_label("Co-hosts").select_option(
        label=[
            "Islamic Organization for Food Security",
            "United Nations Assistance Mission in Afghanistan",
        ]
    )
    page.get_by_label("Starts on").fill("2025-05-20")
    page.get_by_label("Ends on").fill("2025-05-20")
    page.get_by_label("Modality").select_option("hybrid")
    page.get_by_label("Venue").fill("Astana")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Donor Conference")
    expect(page.locator("dl")).to_contain_text("United Nations Assistance Mission in Afghanistan")

    # Pledges captured on the day: cash in tenge, wheat flour in kind.
    page.get_by_role("link", name="Capture pledges").click()
    capture = page.locator("#capture")
    capture.get_by_label("Donor").select_option(label="Government of the Republic of Kazakhstan")
    capture.get_by_label("Amount").fill("50000000")
    capture.get_by_label("Currency").select_option(label="KZT")
    capture.get_by_role("button", name="Record the pledge").click()
    expect(page.locator("#totals")).to_contain_text("1 pledge, 100000.00 USD")
    capture = page.locator("#capture")
    capture.get_by_label("Donor").select_option(label="Government of the Republic of Kazakhstan")
    capture.get_by_label("Amount").fill("13500")
    capture.get_by_label("Currency").select_option(label="USD")
    capture.get_by_label("Contribution type").select_option("in_kind")
    capture.get_by_label("Commodity").fill("Wheat flour")
    capture.get_by_label("Quantity").fill("30")
    capture.get_by_label("Unit").fill("t")
    capture.get_by_role("button", name="Record the pledge").click()
    expect(page.locator("#totals")).to_contain_text("2 pledges, 113500.00 USD")

    # The cash pledge is committed and paid.
    cash = Pledge.objects.get(currency__code="KZT")
    page.goto(f"{base}{cash.get_absolute_url()}")
    commit = page.locator("form[action$='/commitments/']")
    commit.get_by_label("Committed on").fill("2025-06-01")
    commit.get_by_label("Amount").fill("25000000")
    commit.get_by_role("button", name="Record the commitment").click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    pay = page.locator("form[action$='/payments/']")
    pay.get_by_label("Commitment").select_option(index=1)
    pay.get_by_label("Paid on").fill("2025-07-01")
    pay.get_by_label("Amount").fill("25000000")
    pay.get_by_label("Currency").select_option(label="KZT")
    pay.get_by_role("button", name="Record the payment").click()
    expect(page.locator("table").nth(1)).to_contain_text("25000000.00 KZT")

    # Coverage: 50 000 USD committed of the 1 000 000 USD needed.
    page.goto(f"{base}/en/funding/requirements/")
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("Afghanistan")
    expect(row).to_contain_text("50000.00")
    expect(row).to_contain_text("5.0 %")
    expect(row).to_contain_text("950000.00")
    conference = DonorConference.objects.get()
    assert set(conference.co_hosts.values_list("acronym", flat=True)) == {"IOFS", "UNAMA"}
