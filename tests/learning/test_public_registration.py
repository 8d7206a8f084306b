"""The public registration form: no login, the organiser's questions, and no bots or floods."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from sunbula.core.figures import date_text
from sunbula.learning import selectors, services
from sunbula.learning.forms import form_started_stamp
from sunbula.learning.models import Event, Registration
from tests.conftest import World
from tests.learning.conftest import Workshop, make_event, make_workshop

pytestmark = pytest.mark.django_db


def _form(world: World, **values: str) -> dict[str, str]:
    return {
        "full_name": "Amina Karimi",
        "email": "amina@example.org",
        "country": str(world.afghanistan.pk),
        "institution": "Ministry of Agriculture",
        "role": "policy_developer",
        "language": "ar",
        "listening_language": "ar",
        "website": "",
        "started": form_started_stamp(time.time() - 60),
        **values,
    }


@pytest.fixture
def workshop(world: World) -> Workshop:
    """The workshop, a month from today: open for registration."""
    return make_workshop(timezone.localdate() + datetime.timedelta(days=30))


def _url(workshop: Workshop, language: str = "ar") -> str:
    return f"/{language}/learning/events/{workshop.event.pk}/register/"


def test_anyone_can_register_without_signing_in(
    workshop: Workshop, world: World, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    page = client.get(_url(workshop))
    assert page.status_code == 200
    assert 'dir="rtl"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(workshop), _form(world))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url().replace("/en/", "/ar/")
    assert registration.status == Registration.Status.PENDING
    assert registration.language == "ar"
    # The confirmation is written in the participant's language.
    assert mail.outbox[0].to == ["amina@example.org"]
    assert "تم استلام التسجيل" in mail.outbox[0].subject
    assert f"{settings.SUNBULA_BASE_URL}/ar/learning/r/" in mail.outbox[0].body
    status_page = client.get(response["Location"])
    assert "قيد الانتظار" in status_page.content.decode()


def test_a_filled_honeypot_is_refused(workshop: Workshop, world: World, client: Client) -> None:
    response = client.post(_url(workshop, "en"), _form(world, website="http://spam.example"))
    assert response.status_code == 422
    assert not Registration.objects.exists()


def test_a_form_sent_within_seconds_is_refused(
    workshop: Workshop, world: World, client: Client
) -> None:
    response = client.post(_url(workshop, "en"), _form(world, started=form_started_stamp()))
    assert response.status_code == 422
    assert "too quick" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_forged_start_stamp_is_refused(workshop: Workshop, world: World, client: Client) -> None:
    response = client.post(_url(workshop, "en"), _form(world, started="1600000000"))
    assert response.status_code == 422
    assert not Registration.objects.exists()


def test_one_address_may_not_flood_the_form(
    workshop: Workshop, world: World, client: Client
) -> None:
    workshop.event.capacity = None
    workshop.event.save()
    for number in range(services.REGISTRATIONS_PER_ADDRESS_PER_HOUR):
        response = client.post(
            _url(workshop, "en"), _form(world, email=f"person{number}@example.org")
        )
        assert response.status_code == 302
    response = client.post(_url(workshop, "en"), _form(world, email="one.more@example.org"))
    assert response.status_code == 429
    assert Registration.objects.count() == services.REGISTRATIONS_PER_ADDRESS_PER_HOUR
    # Another address is not held back.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert (
        other.post(_url(workshop, "en"), _form(world, email="else@example.org")).status_code == 302
    )


def test_the_same_address_twice_is_refused_with_a_message(
    workshop: Workshop, world: World, client: Client
) -> None:
    client.post(_url(workshop, "en"), _form(world))
    response = client.post(_url(workshop, "en"), _form(world))
    assert response.status_code == 422
    assert "already registered" in response.content.decode()


def test_organiser_questions_are_typed_required_and_conditional(
    workshop: Workshop, world: World, client: Client
) -> None:
    presents = services.question_add(
        actor=None, event=workshop.event, label="Will you present?", kind="yes_no", required=True
    )
    title = services.question_add(
        actor=None,
        event=workshop.event,
        label="Title of your talk",
        kind="text",
        required=True,
        shown_if=presents,
        shown_if_answer="yes",
    )
    missing = client.post(_url(workshop, "en"), _form(world, **{presents.field_name: "yes"}))
    assert missing.status_code == 422
    assert "This question needs an answer." in missing.content.decode()
    # Not presenting: the talk's title is not asked for.
    response = client.post(_url(workshop, "en"), _form(world, **{presents.field_name: "no"}))
    assert response.status_code == 302
    assert Registration.objects.get().answers == {"Will you present?": "no"}
    assert title.shown_if == presents


def test_a_closed_registration_window_is_shown_not_crashed(
    workshop: Workshop, world: World, client: Client
) -> None:
    import datetime

    workshop.event.registration_closes = datetime.datetime(2021, 12, 1, tzinfo=datetime.UTC)
    workshop.event.save()
    response = client.post(_url(workshop, "en"), _form(world))
    assert response.status_code == 422
    assert "Registration is closed." in response.content.decode()


def test_the_participant_withdraws_from_their_own_page(
    workshop: Workshop, world: World, client: Client
) -> None:
    client.post(_url(workshop, "en"), _form(world))
    registration = Registration.objects.get()
    respond = f"/en/learning/r/{registration.token}/respond/"
    withdrawn = client.post(respond, {"answer": "withdraw"}, follow=True)
    assert "Your registration is withdrawn." in withdrawn.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.WITHDRAWN
    # What no longer holds is answered on the same page, with why, and changes nothing.
    accepted = client.post(respond, {"answer": "accept"})
    assert accepted.status_code == 409
    assert "There is no open offer for this registration." in accepted.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.WITHDRAWN


def test_an_unknown_event_or_code_is_not_found(client: Client, world: World) -> None:
    assert client.get("/en/learning/events/999/register/").status_code == 404
    assert client.get("/en/learning/r/no-such-code/").status_code == 404


def test_the_front_door_leads_to_the_events_open_for_registration(
    world: World, client: Client, django_assert_max_num_queries: Any
) -> None:
    starts = timezone.localdate() + datetime.timedelta(days=30)
    ends = starts + datetime.timedelta(days=1)
    dates = {"starts_on": starts, "ends_on": ends}
    open_event = make_event(title="Seed systems workshop", **dates)
    closed = make_event(
        title="Workshop whose registration closed",
        registration_closes=timezone.now() - datetime.timedelta(hours=1),
        **dates,
    )
    cancelled = make_event(title="Workshop called off", **dates)
    services.event_cancel(actor=None, event=cancelled, reason="No venue")
    for language, title in (("en", "Seed systems workshop"), ("ar", "ورشة حوكمة الأمن الغذائي")):
        with django_assert_max_num_queries(6):
            response = client.get(f"/{language}/")
        html = response.content.decode()
        assert response.status_code == 200
        assert f'href="/{language}/learning/events/{open_event.pk}/register/">{title}</a>' in html
        with translation.override(language):
            assert date_text(starts) in html and date_text(ends) in html
        for refused in (closed, cancelled):
            assert f"/learning/events/{refused.pk}/register/" not in html
    assert "called off" not in html and "registration closed" not in html
    services.event_registration_close(actor=None, event=open_event)
    assert "Events open for registration" not in client.get("/en/").content.decode()


def test_an_event_that_is_over_takes_no_registration_of_its_own(
    world: World, client: Client
) -> None:
    """Its last day past where it is held, an event's page says registration is closed, and
    a registration posted to it is refused with nothing stored; a nomination still passes."""
    ended = make_event(
        starts_on=datetime.date(2021, 12, 22), ends_on=datetime.date(2021, 12, 22), capacity=None
    )
    url = f"/fr/learning/events/{ended.pk}/register/"
    page = client.get(url).content.decode()
    assert "Les inscriptions sont closes." in page and 'name="full_name"' not in page
    refused = client.post(url, _form(world))
    assert (
        refused.status_code == 422 and "Les inscriptions sont closes." in refused.content.decode()
    )
    assert not Registration.objects.exists()
    nominated = services.registration_submit(
        actor=None,
        event=ended,
        full_name="Amina Karimi",
        email="amina@example.org",
        country=world.afghanistan,
        institution="Ministry of Agriculture",
        role="policy_developer",
        invited=True,
    )
    assert nominated.pk is not None


def test_an_event_that_has_begun_takes_no_registration_of_its_own(
    world: World, client: Client
) -> None:
    """Registration closes when the event starts, whatever later closing time it kept from
    before the event form refused one: its page says so, and a registration posted to it is
    refused with nothing stored."""
    today = timezone.now().astimezone(datetime.UTC).date()
    begun = make_event(starts_on=today, ends_on=today + datetime.timedelta(days=1))
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    Event.objects.filter(pk=begun.pk).update(registration_closes=tomorrow)
    url = f"/en/learning/events/{begun.pk}/register/"
    page = client.get(url).content.decode()
    assert "Registration is closed." in page and 'name="full_name"' not in page
    refused = client.post(url, _form(world))
    assert refused.status_code == 422 and "Registration is closed." in refused.content.decode()
    assert not Registration.objects.exists()


def test_registration_closes_when_the_first_day_begins_where_the_event_is_held() -> None:
    """At 00:30 in Almaty on the event's first day the server's date (UTC) is still the day
    before: registration has closed all the same, as the event has begun where it is held.
    The event is over only once its last day has passed there."""
    first_day = datetime.date(2026, 6, 16)
    event = make_event(starts_on=first_day, ends_on=first_day)
    event.time_zone = "Asia/Almaty"
    almaty = event.zone
    the_evening_before = datetime.datetime(2026, 6, 15, 23, 30, tzinfo=almaty)
    that_night = datetime.datetime(2026, 6, 16, 0, 30, tzinfo=almaty)
    assert that_night.astimezone(datetime.UTC).date() == datetime.date(2026, 6, 15)
    assert event.closed_to_registration(the_evening_before) == ""
    assert event.closed_to_registration(that_night) == "Registration is closed."
    late_that_day = datetime.datetime(2026, 6, 16, 23, 30, tzinfo=almaty)
    next_morning = datetime.datetime(2026, 6, 17, 0, 30, tzinfo=almaty)
    assert not event.has_ended(late_that_day) and event.has_ended(next_morning)


def test_the_front_door_lists_an_event_until_its_first_day_begins_where_it_is_held(
    world: World,
) -> None:
    """At 20:00 UTC the day before an Almaty event it is already its first day in Almaty:
    registration has closed there, and the front door no longer lists it, as its page says."""
    first_day = datetime.date(2026, 6, 16)
    event = make_event(starts_on=first_day, ends_on=first_day)
    Event.objects.filter(pk=event.pk).update(time_zone="Asia/Almaty")
    that_evening = datetime.datetime(2026, 6, 15, 20, tzinfo=datetime.UTC)
    that_morning = datetime.datetime(2026, 6, 15, 6, tzinfo=datetime.UTC)
    assert event in selectors.events_open_for_registration(now=that_morning)
    assert event not in selectors.events_open_for_registration(now=that_evening)
