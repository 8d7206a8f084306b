"""Every page and download with people's names, numbers or answers is `no-store`: listed
here one by one, on the demo, for an administrator with protection clearance."""

from __future__ import annotations

import pytest

from sunbula.assistance.models import Cycle, Distribution
from sunbula.core import services
from sunbula.core.models import User
from sunbula.fieldforms.models import Submission
from sunbula.learning.models import EventSession, Registration, Survey
from sunbula.registry.models import Household, Person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _pages() -> list[str]:
    person = Person.objects.filter(status="active").order_by("pk").first()
    household = Household.objects.filter(members__isnull=False).order_by("pk").first()
    cycle = Cycle.objects.filter(entitlements__isnull=False).order_by("pk").first()
    distribution = Distribution.objects.order_by("pk").first()
    registration = Registration.objects.order_by("pk").first()
    session = EventSession.objects.order_by("pk").first()
    survey = Survey.objects.order_by("pk").first()
    submission = Submission.objects.order_by("pk").first()
    assert person and household and cycle and distribution and registration and session
    # The demo may hold no survey or field form submission; the pages are listed when it does.
    optional = [f"/en/field-forms/submissions/{submission.pk}/"] if submission else []
    if survey:
        optional += [
            f"/en/learning/surveys/{survey.pk}/",
            f"/en/learning/surveys/{survey.pk}/?format=csv",
        ]
    return [
        *optional,
        "/en/registry/people/",
        "/en/registry/people/?format=csv",
        f"/en/registry/people/{person.pk}/",
        f"/en/registry/people/{person.pk}/edit/",
        f"/en/registry/households/{household.pk}/",
        "/en/registry/duplicates/",
        "/api/v1/registry/people/",
        f"/api/v1/registry/people/{person.pk}/",
        f"/en/assistance/cycles/{cycle.pk}/entitlements/",
        f"/en/assistance/cycles/{cycle.pk}/entitlements/?format=csv",
        f"/en/assistance/cycles/{cycle.pk}/distributions/",
        f"/en/assistance/distributions/{distribution.pk}/",
        f"/en/learning/events/{registration.event_id}/registrations/",
        f"/en/learning/events/{registration.event_id}/registrations/?format=csv",
        f"/en/learning/sessions/{session.pk}/check-in/",
        f"/en/learning/sessions/{session.pk}/attendance/",
        "/en/field-forms/",
    ]


def test_pages_and_downloads_with_personal_data_are_never_stored(director: User) -> None:
    services.protection_clearance_grant(actor=None, user=director, reason="Checking caches")
    client = client_for(director)
    answers = {}
    for url in _pages():
        response = client.get(url)
        answers[url] = (response.status_code, "no-store" in response.get("Cache-Control", ""))
    assert {url: answer for url, answer in answers.items() if answer != (200, True)} == {}
    export = client.post("/en/registry/people/export/", {"reason": "Verification visit"})
    assert "no-store" in export["Cache-Control"]
    # Pages without personal data stay cacheable by the browser.
    assert "no-store" not in client.get("/en/registry/households/").get("Cache-Control", "")
