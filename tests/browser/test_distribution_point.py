"""The distribution point in a real browser: twenty hand-overs recorded without a connection
(one found by name across scripts, one by identity number, one by scanning a card's QR code
from a picture, one to a household served meanwhile at the desk), kept across a reload,
sent when the connection returns, each recorded once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import segno
from django.contrib.staticfiles import finders
from django.utils import timezone
from playwright.sync_api import Page, expect

from sunbula.assistance import services
from sunbula.assistance.models import Beneficiary, Distribution, Entitlement
from sunbula.assistance.offline import card_payload
from sunbula.core.models import User
from sunbula.registry import services as registry_services
from sunbula.registry.names import skeleton
from tests.browser.guide import shot
from tests.conftest import PASSWORD, Field, World, around_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _households(field: Field, world: World) -> None:
    """Nineteen more households of Herat, each with its head; HH-5's head is written in
    Arabic script and HH-3's carries a tazkira number."""
    for number in range(2, 21):
        household = registry_services.household_create(
            actor=None,
            country=world.afghanistan,
            reference=f"HH-{number}",
            admin_area=world.hirat,
            displacement_status="idp",
        )
        given, family, id_number = f"Head{number}", "Karimi", ""
        if number == 5:
            given, family = "محمد", "رحیمی"
        if number == 3:
            id_number = "TZ-1234-567"
        registry_services.person_register(
            actor=None,
            country=world.afghanistan,
            given_name=given,
            family_name=family,
            sex="M",
            birth_date="1980",
            household=household,
            relation_to_head="head",
            id_document_type="tazkira" if id_number else "",
            id_number=id_number,
        )
    # The point hands over today: a cycle of thirty days, as the fixture's June, around today.
    around_today(field.cycle)
    services.beneficiary_list_freeze(actor=None, cycle=field.cycle)
    services.entitlements_compute(actor=None, cycle=field.cycle)
    services.entitlements_approve(actor=None, cycle=field.cycle)


def _find_and_record(page: Page, query: str, reference: str) -> None:
    page.locator("#q").fill(query)
    page.locator("#q").press("Enter")
    _record(page, reference)


def _record(page: Page, reference: str) -> None:
    result = page.locator(f'#results li[data-reference="{reference}"]')
    result.locator("button").click()
    expect(result.locator(".state")).to_have_count(1)


def test_twenty_hand_overs_recorded_offline_are_sent_once(
    page: Page,
    live_server: Any,
    officer_afg: User,
    field: Field,
    world: World,
    tmp_path: Path,
) -> None:
    _households(field, world)
    point = f"{live_server.url}/en/assistance/point/{field.cycle.pk}/{field.centre.pk}/"
    page.goto(f"{live_server.url}/en/accounts/login/?next={point.removeprefix(live_server.url)}")
    page.locator("#id_username").fill(officer_afg.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button.primary").click()
    page.wait_for_url(point)
    expect(page.locator("#point")).to_have_attribute("data-ready", "1")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    expect(page.locator("#pending")).to_have_text("0 not yet sent")

    page.context.set_offline(True)
    assert page.evaluate("fetch('/healthz').then(() => 'reached', () => 'unreachable')") == (
        "unreachable"
    )
    # Meanwhile the desk serves HH-20, which the phone cannot know.
    services.distribution_record(
        actor=None,
        entitlement=Entitlement.objects.get(beneficiary__reference="HH-20"),
        site=field.centre,
        quantity=Decimal(50),
        distributed_on=timezone.localdate(),
    )

    _find_and_record(page, "Muhammad Rahimi", "HH-5")  # محمد رحیمی, by the name's skeleton
    _find_and_record(page, "tz 1234567", "HH-3")  # by identity number
    card = tmp_path / "card.png"
    segno.make_qr(
        card_payload(Beneficiary.objects.get(cycle=field.cycle, reference="HH-7")), error="m"
    ).save(str(card), scale=8, border=4)
    page.locator("#scan-file").set_input_files(str(card))
    expect(page.locator("#q")).to_have_value("SUNBULA:HH-7")
    _record(page, "HH-7")
    for number in (1, 2, 4, 6, *range(8, 21)):
        _find_and_record(page, f"HH-{number}", f"HH-{number}")
    expect(page.locator("#pending")).to_have_text("20 not yet sent")
    shot(page, "programme/distribution-point-offline")

    page.reload()
    expect(page.locator("#point")).to_have_attribute("data-ready", "1")
    expect(page.locator("#pending")).to_have_text("20 not yet sent")
    expect(page.locator('#queue li[data-state="pending"]')).to_have_count(20)
    assert Distribution.objects.filter(client_id__isnull=False).count() == 0

    page.context.set_offline(False)
    expect(page.locator("#pending")).to_have_text("0 not yet sent", timeout=30000)
    expect(page.locator('#queue li[data-state="sent"]')).to_have_count(19)
    refused = page.locator('#queue li[data-state="refused"]')
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("HH-20")
    expect(refused.locator(".why")).to_contain_text("has already received")
    recorded = Distribution.objects.filter(client_id__isnull=False)
    assert recorded.count() == 19
    assert set(recorded.values_list("beneficiary__reference", flat=True)) == {
        f"HH-{number}" for number in range(1, 20)
    }

    # The whole queue sent again: every recorded hand-over is answered as recorded before.
    statuses = page.evaluate(
        """() => new Promise((done) => {
          const open = indexedDB.open("sunbula-point", 1);
          open.onsuccess = () => {
            const all = open.result.transaction("queue").objectStore("queue").getAll();
            all.onsuccess = () => Promise.all(all.result.map((entry) => fetch(
              document.getElementById("point").dataset.sync, {
                method: "POST",
                headers: {"Content-Type": "application/json",
                          "X-CSRFToken": document.querySelector("[name=csrfmiddlewaretoken]").value},
                body: JSON.stringify({client_id: entry.client_id, entitlement: entry.entitlement,
                  site: entry.site, quantity: entry.quantity,
                  distributed_on: entry.distributed_on}),
              }).then((response) => response.status))).then(done);
          };
        })"""
    )
    assert sorted(statuses) == [200] * 19 + [409]
    assert Distribution.objects.count() == 20  # the 19 and the desk's


NAMES = (
    "Mohammad", "Muhammad", "Mohd", "MOHAMED", "محمد", "مُحَمَّد", "Fatimah", "فاطمة",
    "Abdul-Rahman", "Abdul Rahman", "عبد الرحمن", "Khadija", "خدیجه", "Ghulam Sakhi",
    "غلام سخی", "Shir Agha", "شیر آغا", "Zhwandai", "ژوندی", "Çağrı", "Chenar", "Qasim",
    "قاسم", "ښکلې", "Ahmadzai", "احمدزی", "Thabit", "ثابت", "Mohammad Nabi", "Noor-ul-Haq",
    "Philip", "Rooh", "Deeba", "  ", "Мухаммад", "Mukhammad", "Джамшед", "Dzhamshed",
    "Şöhrat", "Ýusup", "Гульнара", "Хуршид", "Xurshid", "Қайрат", "Жанар", "Çary", "Gül'nara",
)  # fmt: skip


def test_the_page_makes_the_name_skeletons_the_registry_makes(page: Page) -> None:
    page.set_content("<!doctype html><title>names</title>")
    page.add_script_tag(path=finders.find("assistance/point/point.js"))
    made = page.evaluate("(names) => names.map(window.SunbulaNames.skeleton)", list(NAMES))
    assert made == [skeleton(name) for name in NAMES]
