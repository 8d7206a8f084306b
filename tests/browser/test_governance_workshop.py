"""In Chromium, from reference data only: the organiser creates the governance workshop with
interpretation into Arabic, French and Russian and two sessions; a participant registers on
the public page; the organiser approves, marks attendance, sends the feedback survey; the
participant answers it on the public page in Arabic (right to left); the organiser issues
the certificate."""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import urlparse

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from sunbula.core.models import Role, User
from sunbula.learning import forms
from sunbula.learning.models import Certificate, Event, Registration, SurveyResponse
from tests.browser.guide import shot
from tests.conftest import PASSWORD, World, make_persona
from tests.second_factor import pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The workshop (on UTC, the form's time zone) began yesterday with its two sessions and runs
# until tomorrow: a participant registered the day before it began, attendance is recorded
# for sessions whose day has come and the certificate is issued once the last session has
# ended.
YESTERDAY = timezone.now().astimezone(datetime.UTC).date() - datetime.timedelta(days=1)
TOMORROW = YESTERDAY + datetime.timedelta(days=2)


def _sign_in(page: Page, base: str, user: User) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, user.email)


def _add_session(page: Page, title: str, starts: str, ends: str) -> None:
    page.get_by_role("link", name="Add a session").click()
    page.get_by_label("Title (English)").fill(title)
    page.get_by_label("Starts at").fill(starts)
    page.get_by_label("Ends at").fill(ends)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Session added.")


def test_governance_workshop_from_creation_to_certificate(
    page: Page,
    browser: Browser,
    live_server: Any,
    world: World,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(forms, "MIN_FILL_SECONDS", 0)
    settings.SUNBULA_BASE_URL = live_server.url
    base = live_server.url
    organiser = make_persona("organiser@example.org", Role.EVENT_ORGANISER, world.iofs, [])
    hosts: list[str] = []
    page.on("request", lambda request: hosts.append(urlparse(request.url).netloc))

    # The organiser creates the workshop.
    _sign_in(page, base, organiser)
    page.goto(f"{base}/en/learning/")
    page.get_by_role("link", name="New event").click()
    page.get_by_label("Title (English)").fill("Food security governance workshop")
    page.get_by_label("Title in Arabic").fill("ورشة حوكمة الأمن الغذائي")
    page.get_by_label("Kind").select_option("workshop")
    page.get_by_label("Modality").select_option("online")
    page.get_by_label("Online meeting link").fill("https://meet.example.org/governance")
    page.get_by_label("Starts on").fill(YESTERDAY.isoformat())
    page.get_by_label("Ends on").fill(TOMORROW.isoformat())
    for language in ("Arabic", "French", "Russian"):
        page.get_by_role("checkbox", name=language, exact=True).check()
    shot(page, "events/event-new")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Event created.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Food security governance workshop")
    event = Event.objects.get()
    assert event.interpretation_languages == ["ar", "fr", "ru"]
    day = YESTERDAY.isoformat()
    _add_session(page, "Country experiences", f"{day}T09:00", f"{day}T11:00")
    _add_session(page, "Discussion", f"{day}T13:00", f"{day}T14:00")
    assert event.sessions.count() == 2
    shot(page, "events/event")
    headcount = page.get_by_role("table").first
    for language in ("English", "Arabic", "French", "Russian"):
        expect(headcount).to_contain_text(language)

    # The day before the workshop began, a participant registered on the public page,
    # without an account (registration closes when the event starts).
    the_day_before = datetime.datetime.combine(
        YESTERDAY - datetime.timedelta(days=1), datetime.time(12), tzinfo=datetime.UTC
    )
    with time_machine.travel(the_day_before, tick=True):
        visitor = browser.new_context(locale="en-GB")
        public = visitor.new_page()
        public.goto(f"{base}/en/learning/events/{event.pk}/register/")
        public.get_by_label("Full name").fill("Amina Karimi")
        public.get_by_label("E-mail address").fill("amina@example.org")
        public.get_by_label("Country").select_option(str(world.afghanistan.pk))
        public.get_by_label("Ministry or institution").fill("Ministry of Agriculture")
        public.locator("#id_role").select_option("policy_developer")
        public.get_by_label("Language for e-mails and certificate").select_option("ar")
        public.get_by_label("Listening language").select_option("ar")
        shot(public, "events/register-public")
        public.get_by_role("button", name="Send my registration").click()
        expect(public.get_by_role("heading", level=1)).to_have_text("Your registration")
        shot(public, "events/registration-received")

    # The organiser approves and marks attendance at both sessions.
    page.goto(f"{base}/en/learning/events/{event.pk}/registrations/?status=pending")
    shot(page, "events/registrations-pending")
    page.get_by_role("row").filter(has_text="Amina Karimi").get_by_role(
        "button", name="Approve"
    ).click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    for session in event.sessions.all():
        page.goto(f"{base}/en/learning/sessions/{session.pk}/check-in/")
        page.get_by_role("row").filter(has_text="Amina Karimi").get_by_role(
            "button", name="Check in"
        ).click()
        expect(page.get_by_role("status")).to_contain_text("Amina Karimi")
        shot(page, "events/check-in")

    # The organiser writes the feedback survey and sends it to the attendees.
    page.goto(f"{base}/en/learning/events/{event.pk}/")
    page.get_by_role("link", name="New survey").click()
    expect(page.get_by_label("Title (English)")).to_have_value(
        "Feedback: Food security governance workshop"
    )
    page.get_by_label("Title in Arabic").fill("تقييم الورشة")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Survey created. Add its questions.")
    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Question (English)").fill("Was the workshop useful?")
    page.get_by_label("Question in Arabic").fill("هل كانت الورشة مفيدة؟")
    page.get_by_label("Kind").select_option("single")
    page.get_by_label("Options (English)").fill("Yes\nNo")
    page.get_by_label("Options in Arabic").fill("نعم\nلا")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Question added.")
    shot(page, "events/survey")
    page.get_by_role("link", name="Send the survey").click()
    expect(page.get_by_label("The event's attendees (each in their own language)")).to_be_checked()
    mail.outbox.clear()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#invited")).to_have_text("1")
    [invitation] = [message for message in mail.outbox if message.to == ["amina@example.org"]]
    link = re.search(r"(https?://\S+/s/[A-Za-z0-9_-]+/)", invitation.body)
    assert link is not None and link.group(1).startswith(f"{base}/ar/")

    # The participant answers in Arabic, right to left, once.
    public.goto(link.group(1))
    expect(public.locator("html")).to_have_attribute("dir", "rtl")
    expect(public.get_by_role("heading", level=1)).to_have_text("تقييم الورشة")
    public.get_by_role("radio", name="نعم").check()
    shot(public, "events/survey-answer-ar")
    public.get_by_role("button", name=re.compile(".+")).last.click()
    expect(public.locator("#thanks")).to_be_visible()
    public.goto(link.group(1))
    expect(public.locator("#done")).to_be_visible()
    assert SurveyResponse.objects.count() == 1

    # The organiser reads the result and issues the certificate.
    page.reload()
    expect(page.locator("#answered")).to_have_text("1")
    expect(page.get_by_role("row").filter(has_text="Yes")).to_contain_text("100")
    shot(page, "events/survey-results")
    page.goto(f"{base}/en/learning/events/{event.pk}/registrations/")
    page.get_by_role("row").filter(has_text="Amina Karimi").get_by_role(
        "button", name="Issue certificate"
    ).click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    shot(page, "events/certificate-issued")
    registration = Registration.objects.get(email="amina@example.org")
    assert Certificate.objects.get(registration=registration).sessions_attended == 2
    visitor.close()
    assert set(hosts) == {urlparse(base).netloc}
