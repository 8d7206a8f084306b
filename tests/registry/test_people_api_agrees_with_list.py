"""The people API says the same of a person on its list and its own record (consent
included), and its filters do what they say: `?household=` lists a household's members (a
household the caller cannot see, or none, is refused as other APIs' filters refuse it), and
`?search=` finds people as the search box does, for protection officers only. The list's
downloads name each person's sex in the reader's language, as the page does."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from sunbula.core.models import User
from sunbula.registry import services
from sunbula.registry.models import Household, Person
from tests.conftest import World, client_for
from tests.registry.conftest import People

pytestmark = pytest.mark.django_db
PEOPLE = "/api/v1/registry/people/"


def _listed(client: Client, **query: Any) -> dict[int, dict[str, Any]]:
    answer = client.get(PEOPLE, query)
    assert answer.status_code == 200, answer.content
    return {card["id"]: card for card in answer.json()["results"]}


@pytest.mark.parametrize("persona", ["officer_afg", "protection_officer"])
def test_a_persons_record_says_what_the_list_says_of_consent(
    world: World, people: People, persona: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(persona))
    without = services.person_register(actor=None, country=world.afghanistan, given_name="Gul")
    listed = _listed(client)
    for person, consenting in ((people.afghan, True), (without, False)):
        card = client.get(f"{PEOPLE}{person.pk}/").json()
        assert card["has_consent"] is listed[person.pk]["has_consent"] is consenting


def test_the_person_page_flags_a_missing_consent_as_the_list_does(
    world: World, officer_afg: User, people: People
) -> None:
    without = services.person_register(actor=None, country=world.afghanistan, given_name="Gul")
    household = services.household_create(actor=None, country=world.afghanistan, reference="H")
    services.person_update(actor=officer_afg, person=without, household=household)
    page = client_for(officer_afg).get(f"/en/registry/households/{household.pk}/")
    assert [card.has_consent for card in page.context["cards"]] == [False]


def test_the_list_filters_by_household_within_the_callers_scope(
    world: World, officer_afg: User, people: People
) -> None:
    household = services.household_create(actor=None, country=world.afghanistan, reference="H-1")
    member = services.person_register(
        actor=None, country=world.afghanistan, given_name="Zahra", household=household
    )
    elsewhere = services.household_create(actor=None, country=world.kazakhstan, reference="K-1")
    client = client_for(officer_afg)
    assert len(_listed(client)) == 2
    assert list(_listed(client, household=household.pk)) == [member.pk]
    missing = Household.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for refused in (elsewhere.pk, missing + 1, "abc"):
        answer = client.get(PEOPLE, {"household": refused})
        assert answer.status_code == 400, refused
        assert set(answer.json()) == {"household"}


def test_the_list_searches_as_the_search_box_does(
    world: World, officer_afg: User, protection_officer: User, people: People
) -> None:
    services.person_register(actor=None, country=world.afghanistan, given_name="Zahra")
    cleared = client_for(protection_officer)
    assert list(_listed(cleared, search="Muhammad Ahmadzai")) == [people.afghan.pk]
    assert list(_listed(cleared, search="0700123456")) == [people.afghan.pk]
    assert list(_listed(cleared, search="Nobody")) == []
    # Without clearance, nobody is found by name, phone or number.
    assert list(_listed(client_for(officer_afg), search="Mohammad")) == []


def _sexes(client: Client, url: str, file_format: str) -> list[Any]:
    response = client.get(url, {"format": file_format})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        assert sheet is not None
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    column = 3  # Record, Name, Father's name, Sex
    return [row[column] for row in rows]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", ["Sex", "Male", "Female"]), ("fr", ["Sexe", "Homme", "Femme"])],
)
def test_the_people_download_names_the_sex_in_the_readers_language(
    world: World,
    officer_afg: User,
    people: People,
    file_format: str,
    language: str,
    expected: list[str],
) -> None:
    services.person_register(actor=None, country=world.afghanistan, given_name="Gul", sex="F")
    client = client_for(officer_afg)
    url = f"/{language}/registry/people/"
    assert _sexes(client, url, file_format) == expected
    page = client.get(url).content.decode()
    assert expected[1] in page and expected[2] in page


def test_a_person_without_a_recorded_sex_downloads_without_one(
    world: World, officer_afg: User
) -> None:
    services.person_register(actor=None, country=world.afghanistan, given_name="Gul")
    assert _sexes(client_for(officer_afg), "/en/registry/people/", "csv")[1:] == [""]
    assert Person.objects.get().sex == ""
