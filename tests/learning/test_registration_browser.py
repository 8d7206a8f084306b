"""In Chromium: register for the demo's upcoming workshop on the public page in Arabic; the
organiser approves."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from sunbula.core.demo import load_core_demo, load_personas
from sunbula.core.models import Country, Organisation, Role
from sunbula.learning import forms
from sunbula.learning.demo import POLICY_TITLE, load_learning_demo
from sunbula.learning.models import Event, Registration
from sunbula.programmes.demo import load_programmes_demo
from tests.conftest import PASSWORD, make_persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_in_arabic_and_the_organiser_approves(
    page: Page, live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A person needs seconds to fill the form; the robot here does not, so lift the pace check.
    monkeypatch.setattr(forms, "MIN_FILL_SECONDS", 0)
    load_core_demo(lambda _line: None)
    load_personas()
    for load in (load_programmes_demo, load_learning_demo):
        load(lambda _line: None)
    workshop = Event.objects.get(title=POLICY_TITLE)
    organiser = make_persona(
        "organiser@example.org",
        Role.EVENT_ORGANISER,
        Organisation.objects.get(acronym="IOFS"),
        [],
    )
    egypt = Country.objects.get(iso3="EGY")
    hosts: list[str] = []
    page.on("request", lambda request: hosts.append(urlparse(request.url).netloc))

    page.goto(f"{live_server.url}/ar/learning/events/{workshop.pk}/register/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_contain_text("سياسات الأمن الغذائي")
    page.get_by_label("الاسم الكامل").fill("مريم حسن")
    page.get_by_label("البريد الإلكتروني").fill("mariam.hassan@example.org")
    page.get_by_label("البلد").select_option(str(egypt.pk))
    page.get_by_label("الوزارة أو المؤسسة").fill("وزارة الزراعة واستصلاح الأراضي")
    page.locator("#id_role").select_option("policy_developer")
    page.get_by_label("لغة الاستماع").select_option("ar")
    page.get_by_label("هل ستعرض تجربة بلدك؟").select_option("no")
    page.get_by_role("button", name="أرسل تسجيلي").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("تسجيلك")
    expect(page.locator("#status")).to_have_text("قيد الانتظار")
    status_url = page.url
    registration = Registration.objects.get(email="mariam.hassan@example.org")
    assert registration.language == "ar" and registration.country == egypt

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(organiser.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/ar/learning/events/{workshop.pk}/registrations/?status=pending")
    row = page.get_by_role("row").filter(has_text="مريم حسن")
    row.get_by_role("button", name="موافقة").click()
    expect(page.get_by_role("status")).to_have_text("تم الحفظ.")

    page.goto(status_url)
    with translation.override("ar"):
        approved = translation.gettext("Approved")
    assert approved != "Approved"
    expect(page.locator("#status")).to_have_text(approved)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.APPROVED
    assert set(hosts) == {urlparse(live_server.url).netloc}
