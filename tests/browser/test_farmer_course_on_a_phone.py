"""A farmer in Herat on a 360-pixel phone and a slow connection (400 kbit/s, 400 ms): the
wheat course in Dari, right to left; joining with phone and PIN, opening a lesson and
marking it finished; every page, with all it loads, within the farmer budget of 30 KB."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, CDPSession, Page, expect

from sunbula.learning.models import Enrolment
from tests.browser.guide import shot
from tests.conftest import World
from tests.learning.conftest import make_farm_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 30 * 1024
PHONE = {"width": 360, "height": 740}
# A poor mobile connection: 400 kbit/s each way, 400 ms before the first byte.
SLOW = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * 1000 / 8,
    "uploadThroughput": 400 * 1000 / 8,
}


class Meter:
    """Bytes that crossed the network (headers and compressed bodies), per page."""

    def __init__(self, session: CDPSession) -> None:
        self.total = 0
        session.on("Network.loadingFinished", self._finished)
        session.on("Network.requestWillBeSent", self._redirected)

    def _finished(self, event: dict[str, Any]) -> None:
        self.total += int(event["encodedDataLength"])

    def _redirected(self, event: dict[str, Any]) -> None:
        if "redirectResponse" in event:  # a redirect's answer never "finishes loading"
            self.total += int(event["redirectResponse"]["encodedDataLength"])

    def weigh(self, page: Page, step: Callable[[], Any]) -> int:
        """What `step` (a navigation or a form sent) costs, until the page it leads to has
        loaded and the network is quiet again."""
        self.total = 0
        with page.expect_navigation():
            step()
        page.wait_for_load_state("networkidle")
        return self.total


def test_a_farmer_follows_the_dari_course_on_a_slow_phone(
    browser: Browser, live_server: Any, world: World
) -> None:
    farm = make_farm_course(world)
    context = browser.new_context(
        locale="fa-AF", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=1
    )
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", SLOW)
    meter = Meter(session)
    base = f"{live_server.url}/en/learning/farm/fa-af/"
    weights: dict[str, int] = {}
    try:
        weights["courses"] = meter.weigh(page, lambda: page.goto(base))
        expect(page.locator("html")).to_have_attribute("lang", "fa-af")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        shot(page, "farmer/courses-fa-af")

        weights["course"] = meter.weigh(
            page, lambda: page.get_by_role("link", name="کشت گندم").click()
        )
        expect(page.get_by_role("heading", level=1)).to_have_text("کشت گندم")
        expect(page.locator("main")).to_contain_text("درس‌ها")  # "Lessons", from the Dari catalogue
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
        shot(page, "farmer/course-fa-af")

        join = page.locator("form").first
        join.locator("input[name=phone]").fill("0701234567")
        join.locator("select[name=district]").select_option(str(world.hirat.pk))
        join.locator("select[name=sex]").select_option("f")
        join.locator("input[name=pin]").fill("4812")
        weights["joined"] = meter.weigh(page, lambda: join.locator("button[type=submit]").click())
        expect(page.locator(".progress")).to_be_visible()
        shot(page, "farmer/joined-fa-af")

        weights["lesson"] = meter.weigh(
            page, lambda: page.get_by_role("link", name="درس 1").click()
        )
        expect(page.get_by_role("heading", level=1)).to_have_text("درس 1")
        expect(page.locator(".lesson")).to_contain_text("به قطار کشت کنید.")
        shot(page, "farmer/lesson-fa-af")
        weights["finished"] = meter.weigh(
            page, lambda: page.locator("main form button[type=submit]").click()
        )
        expect(page.locator("main li").first).to_contain_text("✓")
    finally:
        context.close()

    enrolment = Enrolment.objects.get(course=farm.course)
    assert enrolment.language == "fa-af"
    assert list(enrolment.lessons_done.all()) == [farm.lessons[0]]
    assert all(0 < weight <= BUDGET for weight in weights.values()), weights
