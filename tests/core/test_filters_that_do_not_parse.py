"""A list whose filters do not parse answers 400, lists no rows and says which filter, on
the filter itself; it never shows every row as if the filter had applied."""

from __future__ import annotations

import re

import pytest

from sunbula.core.models import User
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def _error_of(page: str, name: str) -> str:
    """The error tied to the filter `name`: the element its input's aria-describedby names."""
    control = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', page)
    assert control, name
    assert 'aria-invalid="true"' in control[0]
    described = re.search(r'aria-describedby="([^"]+)"', control[0])
    assert described, control[0]
    error = re.search(rf'id="{described[1]}"[^>]*>([^<]+)<', page)
    assert error, described[1]
    return error[1]


def test_a_role_that_does_not_exist_is_refused_on_its_filter(
    admin: User, officer_afg: User
) -> None:
    response = client_for(admin).get("/en/users/?role=xyz")
    assert response.status_code == 400
    page = response.content.decode()
    assert "xyz is not one of the available choices" in _error_of(page, "role")
    assert officer_afg.email not in page
    assert 'role="alert"' in page


def test_a_date_that_is_not_one_is_refused_in_the_readers_language(admin: User) -> None:
    response = client_for(admin).get("/fr/audit/?since=garbage")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Saisissez une date valide." in _error_of(page, "since")
    assert "<time" not in page.split("<tbody>", 1)[1]


def test_a_list_that_does_not_parse_downloads_nothing(admin: User) -> None:
    response = client_for(admin).get("/en/users/?active=maybe&format=csv")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_filters_that_parse_still_list_their_rows(admin: User, officer_afg: User) -> None:
    response = client_for(admin).get("/en/users/?role=programme_officer&active=yes")
    assert response.status_code == 200
    assert officer_afg.email in response.content.decode()
    assert "aria-invalid" not in response.content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "/en/organisations/?kind=nonsense",
        "/en/sites/?kind=nonsense",
        "/en/member-states/?iofs=nonsense",
        "/en/users/api-tokens/?live=nonsense",
        "/en/registry/people/?status=nonsense",
        "/en/registry/households/?displacement_status=nonsense",
        "/en/funding/pledges/?year=nonsense",
        "/en/funding/conferences/?modality=nonsense",
        "/en/programmes/projects/?status=nonsense",
        "/en/learning/?kind=nonsense",
        "/en/supply/commodities/?category=nonsense",
        "/en/partners/?role=nonsense",
    ],
)
def test_every_list_page_refuses_a_filter_that_does_not_parse(
    admin: User, world: World, address: str
) -> None:
    response = client_for(admin).get(address)
    assert response.status_code == 400, address
    name = address.rsplit("?", 1)[1].split("=")[0]
    assert _error_of(response.content.decode(), name)
