"""A delegation's focal point nominates officials from the event page and the API; the
organiser reminds approved participants with a button, and the schedule reminds them two
days before the event starts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail

from sunbula.core.models import AuditEntry, Role, ScheduleRun, User
from sunbula.core.schedules import run_due
from sunbula.learning import services
from sunbula.learning.models import Delegation, Registration
from tests.conftest import World, client_for, make_persona
from tests.learning.conftest import DAY, NOMINATION, Workshop, approved

pytestmark = pytest.mark.django_db
JSON = "application/json"
FORM = NOMINATION


@pytest.fixture
def delegation(workshop: Workshop, world: World, focal: User) -> Delegation:
    return services.delegation_create(
        actor=None, event=workshop.event, country=world.kazakhstan, focal_point=focal, quota=1
    )


def test_the_focal_point_nominates_from_the_event_page(
    workshop: Workshop, delegation: Delegation, focal: User
) -> None:
    client = client_for(focal)
    url = f"/en/learning/delegations/{delegation.pk}/nominate/"
    assert url in client.get(workshop.event.get_absolute_url()).content.decode()
    entries = AuditEntry.objects.count()
    checked = client.post(f"{url}?validate=1", {**FORM, "email": "nope"})
    assert checked.status_code == 200 and AuditEntry.objects.count() == entries
    assert client.post(url, FORM).status_code == 302
    nominee = Registration.objects.get(delegation=delegation)
    assert nominee.status == Registration.Status.APPROVED and nominee.country_id == (
        delegation.country_id
    )
    over = client.post(url, {**FORM, "email": "second@example.org"})
    assert over.status_code == 422 and "quota" in over.content.decode()


def test_nominations_through_the_api_only_by_the_focal_point(
    workshop: Workshop, delegation: Delegation, focal: User, officer_afg: User, world: World
) -> None:
    api = f"/api/v1/learning/delegations/{delegation.pk}/nominate/"
    bad = client_for(focal).post(api, {**FORM, "role": "?"}, content_type=JSON)
    assert bad.status_code == 400 and "role" in bad.json()
    assert client_for(officer_afg).post(api, FORM, content_type=JSON).status_code == 403
    other = make_persona(
        "focal.afg@example.org", Role.COUNTRY_FOCAL_POINT, world.iofs, [world.afghanistan]
    )
    assert client_for(other).post(api, FORM, content_type=JSON).status_code == 403
    made = client_for(focal).post(api, FORM, content_type=JSON)
    assert made.status_code == 201, made.json()
    assert made.json()["status"] == "approved"


def test_a_delegation_of_an_unseen_event_is_missing(
    world: World, focal: User, officer_afg: User
) -> None:
    from tests.learning.conftest import make_event

    hidden = make_event(country=world.afghanistan)
    delegation = services.delegation_create(
        actor=None, event=hidden, country=world.kazakhstan, focal_point=focal, quota=3
    )
    client = client_for(focal)
    assert client.get(f"/en/learning/delegations/{delegation.pk}/nominate/").status_code == 404
    outside = client.post(
        f"/api/v1/learning/delegations/{delegation.pk}/nominate/", FORM, content_type=JSON
    )
    missing = client.post("/api/v1/learning/delegations/987654/nominate/", FORM, content_type=JSON)
    assert outside.status_code == missing.status_code == 404
    assert not Registration.objects.exists()


def test_the_organiser_reminds_approved_participants(
    workshop: Workshop,
    world: World,
    organiser: User,
    officer_kaz: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    approved(workshop.event, world.afghanistan, "Amina One")
    client = client_for(organiser)
    url = f"/en/learning/events/{workshop.event.pk}/remind/"
    api = f"/api/v1/learning/events/{workshop.event.pk}/remind/"
    page = workshop.event.get_absolute_url()
    with time_machine.travel(datetime.datetime(2021, 12, 20, 9, tzinfo=datetime.UTC)):
        assert url in client.get(page).content.decode()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url).status_code == 302
        assert [message.to for message in mail.outbox] == [["amina@example.org"]]
        with django_capture_on_commit_callbacks(execute=True):
            made = client.post(api)
        assert made.status_code == 200 and made.json() == {"reminded": 1}
        assert client_for(officer_kaz).post(url).status_code == 403

    # Once the event has taken place, no one is reminded of it, nor is it cancelled.
    mail.outbox.clear()
    shown = client.get(page).content.decode()
    for step in ("remind", "cancel", "close-registration"):
        assert f"/en/learning/events/{workshop.event.pk}/{step}/" not in shown, step
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(url)
        assert client.post(api).status_code == 409
    assert refused.status_code == 409 and "The event has taken place." in refused.text
    assert client.get(f"/en/learning/events/{workshop.event.pk}/cancel/").status_code == 409
    assert mail.outbox == []


def test_the_schedule_reminds_two_days_before_the_start(
    workshop: Workshop, world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    approved(workshop.event, world.afghanistan, "Amina One")
    mail.outbox.clear()
    early = datetime.datetime.combine(DAY - datetime.timedelta(days=3), datetime.time(9, 0))
    with time_machine.travel(early.replace(tzinfo=datetime.UTC), tick=False):
        run_due()
    assert mail.outbox == []
    due = early + datetime.timedelta(days=1)
    with (
        time_machine.travel(due.replace(tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert "learning.event_reminders" in run_due()
    assert [message.to for message in mail.outbox] == [["amina@example.org"]]
    run = ScheduleRun.objects.filter(name="learning.event_reminders").latest("pk")
    assert run.message == "1 events reminded"
