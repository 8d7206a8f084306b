"""The Kobo projects page lists the surveys of the account the server's token opens, by name:
each one not yet connected with a link that fills in the connect form, each connected one
marked so. A server without a token, or a Kobo server out of reach, says so and the page
still works; a server that is not a web address is refused on its field; listing writes
nothing."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
from typing import Any

import pytest
from django.test import Client

from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms import kobo_client
from sunbula.fieldforms.kobo_client import KOBO_ASSET_PAGES, KoboProject, kobo_projects
from sunbula.fieldforms.models import KoboSource
from tests.conftest import World, client_for
from tests.fieldforms.conftest import field_manager

pytestmark = pytest.mark.django_db

ACCOUNT = "https://kobo.example.org"
PAGE = "/en/field-forms/kobo/"
FIND = "/en/field-forms/kobo/find/"
MARKET_UID = "aKd4mP9xQ2wL7nB3vR8tY5"


def _asset(uid: str, name: str, asset_type: str, active: bool, count: int) -> dict[str, Any]:
    return {
        "uid": uid,
        "name": name,
        "asset_type": asset_type,
        "deployment__active": active,
        "deployment__submission_count": count,
    }


class KoboAccount:
    """KPI's asset list of an account, in two pages: a survey and a library block, then the
    survey `push_source` connected already."""

    PAGES = (
        [
            _asset(MARKET_UID, "Kandahar market prices", "survey", False, 0),
            _asset("bLk2sH7eRb9cZ1", "Household members block", "block", False, 0),
        ],
        [_asset("aYx3kQ8bW2nLpC5tR7vZ9d", "Herat registration (Kobo)", "survey", True, 1234)],
    )

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, url: str) -> dict[str, Any]:
        self.asked.append(url)
        parts = urllib.parse.urlsplit(url)
        assert (parts.scheme, parts.netloc, parts.path) == (
            "https",
            "kobo.example.org",
            "/api/v2/assets/",
        )
        start = int(urllib.parse.parse_qs(parts.query).get("start", ["0"])[0])
        number = start // 100
        following = f"{ACCOUNT}/api/v2/assets/?format=json&limit=100&start={start + 100}"
        return {
            "count": 3,
            "next": following if number + 1 < len(self.PAGES) else None,
            "previous": None,
            "results": self.PAGES[number],
        }


@pytest.fixture
def account(settings: Any, monkeypatch: pytest.MonkeyPatch) -> KoboAccount:
    settings.KOBO_API_TOKEN = "kobo-token"
    fake = KoboAccount()
    monkeypatch.setattr(kobo_client, "kobo_fetch", fake)
    return fake


def _finder(page: str) -> str:
    """The part of the page that lists the account's projects."""
    return page.split("Find the projects of the Kobo account", 1)[1].split('id="connect"', 1)[0]


def _row(finder: str, name: str) -> str:
    row = re.search(rf"<tr><td>{re.escape(name)}</td>.*?</tr>", finder)
    assert row, name
    return row[0]


def _input(page: str, name: str) -> str:
    control = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert control, name
    return control[0]


def test_the_account_surveys_are_listed_by_name_to_connect_or_marked_connected(
    admin: User, push_source: KoboSource, account: KoboAccount
) -> None:
    audited = AuditEntry.objects.count()
    response = client_for(admin).post(FIND, {"server": ACCOUNT})
    assert response.status_code == 200
    finder = _finder(response.content.decode())
    assert account.asked == [
        f"{ACCOUNT}/api/v2/assets/?format=json&limit=100",
        f"{ACCOUNT}/api/v2/assets/?format=json&limit=100&start=100",
    ]
    assert "Household members block" not in finder  # a library block is no project
    assert finder.index("Herat registration (Kobo)") < finder.index("Kandahar market prices")

    connected = _row(finder, "Herat registration (Kobo)")
    assert f'href="/en/field-forms/kobo/{push_source.pk}/edit/">connected</a>' in connected
    assert "<td>yes</td>" in connected and "1,234" in connected
    assert "asset_uid=" not in connected

    market = _row(finder, "Kandahar market prices")
    assert "<td>no</td>" in market and "connected" not in market
    link = re.search(r'href="/en/field-forms/kobo/(\?[^"]+)">Connect</a>', market)
    assert link
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link[1].replace("&amp;", "&")).query)
    assert query == {
        "asset_uid": [MARKET_UID],
        "name": ["Kandahar market prices"],
        "server_url": [ACCOUNT],
    }
    assert AuditEntry.objects.count() == audited  # listing writes nothing


def test_a_project_connected_by_another_country_is_marked_without_its_edit_link(
    world: World, push_source: KoboSource, account: KoboAccount
) -> None:
    manager = client_for(field_manager(world, world.kazakhstan))
    finder = _finder(manager.post(FIND, {"server": ACCOUNT}).content.decode())
    connected = _row(finder, "Herat registration (Kobo)")
    assert "connected" in connected
    assert "href" not in connected  # neither its edit page nor a Connect link


def test_only_a_post_from_the_page_sends_the_token(admin: User, account: KoboAccount) -> None:
    """The server's token goes to the server the finder names: a link elsewhere (a GET) or a
    form posted from another site (no CSRF token) lists nothing."""
    linked = client_for(admin).get(PAGE, {"server": "https://kobo.attacker.example"})
    assert linked.status_code == 200
    assert 'value="https://kf.kobotoolbox.org"' in _input(linked.content.decode(), "server")
    forged = client_for(admin)
    forged.handler.enforce_csrf_checks = True
    assert forged.post(FIND, {"server": "https://kobo.attacker.example"}).status_code == 403
    assert account.asked == []
    assert client_for(admin).get(FIND).status_code == 405


def test_the_connect_link_fills_in_the_connect_form(admin: User, account: KoboAccount) -> None:
    chosen = {"asset_uid": MARKET_UID, "name": "Kandahar market prices", "server_url": ACCOUNT}
    response = client_for(admin).get(PAGE, chosen)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{MARKET_UID}"' in _input(page, "asset_uid")
    assert 'value="Kandahar market prices"' in _input(page, "name")
    assert f'value="{ACCOUNT}"' in _input(page, "server_url")
    assert 'value="https://kf.kobotoolbox.org"' in _input(page, "server")
    assert account.asked == []  # the list is not asked for again


def test_the_asset_uid_says_where_to_find_it(admin: User) -> None:
    page = client_for(admin).get(PAGE).content.decode()
    assert "The code after /forms/ in the project&#x27;s address on the Kobo server." in page


def test_without_a_token_the_page_says_so_and_asks_kobo_nothing(
    admin: User, account: KoboAccount, settings: Any
) -> None:
    settings.KOBO_API_TOKEN = ""
    response = client_for(admin).post(FIND, {"server": ACCOUNT})
    assert response.status_code == 200
    assert (
        "No Kobo API token is set on this server; ask the administrator."
        in response.content.decode()
    )
    assert account.asked == []


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (OSError("connection reset"), "Le serveur Kobo n&#x27;a pas pu être joint"),
        (
            urllib.error.HTTPError(ACCOUNT, 401, "Unauthorized", {}, None),  # type: ignore[arg-type]
            "Le serveur Kobo a répondu 401 (Unauthorized).",
        ),
        (ValueError("Expecting value"), "Expecting value"),
    ],
)
def test_a_server_that_gives_no_list_is_said_in_the_readers_language(
    admin: User,
    account: KoboAccount,
    monkeypatch: pytest.MonkeyPatch,
    failure: Exception,
    said: str,
) -> None:
    def failing(url: str) -> dict[str, Any]:
        raise failure

    monkeypatch.setattr(kobo_client, "kobo_fetch", failing)
    audited = AuditEntry.objects.count()
    response = client_for(admin).post("/fr/field-forms/kobo/find/", {"server": ACCOUNT})
    assert response.status_code == 200
    page = response.content.decode()
    assert said in page
    assert re.search(r'<p class="errors" role="alert">[^<]*' + re.escape(said), page)
    assert 'name="asset_uid"' in page  # the connect form still works
    assert AuditEntry.objects.count() == audited


@pytest.mark.parametrize("server", ["ftp://kobo.example.org", "file:///etc/passwd", "kobo"])
def test_a_server_that_is_not_a_web_address_is_refused_on_its_field(
    admin: User, account: KoboAccount, server: str
) -> None:
    page = client_for(admin).post(FIND, {"server": server}).content.decode()
    assert 'aria-invalid="true"' in _input(page, "server")
    assert "Enter a valid URL." in page
    assert account.asked == []


def test_only_a_manager_of_field_forms_may_list_them(
    officer_afg: User, account: KoboAccount
) -> None:
    page = Client()
    page.force_login(officer_afg)  # reviews submissions, does not manage Kobo projects
    assert page.post(FIND, {"server": ACCOUNT}).status_code == 403
    assert account.asked == []


def test_the_list_is_read_on_the_server_named_and_up_to_its_bound() -> None:
    """A page's `next` is asked of the server the person named, whatever host it names (the
    token goes nowhere else), and an account that never ends is read up to the bound."""
    asked: list[str] = []

    def endless(url: str) -> dict[str, Any]:
        asked.append(url)
        number = len(asked)
        return {
            "next": f"https://elsewhere.example.net/api/v2/assets/?limit=100&start={number * 100}",
            "results": [_asset(f"uid{number:02}", f"Survey {number:02}", "survey", True, number)],
        }

    listing = kobo_projects("https://kobo.example.org/", fetch=endless)
    assert len(asked) == KOBO_ASSET_PAGES
    assert all(url.startswith("https://kobo.example.org/api/v2/assets/") for url in asked)
    projects = listing.projects
    assert projects[0] == KoboProject(uid="uid01", name="Survey 01", deployed=True, submissions=1)
    assert [project.name for project in projects] == sorted(project.name for project in projects)
    assert listing.more  # the account went on: the page says so


def test_an_account_longer_than_what_is_read_is_said_so(
    admin: User, account: KoboAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    notice = "The Kobo account has more projects than are listed here"
    whole = client_for(admin).post(FIND, {"server": ACCOUNT}).content.decode()
    assert "Kandahar market prices" in whole and notice not in whole
    monkeypatch.setattr(kobo_client, "KOBO_ASSET_PAGES", 1)
    cut = client_for(admin).post(FIND, {"server": ACCOUNT}).content.decode()
    assert "Kandahar market prices" in cut and notice in cut
