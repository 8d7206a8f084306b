"""A Kazakhstan officer reaches no Afghan record, by page or API; outsiders see nothing."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from tests.conftest import client_for
from tests.registry.conftest import People

pytestmark = pytest.mark.django_db


def test_other_country_records_are_not_found(officer_kaz: User, people: People) -> None:
    client = client_for(officer_kaz)
    assert client.get(f"/en/registry/people/{people.afghan.pk}/").status_code == 404
    assert client.get(f"/api/v1/registry/people/{people.afghan.pk}/").status_code == 404
    ids = [row["id"] for row in client.get("/api/v1/registry/people/").json()["results"]]
    assert ids == [people.kazakh.pk]


def test_outsider_and_donor_see_no_people(
    outsider: User, donor_viewer: User, people: People
) -> None:
    for user in (outsider, donor_viewer):
        client = client_for(user)
        assert client.get("/en/registry/people/").status_code == 403
        assert client.get("/api/v1/registry/people/").status_code == 403


def test_person_list_query_count_is_pinned(
    officer_afg: User, people: People, django_assert_max_num_queries: object
) -> None:
    client = client_for(officer_afg)
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        assert client.get("/en/registry/people/").status_code == 200


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_pages_are_translated(officer_afg: User, people: People, language: str) -> None:
    body = client_for(officer_afg).get(f"/{language}/registry/people/").content.decode()
    assert "Names, phones, identity numbers" not in body
