"""Pages in Arabic read right to left with translated navigation; French and Russian too."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from sunbula.assistance.models import Cycle
from sunbula.core import search
from sunbula.core.models import User
from sunbula.learning.models import EventSession
from sunbula.programmes.models import Asset
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Navigation labels as each catalogue translates them (read from the catalogue, so a missing
# translation shows up as the English label and fails the test).
NAVIGATION = ("Organisations", "Member states", "Sites")


def _nav_labels(html: str) -> list[str]:
    nav = re.search(r"<nav aria-label=\"[^\"]*\"><ul>(.*?)</ul></nav>", html, re.S)
    assert nav, "no domain navigation"
    return re.findall(r">([^<>]+)</a>", nav.group(1))


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr"), ("ru", "ltr")])
def test_home_page_is_in_the_chosen_language(
    officer_afg: User, language: str, direction: str
) -> None:
    html = client_for(officer_afg).get(f"/{language}/").content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    labels = _nav_labels(html)
    with translation.override(language):
        expected = [translation.gettext(label) for label in NAVIGATION]
    assert set(expected) <= set(labels)
    # Some labels are spelt alike ("Sites" in French); at least one must differ.
    assert expected != list(NAVIGATION), f"untranslated navigation: {labels}"


@pytest.mark.parametrize("language", ["en", "ar", "fr", "ru"])
def test_no_two_navigation_entries_read_alike(admin: User, language: str) -> None:
    """The administrator sees every entry; two alike would leave a reader guessing (Russian
    read "Объекты" for both the sites and the assets)."""
    labels = _nav_labels(client_for(admin).get(f"/{language}/").content.decode())
    assert len(labels) > 20
    assert sorted(labels) == sorted(set(labels)), labels


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_the_kinds_of_record_read_apart(language: str) -> None:
    """The kinds the search box groups records under (sites, lots, farmer courses…), with
    assistance cycles, event sessions and assets, are named apart in each language (Arabic
    called a cycle, a course and a session alike; Russian a site and an asset)."""
    kinds = [source.kind for _order, source in search._sources if hasattr(source, "kind")]
    kinds += [model._meta.verbose_name_plural for model in (Cycle, EventSession, Asset)]
    with translation.override(language):
        named = [str(kind).casefold() for kind in kinds]
    assert len(kinds) > 10
    assert len(set(named)) == len(named), sorted(named)


def test_english_is_left_to_right_with_english_navigation(officer_afg: User) -> None:
    html = client_for(officer_afg).get("/en/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert set(NAVIGATION) <= set(_nav_labels(html))


def test_arabic_navigation_is_arabic_script(officer_afg: User) -> None:
    labels = _nav_labels(client_for(officer_afg).get("/ar/").content.decode())
    assert all(re.search(r"[\u0600-\u06FF]", label) for label in labels), labels


def test_russian_navigation_is_cyrillic(officer_afg: User) -> None:
    labels = _nav_labels(client_for(officer_afg).get("/ru/").content.decode())
    assert all(re.search(r"[\u0400-\u04FF]", label) for label in labels), labels


def test_content_names_follow_the_language_with_english_fallback(
    officer_afg: User, world: object
) -> None:
    client = client_for(officer_afg)
    arabic = client.get("/ar/sites/").content.decode()
    assert "كابل" in arabic  # Kabul's Arabic name from its translations
    french = client.get("/fr/sites/").content.decode()
    assert "Kabul" in french  # no French name recorded: English


def test_switching_language_remembers_the_choice(officer_afg: User) -> None:
    client = client_for(officer_afg)
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/en/"})
    assert response.status_code == 302
    assert response["Location"] == "/ar/"
    officer_afg.refresh_from_db()
    assert officer_afg.preferred_language == "ar"


def test_unknown_language_is_ignored(client: Client, officer_afg: User) -> None:
    client.force_login(officer_afg)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/en/"})
    officer_afg.refresh_from_db()
    assert officer_afg.preferred_language == "en"
