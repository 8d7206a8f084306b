"""A phone or an identity number reads left to right on an Arabic page: in a right-to-left
line, the groups of a number separated by spaces would otherwise be shown in reverse order."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from sunbula.core.models import User
from sunbula.registry import services
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

PHONE = "+93 79 555 1212"
NUMBER = "1400 0101 12345"


def test_phones_and_numbers_are_isolated_left_to_right_in_arabic(
    world: World, admin: User, protection_officer: User
) -> None:
    person = services.person_register(
        actor=admin,
        country=world.afghanistan,
        given_name="زرمینه",
        family_name="نوری",
        phone=PHONE,
        id_document_type="tazkira",
        id_number=NUMBER,
    )
    client = client_for(protection_officer)
    with translation.override("ar"):
        pages = [
            reverse("registry:person_detail", args=[person.pk]),
            reverse("registry:person_list"),
        ]
    for url in pages:
        html = client.get(url).content.decode()
        assert 'dir="rtl"' in html, url
        for value in (PHONE, NUMBER):
            before, found, _after = html.partition(value)
            assert found, (url, value)
            assert before.endswith('<bdi dir="ltr">'), (url, value, before[-40:])
