"""The distribution point hands over part of an entitlement in a real browser: without a
connection, 20 of a household's 50 kg and then the other 30, each recorded on the server
when the connection returns; more than is left is refused next to the quantity and nothing
is queued; the quantities are written in the page's language and digits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from sunbula.assistance.models import Distribution, Entitlement
from sunbula.core.models import User
from tests.conftest import PASSWORD, Field, around_today, ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _point_for_today(field: Field) -> Entitlement:
    """The fixture's cycle, moved around today (a point hands over today), ready to serve."""
    around_today(field.cycle)
    return ready(field.cycle)


def _open_point(page: Page, live_server: Any, officer: User, field: Field, lang: str) -> None:
    point = f"/{lang}/assistance/point/{field.cycle.pk}/{field.centre.pk}/"
    page.goto(f"{live_server.url}/{lang}/accounts/login/?next={point}")
    page.locator("#id_username").fill(officer.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button.primary").click()
    page.wait_for_url(f"{live_server.url}{point}")
    expect(page.locator("#point")).to_have_attribute("data-ready", "1")


def _household(page: Page, reference: str) -> Locator:
    page.locator("#q").fill(reference)
    page.locator("#q").press("Enter")
    return page.locator(f'#results li[data-reference="{reference}"]')


def test_twenty_then_thirty_of_fifty_kg_offline_are_both_recorded(
    page: Page, live_server: Any, officer_afg: User, field: Field
) -> None:
    entitlement = _point_for_today(field)
    _open_point(page, live_server, officer_afg, field, "en")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)

    household = _household(page, "HH-1")
    expect(household).to_contain_text("50 kg left")
    quantity = household.get_by_label("Quantity to hand over")
    expect(quantity).to_have_value("50")

    quantity.fill("60")
    household.get_by_role("button", name="Record hand-over").click()
    expect(household.locator(".why")).to_have_text("At most 50 kg can be handed over.")
    expect(page.locator("#pending")).to_have_text("0 not yet sent")

    quantity.fill("20")
    household.get_by_role("button", name="Record hand-over").click()
    expect(page.locator("#pending")).to_have_text("1 not yet sent")
    expect(household).to_contain_text("30 kg left")
    expect(household.locator(".queued")).to_have_text("20 kg recorded on this phone")
    expect(quantity).to_have_value("30")
    expect(quantity).to_have_attribute("max", "30")

    household.get_by_role("button", name="Record hand-over").click()
    expect(page.locator("#pending")).to_have_text("2 not yet sent")
    expect(household.locator(".state")).to_contain_text("Already recorded on this phone")
    expect(household.get_by_role("button", name="Record hand-over")).to_have_count(0)
    assert not Distribution.objects.exists()

    page.context.set_offline(False)
    expect(page.locator("#pending")).to_have_text("0 not yet sent", timeout=30000)
    expect(page.locator('#queue li[data-state="sent"]')).to_have_count(2)
    recorded = Distribution.objects.filter(entitlement=entitlement, client_id__isnull=False)
    assert sorted(recorded.values_list("quantity", flat=True)) == [Decimal(20), Decimal(30)]
    entitlement.refresh_from_db()
    assert entitlement.status == Entitlement.Status.DISTRIBUTED

    # Sent, and the list made since counts them: the line reads as served, once.
    page.reload()
    expect(page.locator("#point")).to_have_attribute("data-ready", "1")
    household = _household(page, "HH-1")
    expect(household.locator(".state")).to_have_text("Wheat flour: 0 kg · Already served")


def test_a_part_leaves_the_rest_open_once_it_is_sent(
    page: Page, live_server: Any, officer_afg: User, field: Field
) -> None:
    entitlement = _point_for_today(field)
    _open_point(page, live_server, officer_afg, field, "en")
    household = _household(page, "HH-1")
    household.get_by_label("Quantity to hand over").fill("12.5")
    household.get_by_role("button", name="Record hand-over").click()
    expect(page.locator('#queue li[data-state="sent"]')).to_have_count(1)
    entitlement.refresh_from_db()
    assert entitlement.status == Entitlement.Status.PARTLY

    # After a reload the list already counts the part: it is not taken off twice.
    page.reload()
    expect(page.locator("#point")).to_have_attribute("data-ready", "1")
    household = _household(page, "HH-1")
    expect(household).to_contain_text("37.5 kg left")
    expect(household.get_by_label("Quantity to hand over")).to_have_value("37.5")


def test_quantities_are_written_in_the_pages_digits(
    page: Page, live_server: Any, officer_afg: User, field: Field, settings: Any
) -> None:
    settings.FIGURE_DIGITS = {"ar": "arab"}
    _point_for_today(field)
    _open_point(page, live_server, officer_afg, field, "ar")
    household = _household(page, "HH-1")
    household.locator("input").fill("")
    household.locator("button").click()
    expect(household.locator(".why")).to_have_text("أدخل كمية أكبر من الصفر.")
    household.locator("input").fill("70")
    household.locator("button").click()
    expect(household.locator(".why")).to_have_text("يمكن تسليم ٥٠ kg على الأكثر.")
    expect(household).to_contain_text("المتبقي: ٥٠ kg")
    expect(page.locator("#pending")).to_have_attribute("data-count", "0")
