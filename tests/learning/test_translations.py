"""Event titles, domain errors and mailed offers follow the language.

Page headings in every language are checked in tests/test_translated_headings.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import translation

from sunbula.core.models import User
from sunbula.learning import services
from tests.conftest import World, client_for
from tests.learning.conftest import Workshop, approved

pytestmark = pytest.mark.django_db


def test_event_titles_follow_the_language(workshop: Workshop, admin: User) -> None:
    client = client_for(admin)
    assert "ورشة حوكمة الأمن الغذائي" in client.get("/ar/learning/").content.decode()
    assert "Food security governance workshop" in client.get("/fr/learning/").content.decode()


def test_domain_errors_are_translated(workshop: Workshop, world: World, admin: User) -> None:
    amina = approved(workshop.event, world.afghanistan, "Amina Karimi")
    response = client_for(admin).post(f"/ru/learning/registrations/{amina.pk}/approve/")
    assert response.status_code == 409
    assert "Одобрить можно только ожидающую регистрацию." in response.content.decode()


def test_an_offer_is_mailed_in_the_participants_language(
    workshop: Workshop, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    first = approved(workshop.event, world.afghanistan, "Amina One")
    approved(workshop.event, world.afghanistan, "Bolat Two")
    waiting = approved(workshop.event, world.kazakhstan, "Chinara Three", language="ru")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_withdraw(actor=None, registration=first)
    (offer,) = mail.outbox
    assert offer.to == [waiting.email]
    assert offer.subject.startswith("Для вас освободилось место")
    assert "/ru/learning/r/" in offer.body


def test_a_users_role_and_a_participants_function_read_apart(
    admin: User, workshop: Workshop
) -> None:
    with translation.override("fr"):
        assert translation.gettext("Role") == "Rôle"
        assert translation.pgettext("participant", "Role") == "Fonction"
        assert translation.pgettext("person", "Register") == "Enregistrer"
        assert translation.pgettext("consent", "Withdraw") == "Retirer"
    client = client_for(admin)
    user_page = client.get(f"/fr/users/{admin.pk}/").content.decode()
    assert '<th scope="col">Rôle</th>' in user_page
    registrations = client.get(f"/fr/learning/events/{workshop.event.pk}/registrations/")
    assert '<th scope="col">Fonction</th>' in registrations.content.decode()
