"""Every learning page speaks Arabic, French and Russian; headings come from the catalogues."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from sunbula.core.models import User
from sunbula.learning import services
from tests.conftest import World, client_for
from tests.learning.conftest import FarmCourse, Workshop, approved, register

pytestmark = pytest.mark.django_db


def _staff_pages(workshop: Workshop, farm: FarmCourse) -> list[tuple[str, str]]:
    return [
        ("learning/", "Events"),
        (f"learning/events/{workshop.event.pk}/", "Interpretation headcount"),
        (f"learning/events/{workshop.event.pk}/registrations/", "Registrations"),
        (f"learning/sessions/{workshop.morning.pk}/check-in/", "Participant's code"),
        (f"learning/sessions/{workshop.morning.pk}/attendance/", "Import attendance"),
        ("learning/courses/", "Farmer courses"),
        (f"learning/courses/{farm.course.pk}/report/", "Completion by district and sex"),
    ]


def _public_pages(workshop: Workshop, token: str) -> list[tuple[str, str]]:
    return [
        (f"learning/events/{workshop.event.pk}/register/", "Send my registration"),
        (f"learning/r/{token}/", "Your registration"),
        ("learning/verify/", "Verify a certificate"),
    ]


def _assert_heading(html: str, language: str, heading: str, path: str) -> None:
    with translation.override(language):
        translated = translation.gettext(heading)
    assert translated != heading, (language, heading)
    escaped = translated.replace("'", "&#x27;")
    assert translated in html or escaped in html, (language, path, translated)


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_staff_pages_show_translated_headings(
    workshop: Workshop, farm_course: FarmCourse, admin: User, language: str
) -> None:
    client = client_for(admin)
    for path, heading in _staff_pages(workshop, farm_course):
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        _assert_heading(response.content.decode(), language, heading, path)


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_public_pages_show_translated_headings(
    workshop: Workshop, world: World, language: str
) -> None:
    amina = register(workshop.event, world.afghanistan, "Amina Karimi")
    client = Client()
    for path, heading in _public_pages(workshop, amina.token):
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        _assert_heading(response.content.decode(), language, heading, path)


def test_event_titles_follow_the_language(workshop: Workshop, admin: User) -> None:
    client = client_for(admin)
    assert "ورشة حوكمة الأمن الغذائي" in client.get("/ar/learning/").content.decode()
    assert "Food security governance workshop" in client.get("/fr/learning/").content.decode()


def test_domain_errors_are_translated(workshop: Workshop, world: World, admin: User) -> None:
    amina = approved(workshop.event, world.afghanistan, "Amina Karimi")
    response = client_for(admin).post(
        f"/ru/learning/registrations/{amina.pk}/approve/", follow=True
    )
    assert "Одобрить можно только ожидающую регистрацию." in response.content.decode()


def test_an_offer_is_mailed_in_the_participants_language(workshop: Workshop, world: World) -> None:
    first = approved(workshop.event, world.afghanistan, "Amina One")
    approved(workshop.event, world.afghanistan, "Bolat Two")
    waiting = approved(workshop.event, world.kazakhstan, "Chinara Three", language="ru")
    mail.outbox.clear()
    services.registration_withdraw(actor=None, registration=first)
    (offer,) = mail.outbox
    assert offer.to == [waiting.email]
    assert offer.subject.startswith("Для вас освободилось место")
    assert "/ru/learning/r/" in offer.body
