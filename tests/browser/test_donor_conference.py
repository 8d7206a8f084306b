"""From reference data only, through the pages and in Arabic: the administrator switches the
interface to Arabic, then records the donor conference co-hosted with UNAMA, a cash pledge
in tenge and an in-kind pledge of wheat flour, commits and pays the cash, and reads the
coverage of Afghanistan's requirement."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sunbula.core.models import User
from sunbula.funding.models import DonorConference, Pledge
from tests.browser.guide import shot
from tests.browser.reference import ADMIN_PASSWORD, set_up
from tests.second_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVE = "حفظ"


def _sign_in_in_arabic(page: Page, base: str, user: User) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Language").select_option("ar")
    page.get_by_role("button", name="Switch").click()
    expect(page).to_have_url(f"{base}/ar/accounts/login/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.get_by_label("البريد الإلكتروني").fill(user.email)
    page.get_by_label("كلمة المرور").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="تسجيل الدخول").click()
    pass_second_factor(page, user.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("مرحبًا")


def _organisation(page: Page, base: str, name: str, acronym: str, kind: str) -> None:
    page.goto(f"{base}/ar/organisations/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("إضافة منظمة")
    page.get_by_label("الاسم (بالإنجليزية)").fill(name)
    page.get_by_label("الاسم المختصر").fill(acronym)
    page.get_by_label("النوع:", exact=True).select_option(kind)
    page.get_by_label("نوع المنظمة وفق IATI").select_option("10" if kind == "government" else "40")
    page.get_by_role("button", name=SAVE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def test_donor_conference_from_reference_data_in_arabic(
    page: Page, live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = set_up(monkeypatch)
    assert not Pledge.objects.exists()
    base = live_server.url
    _sign_in_in_arabic(page, base, admin)

    # A rate for the tenge, then the donor and the co-host.
    page.goto(f"{base}/ar/exchange-rates/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("تسجيل سعر صرف")
    page.get_by_label("العملة").select_option("KZT")
    page.get_by_label("سارٍ من").fill("2025-01-01")
    page.get_by_label("وحدات لكل دولار أمريكي").fill("500")
    page.get_by_label("المصدر").fill("National Bank of Kazakhstan")
    page.get_by_role("button", name=SAVE).click()
    expect(page.get_by_role("status")).to_have_text("سُجّل السعر.")
    shot(page, "administrator/exchange-rate-ar")
    _organisation(page, base, "Government of the Republic of Kazakhstan", "", "government")
    _organisation(
        page, base, "United Nations Assistance Mission in Afghanistan", "UNAMA", "un_agency"
    )

    # What Afghanistan needs in 2025.
    page.goto(f"{base}/ar/funding/requirements/new/")
    page.get_by_label("البلد").select_option(label="أفغانستان")
    page.get_by_label("السنة").fill("2025")
    page.get_by_label("الاحتياج (بالدولار الأمريكي)").fill("1000000")
    page.get_by_role("button", name=SAVE).click()
    # The first save of a fresh live server can be slow when both databases run side by side.
    expect(page.get_by_role("status")).to_have_text("حُفظ الاحتياج.", timeout=20_000)

    # The conference, co-hosted by the IOFS and UNAMA, found from the money pages.
    page.goto(f"{base}/ar/funding/conferences/")
    expect(page.get_by_role("heading", level=1)).to_have_text("مؤتمرات المانحين")
    page.get_by_role("link", name="إضافة مؤتمر مانحين").click()
    page.get_by_label("العنوان (بالإنجليزية)").fill(
        "Donor Conference for Humanitarian Food Assistance to Afghanistan"
    )
    page.get_by_label("العنوان باللغة العربية").fill(
        "مؤتمر المانحين للمساعدة الغذائية الإنسانية لأفغانستان"
    )
    page.get_by_label("البلد").select_option(label="أفغانستان")
    page.get_by_label("الجهات المشاركة في الاستضافة").select_option(
        label=[
            "المنظمة الإسلامية للأمن الغذائي",
            "United Nations Assistance Mission in Afghanistan",
        ]
    )
    page.get_by_label("يبدأ في").fill("2025-05-20")
    page.get_by_label("ينتهي في").fill("2025-05-20")
    page.get_by_label("الصيغة").select_option("hybrid")
    page.get_by_label("المكان").fill("Astana")
    page.get_by_role("button", name=SAVE).click()
    # An Arabic reader sees the conference under its Arabic title.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "مؤتمر المانحين للمساعدة الغذائية الإنسانية لأفغانستان"
    )
    expect(page.locator("dl")).to_contain_text("United Nations Assistance Mission in Afghanistan")
    shot(page, "programme/conference-ar")

    # Pledges captured on the day: cash in tenge, wheat flour in kind.
    page.get_by_role("link", name="تسجيل التعهدات").click()
    capture = page.locator("#capture")
    capture.get_by_label("الجهة المانحة").select_option(
        label="Government of the Republic of Kazakhstan"
    )
    capture.get_by_label("المبلغ").fill("50000000")
    capture.get_by_label("العملة").select_option(label="KZT")
    capture.get_by_role("button", name="سجّل التعهد").click()
    expect(page.locator("#totals")).to_contain_text("تعهد واحد")
    expect(page.locator("#totals")).to_contain_text("100,000.00 USD")
    capture = page.locator("#capture")
    capture.get_by_label("الجهة المانحة").select_option(
        label="Government of the Republic of Kazakhstan"
    )
    capture.get_by_label("المبلغ").fill("13500")
    capture.get_by_label("العملة").select_option(label="USD")
    capture.get_by_label("نوع المساهمة").select_option("in_kind")
    capture.get_by_label("السلعة").fill("Wheat flour")
    capture.get_by_label("الكمية").fill("30")
    capture.get_by_label("الوحدة").fill("t")
    capture.get_by_role("button", name="سجّل التعهد").click()
    expect(page.locator("#totals")).to_contain_text("تعهدان")
    expect(page.locator("#totals")).to_contain_text("113,500.00 USD")
    shot(page, "programme/pledge-capture-ar")

    # The cash pledge is committed and paid.
    cash = Pledge.objects.get(currency__code="KZT")
    page.goto(f"{base}/ar/funding/pledges/")
    page.get_by_role("link", name=cash.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"التعهد {cash.reference}")
    commit = page.locator("form[action$='/commitments/']")
    commit.get_by_label("تاريخ الالتزام").fill("2025-06-01")
    commit.get_by_label("المبلغ").fill("25000000")
    commit.get_by_role("button", name="سجّل الالتزام").click()
    expect(page.get_by_role("status")).to_have_text("تم الحفظ.")
    pay = page.locator("form[action$='/payments/']")
    pay.get_by_label("الالتزام").select_option(index=1)
    pay.get_by_label("تاريخ الدفع").fill("2025-07-01")
    pay.get_by_label("المبلغ").fill("25000000")
    pay.get_by_label("العملة").select_option(label="KZT")
    pay.get_by_role("button", name="سجّل الدفعة المالية").click()
    expect(page.locator("table").nth(1)).to_contain_text("25,000,000.00 KZT")
    # Each amount keeps its currency beside it in the right-to-left line.
    amounts = page.locator("dl bdi").filter(has_text=re.compile("KZT|USD"))
    expect(amounts.nth(0)).to_contain_text("50,000,000.00 KZT")
    expect(amounts.nth(1)).to_contain_text("100,000.00 USD")
    expect(amounts.nth(2)).to_contain_text("25,000,000.00 KZT")
    shot(page, "programme/pledge-paid-ar")

    # Coverage: 50 000 USD committed of the 1 000 000 USD needed.
    page.goto(f"{base}/ar/funding/requirements/")
    expect(page.get_by_role("heading", level=1)).to_have_text("التغطية والفجوات")
    row = page.locator("tbody tr").first
    expect(row.locator("td").first).to_contain_text("أفغانستان")
    # Required, pledged (not counted), committed, paid, coverage, gap: figures as typed.
    expect(row.locator("td").nth(2)).to_contain_text("1,000,000.00")
    expect(row.locator("td").nth(3)).to_contain_text("113,500.00")
    expect(row.locator("td").nth(4)).to_contain_text("50,000.00")
    expect(row.locator("td").nth(5)).to_contain_text("50,000.00")
    expect(row.locator("td").nth(6)).to_have_text("5%")
    expect(row.locator("td").nth(7)).to_contain_text("950,000.00")
    shot(page, "programme/coverage-ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    conference = DonorConference.objects.get()
    assert set(conference.co_hosts.values_list("acronym", flat=True)) == {"IOFS", "UNAMA"}
