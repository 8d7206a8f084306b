"""Generated from the URL configuration: every page and endpoint needs a signed-in user."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse

# Public by design: these URL names, and every view marked with Django's @login_not_required.
PUBLIC_NAMES = {"login", "healthz", "set_language"}
SAMPLES = ("1", "AFG", "core", "json")

# Views that domains made public on purpose (registration, verification, announcements).
EXPECTED_PUBLIC_VIEWS = {
    "learning:event_register",
    "learning:certificate_verify",
    "learning:certificate_download",
    "learning:registration_status",
    "learning:registration_respond",
    "learning:farm_courses",
    "learning:farm_course",
    "learning:farm_lesson",
    "learning:farm_certificate",
    "learning:survey_answer",
    "funding:conference_announcements",
    # The front door: the public's way in, and the staff dashboard once signed in.
    "core:home",
    # An invitation, and a forgotten password, are used before one can sign in.
    "core:invitation_accept",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


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


def is_public(name: str, url: str) -> bool:
    if name in PUBLIC_NAMES:
        return True
    # DRF marks every API view exempt from Django's login check: it authenticates itself.
    if url.startswith("/api/"):
        return False
    return getattr(resolve(url).func, "login_required", True) is False


PUBLIC = [(name, url) for name, url in URLS if is_public(name, url)]
PRIVATE = [(name, url) for name, url in URLS if not is_public(name, url)]


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
@pytest.mark.parametrize(("name", "url"), PRIVATE)
def test_anonymous_visitor_is_turned_away(client: Client, name: str, url: str) -> None:
    response = client.get(url)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"], f"{name} redirected elsewhere"
    else:
        assert response.status_code in (401, 403), (
            f"{name} ({url}) answered {response.status_code} without a login"
        )


def test_only_the_expected_pages_are_public() -> None:
    """A new public page is a decision: add it here when you make one."""
    public = {name for name, _url in PUBLIC}
    assert public <= PUBLIC_NAMES | EXPECTED_PUBLIC_VIEWS, public - PUBLIC_NAMES


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), PUBLIC)
def test_public_pages_answer_without_login(client: Client, name: str, url: str) -> None:
    if name == "set_language":
        response = client.post(url, {"language": "ar", "next": "/ar/"})
        assert response.status_code == 302
        return
    response = client.get(url)
    # Sample ids may not exist (404); an unpublished page may send staff to sign in (302).
    assert response.status_code in (200, 302, 404, 405), f"{name}: {response.status_code}"
