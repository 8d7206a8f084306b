"""A donor's focal point is reminded of an outstanding pledge in the language recorded for
them on the partner's page, with the amount and the date written as that language writes
them; a language the site does not speak is refused on its field."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail

from sunbula.core.figures import date_text, money_text
from sunbula.core.models import User
from sunbula.funding import services
from sunbula.partners import services as partner_services
from sunbula.partners.models import FocalPoint, Partner
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db
D = datetime.date


def _donor(world: World, admin: User) -> Partner:
    return partner_services.partner_create(
        actor=admin, organisation=world.kazakhstan_government, roles=["donor"]
    )


@pytest.mark.parametrize(
    ("language", "greeting", "shown"),
    [
        ("ar", "السيد/السيدة Aigerim", "لغة المراسلة: العربية"),
        ("fr", "Madame, Monsieur Aigerim", "langue de correspondance : Français"),
        ("ru", "Уважаемый(ая) Aigerim", "язык переписки: Русский"),
    ],
)
def test_the_focal_point_is_reminded_in_their_own_language(
    world: World,
    money: Money,
    admin: User,
    language: str,
    greeting: str,
    shown: str,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    donor = _donor(world, admin)
    client = client_for(admin)
    added = client.post(
        f"/en/partners/{donor.pk}/focal-points/",
        {
            "title": "Deputy Minister",
            "name": "Aigerim",
            "organisation": world.kazakhstan_government.pk,
            "email": "focal@gov.example.kz",
            "language": language,
        },
    )
    assert added.status_code == 302
    page = client.get(f"/{language}/partners/{donor.pk}/").content.decode()
    assert shown in page
    focal_point = FocalPoint.objects.get(partner=donor)
    kzt_pledge(world, money, actor=admin, focal_point=focal_point)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.pledge_reminders_send(actor=None, today=D(2024, 4, 5))

    (reminder,) = mail.outbox
    assert reminder.to == ["focal@gov.example.kz"]
    assert greeting in reminder.body
    outstanding = money_text(Decimal("4500000"), "KZT", lang=language)
    assert outstanding in reminder.subject
    assert outstanding in reminder.body
    assert date_text(D(2024, 3, 1), lang=language) in reminder.body
    assert "4500000" not in reminder.body
    assert "2024-03-01" not in reminder.body


def test_the_language_is_shown_on_the_partners_page_in_the_readers_words(
    world: World, admin: User
) -> None:
    donor = _donor(world, admin)
    partner_services.focal_point_add(
        actor=admin,
        partner=donor,
        title="Deputy Minister",
        organisation=world.kazakhstan_government,
        language="ru",
    )
    page = client_for(admin).get(f"/fr/partners/{donor.pk}/").content.decode()
    assert "langue de correspondance : Russe" in page


def test_a_language_the_site_does_not_speak_is_refused_on_its_field(
    world: World, admin: User
) -> None:
    donor = _donor(world, admin)
    response = client_for(admin).post(
        f"/en/partners/{donor.pk}/focal-points/",
        {
            "title": "Deputy Minister",
            "organisation": world.kazakhstan_government.pk,
            "language": "xx",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    field = html[html.index('<label for="id_language">') :]
    assert '<strong class="error">Select a valid choice.' in field[: field.index("</p>")]
    assert not FocalPoint.objects.exists()


def test_a_focal_point_recorded_without_a_language_is_written_to_in_the_sites_own(
    world: World,
    money: Money,
    admin: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    focal_point = partner_services.focal_point_add(
        actor=admin,
        partner=_donor(world, admin),
        title="Deputy Minister",
        organisation=world.kazakhstan_government,
        email="focal@gov.example.kz",
    )
    assert focal_point.language == "en"
    kzt_pledge(world, money, actor=admin, focal_point=focal_point)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.pledge_reminders_send(actor=None, today=D(2024, 4, 5))
    (reminder,) = mail.outbox
    assert money_text(Decimal("4500000"), "KZT", lang="en") in reminder.body
    assert "Mar 1, 2024" in reminder.body
