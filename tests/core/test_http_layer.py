"""Generated from the URL configuration: no id, query string or JSON body that a client can
send makes a page or an endpoint fail with a server error."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    ValidationError,
)
from django.http import Http404
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

from sunbula.core.errors import RateMissing
from sunbula.core.http import LengthNotANumber, exception_handler
from sunbula.core.models import User
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

# Not ids: a word, a float, a negative number, an Arabic-Indic digit, a number beyond bigint,
# and one with more digits than Python turns into an int.
NOT_IDS = ("abc", "1e3", "-1", "٣", "9" * 40, "9" * 5000)
# Query-string keys that name a record somewhere in the API or on a list page.
ID_PARAMETERS = (
    "project",
    "programme",
    "conference",
    "pledge",
    "lot",
    "site",
    "commodity",
    "donor",
    "event",
    "dataset",
    "origin",
    "destination",
    "entitlement__cycle",
    "page",
)
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")


@dataclass(frozen=True)
class Route:
    """One URL pattern, its parameters by converter, and the view behind it."""

    template: str  # e.g. "/en/supply/waybills/{pk}/dispatch/"
    converters: dict[str, str]
    view: Any

    def url(self, value: str) -> str:
        values = {
            name: (".json/" if name == "format" else quote(value, safe=""))
            for name in self.converters
        }
        return self.template.format(**values)

    @property
    def takes_an_id(self) -> bool:
        return "int" in self.converters.values()


def _piece(pattern: Any, converters: dict[str, str]) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return "en/"
    if isinstance(pattern, RoutePattern):
        route = str(pattern).replace("{", "{{").replace("}", "}}")

        def placeholder(match: re.Match[str]) -> str:
            converters[match["name"]] = match["converter"] or "str"
            return "{" + match["name"] + "}"

        return PARAMETER.sub(placeholder, route)
    assert isinstance(pattern, RegexPattern)
    regex = str(pattern).removeprefix("^").removesuffix("$")

    def group(match: re.Match[str]) -> str:
        converters[match["name"]] = "regex"
        return "{" + match["name"] + "}"

    return GROUP.sub(group, regex.replace("{", "{{").replace("}", "}}"))


def _walk(
    entries: list[URLPattern | URLResolver], prefix: str, converters: dict[str, str]
) -> Iterator[Route]:
    for entry in entries:
        own = dict(converters)
        template = prefix + _piece(entry.pattern, own)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, template, own)
        else:
            yield Route("/" + template, own, entry.callback)


ROUTES = list(_walk(get_resolver().url_patterns, "", {}))
WITH_PARAMETERS = [route for route in ROUTES if set(route.converters) - {"format"}]
API = [route for route in ROUTES if route.template.startswith("/api/v1/")]


def _writes(route: Route) -> bool:
    actions = getattr(route.view, "actions", None) or {}
    return bool({"post", "put", "patch"} & set(actions))


API_WRITES = [route for route in API if _writes(route) and "format" not in route.converters]
API_LISTS = [
    route
    for route in API
    if not route.converters and "get" in (getattr(route.view, "actions", None) or {})
]
PAGE_LISTS = [
    route
    for route in ROUTES
    if route.template.startswith("/en/")
    and not route.converters
    and not route.template.startswith("/en/admin/")
    and not route.template.startswith("/en/accounts/logout/")
]


@pytest.fixture
def superuser(world: World) -> User:
    """Every role and every country, and the back office: nothing is refused for scope."""
    return User.objects.create_superuser(email="root@example.org", password="x")


@pytest.fixture
def http(superuser: User) -> Client:
    return client_for(superuser)


def test_the_walk_finds_pages_api_and_the_back_office() -> None:
    templates = {route.template for route in WITH_PARAMETERS}
    assert "/en/organisations/{pk}/" in templates
    assert "/api/v1/organisations/{pk}/" in templates
    assert "/en/learning/r/{token}/" in templates
    assert any(t.startswith("/en/admin/") for t in templates)
    assert len(API_WRITES) > 20
    assert len(API_LISTS) > 30


def test_every_id_in_a_path_is_typed() -> None:
    """A path parameter is an int or a named converter; a bare <str:…> or <path:…> only in
    the back office, which parses its own ids."""
    loose = [
        (route.template, name)
        for route in WITH_PARAMETERS
        if not route.template.startswith("/en/admin/")
        for name, converter in route.converters.items()
        if converter in ("str", "path", "regex") and name != "format"
    ]
    assert loose == []


def _ascii_digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


@pytest.mark.parametrize("value", NOT_IDS[:4])
def test_a_value_that_is_not_an_id_reaches_no_view(value: str) -> None:
    reached = []
    for route in WITH_PARAMETERS:
        if not route.takes_an_id:
            continue
        url = route.url(value)
        try:
            match = resolve(url)
        except Resolver404:
            continue
        if match.func is route.view:
            reached.append(url)
    assert reached == []


@pytest.mark.parametrize("value", NOT_IDS)
def test_no_server_error_for_an_id_that_is_not_one(http: Client, value: str) -> None:
    failures = []
    for route in WITH_PARAMETERS:
        if route.template.startswith("/en/admin/") and value != NOT_IDS[0]:
            continue  # the back office parses its own ids; one kind of bad id is enough there
        if route.takes_an_id and value in NOT_IDS[1:4]:
            continue  # reaches no view (shown above): "abc" stands for these
        url = route.url(value)
        status = http.get(url).status_code
        if status >= 500 or (route.takes_an_id and not _ascii_digits(value) and status != 404):
            failures.append((url, status))
    assert failures == []


def test_an_api_address_with_an_id_that_is_not_one_answers_json(http: Client) -> None:
    response = http.get("/api/v1/organisations/abc/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "Il n'y a rien ici, ou cet élément ne relève pas de vos pays."
    }
    page = http.get("/fr/organisations/abc/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


# Only a long number gets past the path converters (shown above); "abc" stands for the rest.
@pytest.mark.parametrize("value", ["abc", "9" * 40])
def test_no_server_error_for_a_posted_id_that_is_not_one(http: Client, value: str) -> None:
    failures = []
    for route in WITH_PARAMETERS:
        if route.template.startswith("/en/admin/"):
            continue
        url = route.url(value)
        status = http.post(url, {}).status_code
        if status >= 500:
            failures.append((url, status))
    assert failures == []


@pytest.mark.parametrize("value", ["abc", "-1", "٣", "9" * 40, "9" * 5000])
def test_no_server_error_for_a_query_string_id_that_is_not_one(http: Client, value: str) -> None:
    assert _lists_failing(http, dict.fromkeys(ID_PARAMETERS, value)) == []


def _lists_failing(http: Client, parameters: dict[str, str]) -> list[str]:
    """Every list page and API list that answers a server error to these query parameters."""
    query = "?" + urlencode(parameters)
    return [
        route.template
        for route in API_LISTS + PAGE_LISTS
        if http.get(route.template + query).status_code >= 500
    ]


def _nested(depth: int) -> str:
    return '{"name": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize(
    ("body", "statuses"),
    [
        pytest.param(_nested(10_000), {400, 403, 404, 405, 415}, id="ten-thousand-levels"),
        pytest.param(_nested(100), {400, 403, 404, 405, 415}, id="a-hundred-levels"),
        pytest.param('{"name": "' + "x" * 1_100_000 + '"}', {403, 404, 405, 413, 415}, id="large"),
        pytest.param('{"name": [1, 2', {400, 403, 404, 405, 415}, id="broken"),
    ],
)
def test_no_server_error_for_a_json_body_too_deep_or_too_large(
    http: Client, body: str, statuses: set[int]
) -> None:
    failures = []
    for route in API_WRITES:
        url = route.url("1")
        for method in ("post", "put", "patch"):
            response = getattr(http, method)(url, body, content_type="application/json")
            if response.status_code >= 500 or (
                response.status_code not in statuses and response.status_code < 300
            ):
                failures.append((method, url, response.status_code))
    assert failures == []


def test_a_json_body_nested_too_deep_is_refused_with_a_reason(http: Client) -> None:
    response = http.post("/api/v1/organisations/", _nested(10_000), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "The JSON body is nested more than 32 levels deep."}

    shallow = http.post("/api/v1/organisations/", _nested(33), content_type="application/json")
    assert shallow.status_code == 400
    assert "nested" in shallow.json()["detail"]


def test_a_json_body_that_does_not_parse_is_refused_with_a_reason(http: Client) -> None:
    response = http.post(
        "/api/v1/organisations/", '{"name": [1, 2', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is not valid JSON."}


def test_a_json_body_nested_within_the_limit_is_read(http: Client) -> None:
    response = http.post("/api/v1/organisations/", _nested(30), content_type="application/json")
    # Read, then refused by the serializer for what it says, not for how deep it is.
    assert response.status_code == 400
    assert "nested" not in json.dumps(response.json())


@override_settings(API_JSON_MAX_BYTES=1000)
def test_a_json_body_too_large_is_refused_with_a_reason(http: Client) -> None:
    body = json.dumps({"name": "x" * 2000, "kind": "ngo"})
    response = http.post("/api/v1/organisations/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request body is larger than the 1000\xa0bytes allowed."
    }


def test_the_refusal_speaks_the_callers_language(http: Client) -> None:
    response = http.post(
        "/api/v1/organisations/",
        _nested(40),
        content_type="application/json",
        headers={"accept-language": "fr"},
    )
    assert response.status_code == 400
    assert "imbriqué" in response.json()["detail"]


def test_a_required_query_string_id_that_is_not_one_is_not_found(http: Client) -> None:
    assert http.get("/api/v1/learning/registrations/?event=abc").status_code == 404


def test_a_required_query_string_id_left_out_is_named(http: Client) -> None:
    response = http.get("/api/v1/learning/registrations/", headers={"accept-language": "fr"})
    assert response.status_code == 400
    assert response.json() == {"event": ["Ce champ est obligatoire."]}


@pytest.mark.parametrize(
    ("error", "status"),
    [
        pytest.param(RateMissing("No rate for KZT"), 422, id="domain-error"),
        pytest.param(ValidationError("Wrong"), 400, id="validation-error"),
        pytest.param(ValidationError({"name": "Wrong"}), 400, id="validation-error-by-field"),
        pytest.param(ValueError("invalid literal"), 400, id="value-error"),
        pytest.param(TypeError("unhashable"), 400, id="type-error"),
        pytest.param(RequestDataTooBig("too big"), 413, id="request-too-big"),
        pytest.param(TooManyFieldsSent("too many"), 413, id="too-many-fields"),
        pytest.param(LengthNotANumber("abc"), 400, id="length-not-a-number"),
        pytest.param(Http404(), 404, id="not-found"),
        pytest.param(PermissionDenied(), 403, id="permission-denied"),
    ],
)
def test_the_api_answers_every_refusal_with_a_4xx_and_a_message(
    error: Exception, status: int
) -> None:
    response = exception_handler(error, {})
    assert response is not None
    assert response.status_code == status
    assert response.data


def test_a_fault_stays_a_server_error() -> None:
    assert exception_handler(KeyError("bug"), {}) is None


# Query-string keys that carry a text to look for somewhere on a list page or in the API.
TEXT_PARAMETERS = ("q", "search", "reference", "name", "code", "email", "phone", "id_number")


@pytest.mark.parametrize("value", ["\x00", "a\x00b", "\x1b[0m"])
def test_no_server_error_for_a_control_character_in_a_text_filter(http: Client, value: str) -> None:
    """PostgreSQL refuses a NUL in any text it is given: a filter must refuse it first."""
    http.raise_request_exception = False
    assert _lists_failing(http, dict.fromkeys(TEXT_PARAMETERS, value)) == []


def test_a_search_with_a_control_character_is_named_in_the_api_and_no_search_on_a_page(
    http: Client,
) -> None:
    refused = http.get("/api/v1/search/?q=ab%00c")
    assert refused.status_code == 400
    assert list(refused.json()) == ["q"]
    page = http.get("/en/search/?q=ab%00c")
    assert page.status_code == 200
    assert "ab\x00c" not in page.content.decode()
