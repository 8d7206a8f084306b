"""Member states often send their nominations by note verbale or e-mail: an organiser of the
event records them on the delegation's behalf, with the letter's reference, on the page and
through the API; the same rules as the focal point's own nominations hold, the focal point is
told in their language, and no one else may record one."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from sunbula.core.models import AuditEntry, Notification, Role, User
from sunbula.learning import services
from sunbula.learning.models import Delegation, Registration
from tests.conftest import World, client_for, make_persona
from tests.learning.conftest import NOMINATION, Workshop, make_event, register

pytestmark = pytest.mark.django_db
JSON = "application/json"
LETTER = "Note verbale No. 12/2021, dated 1 December 2021"


@pytest.fixture
def secretariat(world: World) -> User:
    return make_persona(
        "secretariat@example.org", Role.EVENT_ORGANISER, world.iofs, [], full_name="Sara Haddad"
    )


@pytest.fixture
def delegation(workshop: Workshop, world: World, focal: User) -> Delegation:
    return services.delegation_create(
        actor=None, event=workshop.event, country=world.kazakhstan, focal_point=focal, quota=1
    )


def nominate_url(delegation: Delegation) -> str:
    return f"/en/learning/delegations/{delegation.pk}/nominate/"


def api_url(delegation: Delegation) -> str:
    return f"/api/v1/learning/delegations/{delegation.pk}/nominate/"


def test_the_organiser_records_a_nomination_received_by_note_verbale(
    workshop: Workshop,
    delegation: Delegation,
    secretariat: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(secretariat)
    event_page = client.get(workshop.event.get_absolute_url()).content.decode()
    assert nominate_url(delegation) in event_page and "Record a nomination received" in event_page
    assert "Nominate an official" not in event_page
    form = client.get(nominate_url(delegation))
    assert form.status_code == 200 and "received_by" in form.context["form"].fields
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        recorded = client.post(nominate_url(delegation), {**NOMINATION, "received_by": LETTER})
    assert recorded.status_code == 302
    nominee = Registration.objects.get(delegation=delegation)
    assert nominee.received_by == LETTER and nominee.status == Registration.Status.APPROVED
    entry = AuditEntry.objects.get(action="learning.registration.submitted")
    assert entry.actor == secretariat and entry.after["received_by"] == LETTER
    assert entry.after["delegation"] == delegation.pk
    # The nominee hears in their language; the focal point in theirs.
    assert {message.to[0] for message in mail.outbox} == {
        "nurlan@example.org",
        "focal.kaz@example.org",
    }
    assert LETTER in client.get(nominate_url(delegation)).content.decode()
    registrations = client.get(f"/en/learning/events/{workshop.event.pk}/registrations/")
    assert f"Received by {LETTER}" in registrations.content.decode()


def test_the_focal_point_is_told_in_their_language(
    workshop: Workshop, delegation: Delegation, secretariat: User, focal: User
) -> None:
    focal.preferred_language = "ar"
    focal.save()
    made = client_for(secretariat).post(
        api_url(delegation), {**NOMINATION, "received_by": LETTER}, content_type=JSON
    )
    assert made.status_code == 201, made.json()
    assert made.json()["received_by"] == LETTER
    notice = Notification.objects.get(recipient=focal)
    assert notice.subject == "سُجّل ترشيح لوفدكم: ورشة حوكمة الأمن الغذائي"
    assert "Sara Haddad" in notice.body and "Nurlan Seitkali" in notice.body
    assert "كازاخستان" in notice.body and LETTER in notice.body
    assert notice.link.endswith(f"/ar/learning/events/{workshop.event.pk}/")


def test_the_focal_point_nominates_as_before_without_a_reference(
    delegation: Delegation, focal: User
) -> None:
    client = client_for(focal)
    assert "received_by" not in client.get(nominate_url(delegation)).context["form"].fields
    made = client.post(api_url(delegation), NOMINATION, content_type=JSON)
    assert made.status_code == 201 and made.json()["received_by"] == ""
    assert not Notification.objects.exists()


def test_the_reference_is_required_from_the_organiser(
    delegation: Delegation, secretariat: User
) -> None:
    client = client_for(secretariat)
    on_page = client.post(nominate_url(delegation), NOMINATION)
    assert on_page.status_code == 422 and "received_by" in on_page.context["form"].errors
    for body in (NOMINATION, {**NOMINATION, "received_by": "   "}):
        refused = client.post(api_url(delegation), body, content_type=JSON)
        assert refused.status_code == 400 and "received_by" in refused.json()
    assert not Registration.objects.exists() and not Notification.objects.exists()


def test_the_quota_and_the_duplicate_rule_hold_for_recorded_nominations(
    workshop: Workshop, delegation: Delegation, secretariat: User, focal: User, world: World
) -> None:
    register(workshop.event, world.kazakhstan, "Nurlan Seitkali", email="nurlan@example.org")
    client = client_for(secretariat)
    letter = {**NOMINATION, "received_by": LETTER}
    twice = client.post(api_url(delegation), letter, content_type=JSON)
    assert twice.status_code == 400 and "email" in twice.json()
    second = {**letter, "email": "aliya@example.org"}
    assert client.post(api_url(delegation), second, content_type=JSON).status_code == 201
    over = client.post(nominate_url(delegation), {**letter, "email": "dana@example.org"})
    assert over.status_code == 422
    assert "The delegation&#x27;s quota of 1 is reached." in over.content.decode()
    refused = client.post(
        api_url(delegation), {**letter, "email": "dana@example.org"}, content_type=JSON
    )
    assert refused.status_code == 409 and "quota" in refused.json()["detail"]
    assert Registration.objects.filter(delegation=delegation).count() == 1
    assert Notification.objects.filter(recipient=focal).count() == 1


def test_no_one_else_records_a_nomination(
    workshop: Workshop,
    delegation: Delegation,
    focal: User,
    officer_afg: User,
    officer_kaz: User,
    donor_viewer: User,
    world: World,
) -> None:
    body = {**NOMINATION, "received_by": LETTER}
    for intruder in (officer_afg, donor_viewer):
        client = client_for(intruder)
        assert client.get(nominate_url(delegation)).status_code == 403
        assert client.post(nominate_url(delegation), body).status_code == 403
        assert client.post(api_url(delegation), body, content_type=JSON).status_code == 403
    # An event hosted in Kazakhstan: Afghanistan's officer does not see it, Kazakhstan's
    # officer manages its registrations and records the nomination.
    hosted = services.delegation_create(
        actor=None,
        event=make_event(country=world.kazakhstan, title="National workshop"),
        country=world.kazakhstan,
        focal_point=focal,
        quota=2,
    )
    assert client_for(officer_afg).get(nominate_url(hosted)).status_code == 404
    missing = client_for(officer_afg).post(api_url(hosted), body, content_type=JSON)
    assert missing.status_code == 404
    assert not Registration.objects.exists() and not Notification.objects.exists()
    made = client_for(officer_kaz).post(api_url(hosted), body, content_type=JSON)
    assert made.status_code == 201 and Notification.objects.get().recipient == focal
