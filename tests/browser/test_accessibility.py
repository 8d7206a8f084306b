"""Accessibility of the main pages, checked by axe-core in a real browser.

Every main page, staff and public, in English and Arabic, as the persona who sees it: the
dashboard, each domain's list, a record of each main kind, the main forms (also after they
come back with errors) and the public pages. axe-core (pinned in package.json, installed by
`make install`) is injected by the test only; the pages themselves load nothing of it. Each
page must have no serious or critical violation of WCAG 2 A/AA, no duplicate id and a label
for every field.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page

from sunbula.core.models import User
from sunbula.funding import services as funding_services
from sunbula.funding.models import Pledge
from sunbula.learning import services as learning_services
from sunbula.partners import services as partner_services
from sunbula.policy import services as policy_services
from sunbula.registry.models import Household
from sunbula.supply import services as supply_services
from sunbula.supply.models import Lot
from tests.conftest import ARTIFACTS, Field, World, client_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ("en", "ar")
SERIOUS = ("serious", "critical")

# Run inside the page after axe is injected: the serious and critical WCAG 2 A/AA
# violations, the ids used more than once, and the fields no label names.
CHECK = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
    resultTypes: ['violations'],
  });
  const violations = result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '')
                  .replace(/\\s+/g, ' ').slice(0, 160))}));
  const seen = {};
  for (const element of document.querySelectorAll('[id]')) {
    seen[element.id] = (seen[element.id] || 0) + 1;
  }
  const duplicates = Object.keys(seen).filter(id => seen[id] > 1);
  const unlabelled = [];
  for (const input of document.querySelectorAll('input, select, textarea')) {
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(input.type)) continue;
    const named = (input.labels && input.labels.length) || input.getAttribute('aria-label')
      || input.getAttribute('aria-labelledby') || input.getAttribute('title');
    if (!named) unlabelled.push(input.name || input.id || input.outerHTML.slice(0, 80));
  }
  return {violations, duplicates, unlabelled};
}"""


@dataclass
class Report:
    """What axe and the two checks found, page by page; written to test-artifacts/ too."""

    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def check(self, page: Page, label: str) -> None:
        page.wait_for_load_state("load")
        found = page.evaluate(CHECK)
        problems = [
            f"{label}: {violation['impact']} {violation['id']} at {target}"
            for violation in found["violations"]
            for target in violation["targets"]
        ]
        problems += [f"{label}: duplicate id {name!r}" for name in found["duplicates"]]
        problems += [f"{label}: field without a label {name!r}" for name in found["unlabelled"]]
        self.lines.append(
            f"{label}: {len(found['violations'])} serious or critical, "
            f"{len(found['duplicates'])} duplicate ids, {len(found['unlabelled'])} unlabelled"
        )
        self.problems += problems

    def write(self) -> str:
        text = "\n".join(
            [
                f"axe-core {_axe_version()}, WCAG 2.0/2.1 A and AA: {len(self.lines)} pages, "
                f"{len(self.problems)} problems",
                *self.lines,
                *self.problems,
            ]
        )
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "axe-report.txt").write_text(text + "\n")
        return text


def _axe_version() -> str:
    package = json.loads((AXE.parent / "package.json").read_text())
    return str(package["version"])


@pytest.fixture
def report() -> Report:
    assert AXE.exists(), f"{AXE} is missing: `make install` runs `npm ci`"
    return Report()


def _context(
    browser: Browser, base: str, language: str, user: User | None, *, axe: bool = True
) -> BrowserContext:
    """A browser for one persona and language: signed in (past the second factor) by the
    session a test client opens; for axe, which every page it opens then loads first."""
    context = browser.new_context(locale="ar" if language == "ar" else "en-GB")
    if axe:
        context.add_init_script(path=AXE)
    if user is not None:
        client = client_for(user)
        context.add_cookies(
            [
                {"name": name, "value": morsel.value, "url": base}
                for name, morsel in client.cookies.items()
            ]
        )
    return context


def _submit_empty(page: Page) -> None:
    """Send the page's main form as it stands, the browser's own checks set aside, so the
    server answers with its error messages."""
    form = page.locator("main form[method=post]").last
    form.evaluate("form => { form.noValidate = true; }")
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").last.click()
    assert page.locator(".errorlist, [aria-invalid=true]").count() > 0, page.url


@dataclass
class Records:
    pledge: int
    conference: int
    waybill: int
    lot: int
    agreement: int
    partner: int
    profile: int
    event: int
    course: int


def _records(world: World, admin: User, field: Field, scene: Any) -> Records:
    _entitlements, sites, pledge = scene
    conference = funding_services.conference_create(
        actor=None,
        title="Donor Conference for Afghanistan",
        title_translations={"ar": "مؤتمر المانحين لأفغانستان"},
        country=world.afghanistan,
        starts_on=datetime.date(2023, 3, 1),
        ends_on=datetime.date(2023, 3, 1),
        modality="hybrid",
        announcements_published=True,
    )
    lot = Lot.objects.filter(balances__site=sites[1]).order_by("pk").first()
    assert lot is not None
    waybill = supply_services.waybill_create(
        actor=None,
        origin=sites[1],
        destination=sites[0],
        lines=[supply_services.LineInput(lot=lot, quantity=Decimal(10))],
        vehicle="KBL 4411",
    )
    agreement = partner_services.agreement_create(
        actor=admin, kind="mou", title="Cooperation with UNAMA", country=world.afghanistan
    )
    partner = partner_services.partner_create(
        actor=admin, organisation=world.kazakhstan_government, roles=["donor"]
    )
    profile = policy_services.profile_create(actor=None, country=world.afghanistan)
    today = timezone.localdate()
    event = learning_services.event_create(
        actor=None,
        title="Seed multiplication training",
        title_translations={"ar": "تدريب على إكثار البذور"},
        kind="training",
        modality="online",
        meeting_link="https://meet.example.org/seeds",
        time_zone="UTC",
        starts_on=today + datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=21),
    )
    course = learning_services.course_create(
        actor=None,
        title="Growing wheat",
        title_translations={"fa-af": "کشت گندم", "ps": "د غنمو کرنه"},
        summary="Short lessons.",
        country=world.afghanistan,
        languages=["fa-af", "ps", "en"],
    )
    learning_services.lesson_add(
        actor=None, course=course, position=1, title="Sowing", body="Sow in rows."
    )
    return Records(
        pledge=pledge,
        conference=conference.pk,
        waybill=waybill.pk,
        lot=lot.pk,
        agreement=agreement.pk,
        partner=partner.pk,
        profile=profile.pk,
        event=event.pk,
        course=course.pk,
    )


@pytest.mark.markup
def test_main_pages_have_no_serious_accessibility_violation(
    browser: Browser,
    live_server: Any,
    world: World,
    admin: User,
    officer_afg: User,
    protection_officer: User,
    field: Field,
    scene: Any,
    report: Report,
) -> None:
    base = live_server.url
    records = _records(world, admin, field, scene)
    project = field.projects.flour
    staff_pages = [
        "",
        "organisations/",
        f"organisations/{world.iofs.pk}/",
        "sites/",
        f"sites/{field.centre.pk}/",
        "member-states/",
        "member-states/AFG/",
        "audit/",
        "exchange-rates/",
        "search/?q=Herat",
        "users/",
        f"users/{admin.pk}/",
        "partners/",
        f"partners/{records.partner}/",
        "partners/agreements/",
        f"partners/agreements/{records.agreement}/",
        "partners/engagements/",
        "programmes/",
        f"programmes/{project.programme_id}/",
        "programmes/projects/",
        f"programmes/projects/{project.pk}/",
        f"programmes/projects/{project.pk}/results/",
        "funding/",
        "funding/conferences/",
        f"funding/conferences/{records.conference}/",
        "funding/pledges/",
        f"funding/pledges/{records.pledge}/",
        "funding/appeals/",
        "supply/",
        "supply/balances/",
        "supply/waybills/",
        f"supply/waybills/{records.waybill}/",
        f"supply/lots/{records.lot}/",
        "supply/losses/",
        "supply/commodities/",
        "supply/sites/",
        "supply/purchases/",
        "supply/contributions/",
        "assistance/",
        f"assistance/cycles/{field.cycle.pk}/",
        f"assistance/cycles/{field.cycle.pk}/distributions/",
        f"assistance/trace/pledges/{records.pledge}/",
        "allocation/",
        "learning/",
        f"learning/events/{records.event}/",
        "learning/courses/",
        "learning/surveys/",
        "policy/",
        "policy/indicators/",
        "policy/map/",
        f"policy/{records.profile}/",
        "monitoring/",
        "monitoring/prices/",
        "reports/",
        "reports/dashboards/",
        f"reports/dashboards/projects/{project.pk}/",
        "reports/dashboards/countries/AFG/",
        "forecasting/",
        "field-forms/",
    ]
    staff_forms = [
        "organisations/new/",
        "users/invite/",
        "sites/new/",
        "partners/agreements/new/",
        "programmes/projects/new/",
        "funding/pledges/new/",
        "funding/conferences/new/",
        "supply/waybills/new/",
        "assistance/cycles/new/",
        "learning/events/new/",
    ]
    registry_pages = [
        "registry/households/",
        f"registry/households/{field.household.pk}/",
        "registry/people/",
        f"registry/people/{field.mother.pk}/",
        "registry/institutions/",
        "registry/duplicates/",
        f"registry/institutions/{field.institution.pk}/",
    ]
    registry_forms = ["registry/households/new/", "registry/people/new/"]
    public_pages = [
        "",
        "accounts/login/",
        "accounts/reset/",
        "learning/verify/",
        f"learning/events/{records.event}/register/",
        f"funding/conferences/{records.conference}/announcements/",
        "learning/farm/en/",
        f"learning/farm/en/courses/{records.course}/",
        "learning/farm/fa-af/",
    ]
    public_forms = ["accounts/login/", f"learning/events/{records.event}/register/"]
    visits: list[tuple[User | None, list[str], list[str]]] = [
        (None, public_pages, public_forms),
        (officer_afg, ["", f"assistance/cycles/{field.cycle.pk}/"], []),
        (admin, staff_pages, staff_forms),
        (protection_officer, registry_pages, registry_forms),
    ]
    for user, pages, forms in visits:
        who = user.email if user else "the public"
        for language in LANGUAGES:
            context = _context(browser, base, language, user)
            page = context.new_page()
            try:
                for path in pages:
                    url = f"{base}/{language}/{path}"
                    response = page.goto(url)
                    if response is None or not response.ok:
                        report.problems.append(f"{who} {language} /{path}: {response}")
                        continue
                    report.check(page, f"{who} {language} /{path}")
                for path in forms:
                    page.goto(f"{base}/{language}/{path}")
                    _submit_empty(page)
                    report.check(page, f"{who} {language} /{path} (with errors)")
            finally:
                context.close()
    report.write()
    assert not report.problems, (
        f"{len(report.problems)} problems on {len(report.lines)} pages:\n"
        + ("\n".join(report.problems))
    )


# The element that has the keyboard focus: what it is, whether its focus shows, and whether it
# is the submit button of the page's main form.
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const forms = document.querySelectorAll('main form[method=post]');
  const main = forms[forms.length - 1];
  return {
    tag: element.tagName.toLowerCase(), name: element.name || '', type: element.type || '',
    visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    mine: !!element.form && element.form === main,
    submit: element.type === 'submit' && element.form === main,
  };
}"""


SETTLED = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def _fill_by_keyboard(page: Page, values: dict[str, str | int]) -> None:
    """Tab through the page from its top (or from the field that has the focus), typing each
    field's value as it gets the focus (a choice by its first letters or so many places down
    the list with the arrow key, a box ticked with Space), every focus visible, and send the
    form with Enter from its submit button."""
    remaining = dict(values)
    passed: list[str] = []
    for step in range(200):
        # A field checked in place is swapped when the server answers (a choice as it
        # changes, a box as it is left): a person waits for the answer before going on.
        page.wait_for_function(SETTLED)
        if step or page.evaluate("() => document.activeElement === document.body"):
            page.keyboard.press("Tab")
            page.wait_for_function(SETTLED)
        focused = page.evaluate(FOCUSED)
        passed.append(f"{focused['tag']}:{focused['name']}")
        assert focused["visible"], f"the focus does not show on {focused}"
        key = f"{focused['name']}={focused['type']}" if focused["type"] == "checkbox" else ""
        if not focused["mine"]:
            continue
        if key in remaining:
            page.keyboard.press("Space")
            del remaining[key]
        elif focused["name"] in remaining:
            value = remaining.pop(focused["name"])
            if isinstance(value, int):  # a choice, so many places down the list
                for _press in range(value):
                    page.keyboard.press("ArrowDown")
            else:
                page.keyboard.type(value)
        elif focused["submit"]:
            assert not remaining, f"never reached: {sorted(remaining)} ({passed})"
            # Saving a household matches it against the registry: slow on a loaded machine.
            with page.expect_navigation(timeout=90_000):
                page.keyboard.press("Enter")
            errors = page.locator(".errorlist, .errors, .error, [role=alert]").all_inner_texts()
            assert not errors, f"{errors} ({passed})"
            return
    pytest.fail(f"the submit button was never reached; left: {sorted(remaining)}")


def test_a_pledge_and_a_household_recorded_with_the_keyboard_alone(
    browser: Browser,
    live_server: Any,
    world: World,
    admin: User,
    protection_officer: User,
    projects: Any,
) -> None:
    base = live_server.url
    context = _context(browser, base, "en", admin, axe=False)
    page = context.new_page()
    page.goto(f"{base}/en/funding/pledges/new/")
    # The form puts the focus on its first field; Shift+Tab leaves it and Tab comes back.
    assert page.evaluate(FOCUSED)["name"] == "donor"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED)["name"] != "donor"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["name"] == "donor"
    _fill_by_keyboard(
        page,
        {
            "donor": "Government",
            "pledged_on": "03032023",
            "amount": "25000",
            "currency": "USD",
            "country": "Afghanistan",
            "contribution_type": "Financial",
            "budget_year": "2023",
        },
    )
    pledge = Pledge.objects.get(amount=Decimal(25000))
    assert pledge.donor == world.kazakhstan_government
    assert pledge.pledged_on == datetime.date(2023, 3, 3)
    assert page.url.endswith(f"/en/funding/pledges/{pledge.pk}/")
    context.close()

    context = _context(browser, base, "ar", protection_officer, axe=False)
    page = context.new_page()
    page.goto(f"{base}/ar/registry/households/new/")
    _fill_by_keyboard(
        page,
        {
            "country": 1,
            "reference": "HH-KEYS",
            "admin_area": 2,
            "displacement_status": 2,
            "vulnerabilities=checkbox": "",
        },
    )
    household = Household.objects.get(reference="HH-KEYS")
    assert household.admin_area == world.hirat
    assert household.displacement_status == "returnee"
    assert len(household.vulnerabilities) == 1
    assert f"/ar/registry/households/{household.pk}/" in page.url
    context.close()


def test_an_in_place_check_keeps_the_focus_the_typing_and_the_buttons(
    browser: Browser, live_server: Any, admin: User
) -> None:
    """The server's answer to a field's change lands while the person is already elsewhere:
    on the submit button (about to click or press Enter) or typing the next field. The
    answer shows the problems and replaces none of the controls."""
    base = live_server.url
    context = _context(browser, base, "en", admin, axe=False)
    page = context.new_page()
    page.goto(f"{base}/en/registry/households/new/")
    page.evaluate(
        "() => { window.controls = [...document.querySelectorAll("
        "'main form input, main form select, main form button')]; }"
    )
    page.get_by_label("Reference").fill("HH-HALF")
    page.get_by_role("button", name="Save").focus()
    with page.expect_response(lambda response: "validate=1" in response.url):
        page.get_by_label("Reference").dispatch_event("change")
    page.wait_for_function(SETTLED)
    # The answer arrived: the empty country is a problem, and nothing the person holds moved.
    assert page.locator("main form .error").count() >= 1
    assert page.evaluate("() => window.controls.every(control => document.contains(control))")
    assert page.evaluate("() => document.activeElement.type") == "submit"
    assert page.get_by_label("Reference").input_value() == "HH-HALF"
    context.close()
