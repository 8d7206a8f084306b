"""Generated from the URL configuration: every page and endpoint needs a signed-in user."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

# URL names that are public by design.
PUBLIC = {"login", "healthz", "set_language"}
SAMPLES = ("1", "AFG", "core", "json")


def _walk(
    patterns: list[URLPattern | URLResolver], namespace: str = "", inherited: tuple[str, ...] = ()
) -> Iterator[tuple[str, tuple[str, ...]]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            own = tuple(entry.pattern.regex.groupindex)
            yield from _walk(entry.url_patterns, inner, inherited + own)
        elif entry.name:
            yield f"{namespace}{entry.name}", inherited + tuple(entry.pattern.regex.groupindex)


def _sample_url(name: str, arguments: tuple[str, ...]) -> str | None:
    choices = [("json",) if argument == "format" else SAMPLES for argument in arguments]
    for values in product(*choices):
        try:
            return reverse(name, kwargs=dict(zip(arguments, values, strict=True)))
        except NoReverseMatch:
            continue
    return None


def all_urls() -> list[tuple[str, str]]:
    """(URL name, a URL it answers) for every named route; pages in English."""
    urls: dict[str, str] = {}
    for name, arguments in _walk(get_resolver().url_patterns):
        url = _sample_url(name, arguments)
        assert url is not None, f"cannot build a URL for {name}"
        urls.setdefault(url, name)
    return sorted((name, url) for url, name in urls.items())


URLS = all_urls()


def test_the_walk_finds_pages_api_and_admin() -> None:
    names = {name for name, _url in URLS}
    assert {
        "core:home",
        "core:site_detail",
        "organisation-list",
        "admin:index",
        "api_docs",
        "schema",
    } <= names
    assert len(URLS) > 40


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), [pair for pair in URLS if pair[0] not in PUBLIC])
def test_anonymous_visitor_is_turned_away(client: Client, name: str, url: str) -> None:
    response = client.get(url)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"], f"{name} redirected elsewhere"
    else:
        assert response.status_code in (401, 403), (
            f"{name} ({url}) answered {response.status_code} without a login"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), [pair for pair in URLS if pair[0] in PUBLIC])
def test_public_pages_answer_without_login(client: Client, name: str, url: str) -> None:
    if name == "set_language":
        response = client.post(url, {"language": "ar", "next": "/ar/"})
        assert response.status_code == 302
    else:
        assert client.get(url).status_code == 200
