"""The home dashboard in a real browser, in Arabic: bars grow from the right, figures read."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sunbula.assistance import services
from sunbula.assistance.models import Entitlement
from sunbula.core.models import User
from tests.browser.guide import shot
from tests.conftest import PASSWORD, Field

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_arabic_home_dashboard_reads_right_to_left(
    page: Page,
    live_server: Any,
    officer_afg: User,
    field: Field,
) -> None:
    services.beneficiary_list_freeze(actor=None, cycle=field.cycle)
    services.entitlements_compute(actor=None, cycle=field.cycle)
    services.entitlements_approve(actor=None, cycle=field.cycle)
    services.distribution_record(
        actor=None,
        entitlement=Entitlement.objects.get(cycle=field.cycle),
        site=field.centre,
        quantity=Decimal(50),
        distributed_on=datetime.date(2023, 6, 2),
    )
    page.goto(f"{live_server.url}/ar/accounts/login/?next=/ar/")
    page.locator("#id_username").fill(officer_afg.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button.primary").click()

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    funnel = page.locator("table.chart").nth(1)
    expect(funnel.locator("caption")).to_have_text("البضائع، من الاستلام إلى التوزيع")
    received = funnel.locator("tbody tr").first
    # Two lots, 1,000 + 200 kg, grouped (or not) as the Arabic locale groups digits.
    expect(received.locator("td").first).to_have_text(re.compile(r"^1\D?200$"))
    distributed = funnel.locator("tbody tr").nth(3)
    expect(distributed.locator("td").first).to_have_text("50")
    # Right to left: the bar of the largest stage fills its cell, the others end at the right.
    cell = received.locator("td.meter").bounding_box()
    bar = distributed.locator("td.meter rect").bounding_box()
    assert cell is not None and bar is not None
    assert bar["width"] < cell["width"] / 2
    assert abs((bar["x"] + bar["width"]) - (cell["x"] + cell["width"])) < 12
    expect(page.locator("[data-reached=people]")).to_have_text("3")
    shot(page, "programme/home-ar")
