"""Organisations are offered and listed in the order of the names the reader reads, not of
their English names."""

from __future__ import annotations

import re

import pytest

from sunbula.core import services
from sunbula.core.models import User
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

# English name, French name, Russian name.
NAMES = [
    (
        "World Food Programme",
        "Programme alimentaire mondial",
        "Всемирная продовольственная программа",
    ),
    ("Islamic Development Bank", "Banque islamique de développement", "Исламский банк развития"),
    ("State Grain Agency", "Établissement public des grains", "Государственное зерновое агентство"),
    (
        "Food and Agriculture Organization",
        "Organisation pour l'alimentation",
        "Продовольственная организация",
    ),
]


@pytest.fixture
def agencies(world: World) -> None:
    for english, french, russian in NAMES:
        services.organisation_create(
            actor=None,
            name=english,
            kind="igo",
            iati_type="40",
            name_translations={"fr": french, "ru": russian},
        )


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    return [
        label
        for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)<', select.group(1))
    ]


def _rows(html: str) -> list[str]:
    return re.findall(r'<td><a href="/\w+/organisations/\d+/">([^<]*)</a></td>', html)


FRENCH = [
    "Banque islamique de développement",
    "Établissement public des grains",
    "Government of the Republic of Kazakhstan",
    "Islamic Organization for Food Security",
    "Organisation pour l&#x27;alimentation",
    "Programme alimentaire mondial",
]
RUSSIAN = [
    "Government of the Republic of Kazakhstan",
    "Islamic Organization for Food Security",
    "Всемирная продовольственная программа",
    "Государственное зерновое агентство",
    "Исламский банк развития",
    "Продовольственная организация",
]


def test_a_form_offers_organisations_in_the_reader_s_order(
    admin: User, world: World, agencies: None
) -> None:
    user = User.objects.create_user("new.officer@example.org")
    french = client_for(admin).get(f"/fr/users/{user.pk}/").content.decode()
    assert _options(french, "organisation") == FRENCH
    russian = client_for(admin).get(f"/ru/users/{user.pk}/").content.decode()
    assert _options(russian, "organisation") == RUSSIAN


def test_the_list_shows_organisations_in_the_reader_s_order(
    officer_afg: User, world: World, agencies: None
) -> None:
    client = client_for(officer_afg)
    assert _rows(client.get("/fr/organisations/").content.decode()) == FRENCH
    assert _rows(client.get("/ru/organisations/").content.decode()) == RUSSIAN
    english = _rows(client.get("/en/organisations/").content.decode())
    assert english == sorted(english)


def test_a_list_in_reading_order_pages_and_filters(
    officer_afg: User, world: World, agencies: None
) -> None:
    for number in range(30):
        services.organisation_create(
            actor=None,
            name=f"Cooperative {number:02}",
            kind="ngo",
            iati_type="22",
            country=world.afghanistan,
            name_translations={"fr": f"Coopérative {number:02}"},
        )
    client = client_for(officer_afg)
    first = _rows(client.get("/fr/organisations/").content.decode())
    second = _rows(client.get("/fr/organisations/?page=2").content.decode())
    assert len(first) == 25 and len(second) == 11
    assert first[:2] == ["Banque islamique de développement", "Coopérative 00"]
    assert second[-1] == "Programme alimentaire mondial"
    filtered = _rows(client.get("/fr/organisations/?kind=igo").content.decode())
    assert filtered == [name for name in FRENCH if not name.startswith("Government")]
