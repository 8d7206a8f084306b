"""The policy profiles and the SDG 2 values are listed by their country's name as the reader
reads it (Égypte before Tchad in French, الأردن before تشاد in Arabic), page after page, in as
few queries as the English list."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sunbula.core import pagination
from sunbula.core import services as core_services
from sunbula.core.models import Country, User
from sunbula.policy import services
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

READ = {
    "en": ["Afghanistan", "Chad", "Egypt", "Jordan", "Kazakhstan"],
    "fr": ["Afghanistan", "Égypte", "Jordanie", "Kazakhstan", "Tchad"],
    "ar": ["أفغانستان", "الأردن", "تشاد", "كازاخستان", "مصر"],
}


def _member_state(iso2: str, iso3: str, name: str, fr: str, ar: str) -> Country:
    country = core_services.country_upsert(
        actor=None, iso2=iso2, iso3=iso3, name=name, name_translations={"fr": fr, "ar": ar}
    )
    core_services.member_state_upsert(actor=None, country=country, iofs_membership="member")
    return country


@pytest.fixture
def countries(world: World) -> list[Country]:
    return [
        world.afghanistan,
        world.kazakhstan,
        _member_state("TD", "TCD", "Chad", "Tchad", "تشاد"),
        _member_state("EG", "EGY", "Egypt", "Égypte", "مصر"),
        _member_state("JO", "JOR", "Jordan", "Jordanie", "الأردن"),
    ]


def _value(analyst: User, country: Country, series_code: str, year: int) -> None:
    services.indicator_value_record(
        actor=analyst,
        country=country,
        series_code=series_code,
        year=year,
        value="12.5",
        source="Test",
        retrieved_on=datetime.date(2025, 1, 1),
    )


def _profile_rows(html: str) -> list[str]:
    return re.findall(r'<tr>\s*<td><a href="[^"]*/policy/\d+/">([^<]*)</a>', html)


def _indicator_rows(html: str) -> list[tuple[str, str, str]]:
    return re.findall(r"<tr><td>([^<]*)</td><td><code>([^<]*)</code></td><td>(\d+)</td>", html)


def _get(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _two_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    paginator = pagination.Paginator
    monkeypatch.setattr(
        pagination, "Paginator", lambda records, _per_page, **keys: paginator(records, 2, **keys)
    )


def test_profiles_are_listed_by_the_name_the_reader_reads(
    countries: list[Country], analyst: User
) -> None:
    for country in countries:
        services.profile_create(actor=analyst, country=country)
    client = client_for(analyst)
    queries = {}
    for language, names in READ.items():
        html, queries[language] = _get(client, f"/{language}/policy/")
        assert _profile_rows(html) == names, language
    assert queries["fr"] <= queries["en"] and queries["ar"] <= queries["en"]


def test_profiles_are_paged_in_the_readers_order(
    countries: list[Country], analyst: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for country in countries:
        services.profile_create(actor=analyst, country=country)
    _two_a_page(monkeypatch)
    client = client_for(analyst)
    pages = [_profile_rows(_get(client, f"/fr/policy/?page={page}")[0]) for page in (1, 2, 3)]
    assert pages == [READ["fr"][0:2], READ["fr"][2:4], READ["fr"][4:]]


JORDAN = {"en": "Jordan", "fr": "Jordanie", "ar": "الأردن"}


def _expected_values(language: str) -> list[tuple[str, str, str]]:
    """Each country's value of 2022; Jordan's three by series, the latest year first."""
    rows = []
    for name in READ[language]:
        if name == JORDAN[language]:
            rows += [(name, "SH_STA_WAST", "2020"), (name, "SN_ITK_DEFC", "2022")]
            rows += [(name, "SN_ITK_DEFC", "2021")]
        else:
            rows.append((name, "SN_ITK_DEFC", "2022"))
    return rows


def test_sdg2_values_are_listed_by_the_name_the_reader_reads_then_series_and_year(
    countries: list[Country], analyst: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for country in countries:
        _value(analyst, country, "SN_ITK_DEFC", 2022)
    jordan = countries[-1]
    _value(analyst, jordan, "SN_ITK_DEFC", 2021)
    _value(analyst, jordan, "SH_STA_WAST", 2020)
    client = client_for(analyst)
    queries = {}
    for language in READ:
        html, queries[language] = _get(client, f"/{language}/policy/indicators/")
        assert _indicator_rows(html) == _expected_values(language), language
    assert queries["fr"] <= queries["en"] + 1 and queries["ar"] <= queries["en"] + 1
    _two_a_page(monkeypatch)
    paged = [
        _indicator_rows(_get(client, f"/ar/policy/indicators/?page={page}")[0])
        for page in (1, 2, 3, 4)
    ]
    assert [row for page in paged for row in page] == _expected_values("ar")
