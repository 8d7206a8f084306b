"""The new administration pages keep to the page budget in every language, and their lists
run the same number of queries however many rows they show."""

from __future__ import annotations

import gzip
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core.models import User
from sunbula.funding import services
from tests.conftest import World, client_for, make_persona
from tests.funding.conftest import Money

pytestmark = pytest.mark.django_db
HTML_BUDGET = 14 * 1024

PAGES = (
    "/{language}/funding/conferences/",
    "/{language}/funding/conferences/new/",
    "/{language}/funding/appeals/",
    "/{language}/funding/appeals/new/",
    "/{language}/funding/requirements/new/",
    "/{language}/users/",
    "/{language}/users/invite/",
    "/{language}/exchange-rates/",
    "/{language}/accounts/password/",
)


@pytest.mark.parametrize("language", ["en", "ar", "fr", "ru"])
def test_pages_fit_the_budget(admin: User, money: Money, language: str) -> None:
    client = client_for(admin)
    for page in PAGES:
        response = client.get(page.format(language=language))
        assert response.status_code == 200, page
        assert len(gzip.compress(response.content, compresslevel=6)) <= HTML_BUDGET, page


def _queries(client: object, path: str) -> int:
    client.get(path)  # type: ignore[attr-defined]  # warm-up: session, user, roles
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200  # type: ignore[attr-defined]
    return len(captured)


def _appeals(world: World, admin: User, first: int, count: int) -> None:
    for number in range(first, first + count):
        appeal = services.appeal_create(
            actor=admin, code=f"HRP-{number}", name=f"Plan {number}", country=world.afghanistan
        )
        services.requirement_create(
            actor=admin, country=world.afghanistan, year=2025, amount_usd=1000, appeal=appeal
        )


@pytest.mark.parametrize(
    ("path", "grow"),
    [
        ("/en/funding/appeals/", lambda world, admin, first: _appeals(world, admin, first, 3)),
        (
            "/en/funding/conferences/",
            lambda world, admin, first: [
                services.conference_create(
                    actor=admin,
                    title=f"Conference {number}",
                    country=world.afghanistan,
                    starts_on="2025-01-01",  # type: ignore[arg-type]
                    ends_on="2025-01-01",  # type: ignore[arg-type]
                    modality="online",
                    co_hosts=[world.iofs, world.kazakhstan_government],
                )
                for number in range(first, first + 3)
            ],
        ),
        (
            "/en/users/",
            lambda world, admin, first: [
                make_persona(f"user{number}@example.org", None, world.iofs, [])
                for number in range(first, first + 3)
            ],
        ),
    ],
)
def test_list_queries_do_not_grow_with_rows(
    admin: User, world: World, path: str, grow: Callable[[World, User, int], object]
) -> None:
    client = client_for(admin)
    grow(world, admin, 0)
    before = _queries(client, path)
    grow(world, admin, 10)
    assert _queries(client, path) == before


@pytest.mark.parametrize(
    ("language", "users", "appeals"),
    [
        ("ar", "المستخدمون", "النداءات"),
        ("fr", "Utilisateurs", "Appels"),
        ("ru", "Пользователи", "Призывы"),
    ],
)
def test_pages_speak_the_readers_language(
    admin: User, language: str, users: str, appeals: str
) -> None:
    client = client_for(admin)
    assert f"<h1>{users}</h1>" in client.get(f"/{language}/users/").content.decode()
    assert f"<h1>{appeals}</h1>" in client.get(f"/{language}/funding/appeals/").content.decode()
