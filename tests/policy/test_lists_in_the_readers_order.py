"""The policy profiles, the SDG 2 values and an assessment's scores are listed by their
country's name as the reader reads it (Égypte before Tchad in French, الأردن before تشاد in
Arabic), page after page, in as few queries as the English list; the API lists them in the
order of the language it is asked in."""

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
from sunbula.core.pagination import ApiPagination
from sunbula.policy import services
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

READ = {
    "en": ["Afghanistan", "Chad", "Egypt", "Jordan", "Kazakhstan"],
    "fr": ["Afghanistan", "Égypte", "Jordanie", "Kazakhstan", "Tchad"],
    "ar": ["أفغانستان", "الأردن", "تشاد", "كازاخستان", "مصر"],
    "ru": ["Афганистан", "Египет", "Иордания", "Казахстан", "Чад"],
}


def _member_state(iso2: str, iso3: str, name: str, fr: str, ar: str, ru: str) -> Country:
    country = core_services.country_upsert(
        actor=None,
        iso2=iso2,
        iso3=iso3,
        name=name,
        name_translations={"fr": fr, "ar": ar, "ru": ru},
    )
    core_services.member_state_upsert(actor=None, country=country, iofs_membership="member")
    return country


@pytest.fixture
def countries(world: World) -> list[Country]:
    return [
        world.afghanistan,
        world.kazakhstan,
        _member_state("TD", "TCD", "Chad", "Tchad", "تشاد", "Чад"),
        _member_state("EG", "EGY", "Egypt", "Égypte", "مصر", "Египет"),
        _member_state("JO", "JOR", "Jordan", "Jordanie", "الأردن", "Иордания"),
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


JORDAN = {"en": "Jordan", "fr": "Jordanie", "ar": "الأردن", "ru": "Иордания"}


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


# Each country's ISO3 code, by its name in every language read.
ISO3 = {
    name: iso3
    for iso3, names in {
        "AFG": ("Afghanistan", "أفغانستان", "Афганистан"),
        "TCD": ("Chad", "Tchad", "تشاد", "Чад"),
        "EGY": ("Egypt", "Égypte", "مصر", "Египет"),
        "JOR": ("Jordan", "Jordanie", "الأردن", "Иордания"),
        "KAZ": ("Kazakhstan", "كازاخستان", "Казахстан"),
    }.items()
    for name in names
}


def _expected_api_rows(language: str) -> list[tuple[str, str, int]]:
    """What the API lists in `language`: the page's rows, each country by its ISO3 code."""
    return [(ISO3[name], series, int(year)) for name, series, year in _expected_values(language)]


def _api_rows(client: Client, url: str, language: str) -> tuple[list[tuple[str, str, int]], str]:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    body = response.json()
    rows = [(row["country"], row["series_code"], row["year"]) for row in body["results"]]
    return rows, body["next"] or ""


def test_the_api_lists_sdg2_values_in_the_order_of_the_language_asked_page_after_page(
    countries: list[Country], analyst: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for country in countries:
        _value(analyst, country, "SN_ITK_DEFC", 2022)
    jordan = countries[-1]
    _value(analyst, jordan, "SN_ITK_DEFC", 2021)
    _value(analyst, jordan, "SH_STA_WAST", 2020)
    client = client_for(analyst)
    for language in READ:
        rows, _next = _api_rows(client, "/api/v1/indicator-values/", language)
        assert rows == _expected_api_rows(language), language
    # A filter keeps the reader's order among the values it leaves.
    rows, _next = _api_rows(client, "/api/v1/indicator-values/?series_code=SN_ITK_DEFC", "fr")
    assert rows == [row for row in _expected_api_rows("fr") if row[1] == "SN_ITK_DEFC"]
    monkeypatch.setattr(ApiPagination, "page_size", 2)
    for language in ("ar", "ru"):
        walked: list[tuple[str, str, int]] = []
        url = "/api/v1/indicator-values/"
        while url:
            rows, url = _api_rows(client, url, language)
            walked += rows
        assert walked == _expected_api_rows(language), language


def _walk(client: Client, url: str, language: str) -> list[str]:
    """The country of every row the API lists, page after page by its `next` links."""
    walked: list[str] = []
    while url:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        body = response.json()
        walked += [row["country"] for row in body["results"]]
        url = body["next"] or ""
    return walked


def test_the_api_lists_profiles_in_the_order_of_the_language_asked_page_after_page(
    countries: list[Country], analyst: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for country in countries:
        services.profile_create(actor=analyst, country=country)
    client = client_for(analyst)
    for language, names in READ.items():
        assert _walk(client, "/api/v1/policy-profiles/", language) == [ISO3[n] for n in names]
    # A filter keeps the reader's order among the profiles it leaves.
    assert _walk(client, "/api/v1/policy-profiles/?status=draft", "ar") == [
        ISO3[name] for name in READ["ar"]
    ]
    monkeypatch.setattr(ApiPagination, "page_size", 2)
    for language in ("ar", "fr", "ru"):
        walked = _walk(client, "/api/v1/policy-profiles/", language)
        assert walked == [ISO3[name] for name in READ[language]], language


def _scored(countries: list[Country], analyst: User) -> int:
    """A framework of two criteria; each country scored on the first in 2024, Jordan also
    on both in 2023."""
    framework = services.framework_create(
        actor=analyst,
        code="FSG",
        name="Food security governance",
        criteria=[("C1", "Strategy in force", {}), ("C2", "Coordinating body", {})],
    )
    first, second = framework.criteria.order_by("order")
    for country in countries:
        services.score_record(
            actor=analyst, criterion=first, country=country, year=2024, score=2, evidence="Seen"
        )
    jordan = countries[-1]
    for criterion in (second, first):
        services.score_record(
            actor=analyst, criterion=criterion, country=jordan, year=2023, score=1, evidence="Old"
        )
    return framework.pk


def _expected_scores(language: str) -> list[tuple[str, int, str]]:
    """Each country's score of 2024 by its name in `language`; Jordan's, then those of 2023
    by the criteria's order."""
    rows = []
    for name in READ[language]:
        rows.append((name, 2024, "C1"))
        if name == JORDAN[language]:
            rows += [(name, 2023, "C1"), (name, 2023, "C2")]
    return rows


def test_the_api_lists_an_assessments_scores_in_the_order_of_the_language_asked(
    countries: list[Country], analyst: User
) -> None:
    framework = _scored(countries, analyst)
    client = client_for(analyst)
    for language in READ:
        response = client.get(
            f"/api/v1/assessment-frameworks/{framework}/scores/", HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 200
        rows = [(row["country"], row["year"], row["criterion"]) for row in response.json()]
        expected = [(ISO3[name], year, code) for name, year, code in _expected_scores(language)]
        assert rows == expected, language


def test_an_assessments_page_lists_its_scores_in_the_readers_order(
    countries: list[Country], analyst: User
) -> None:
    framework = _scored(countries, analyst)
    client = client_for(analyst)
    for language in READ:
        html = _get(client, f"/{language}/policy/frameworks/{framework}/")[0]
        rows = re.findall(r"<tr><td>([^<]*)</td><td>(\d+)</td><td>([^<]*)</td>", html)
        assert rows == [(name, str(year), code) for name, year, code in _expected_scores(language)]


def test_lists_with_nothing_in_them_are_read_in_every_language(analyst: User) -> None:
    framework = services.framework_create(
        actor=analyst, code="FSG", name="Food security governance", criteria=[("C1", "Plan", {})]
    )
    client = client_for(analyst)
    for language in READ:
        for url in ("/api/v1/policy-profiles/", "/api/v1/indicator-values/"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (url, language)
            assert response.json()["results"] == []
        scores = f"/api/v1/assessment-frameworks/{framework.pk}/scores/"
        response = client.get(scores, HTTP_ACCEPT_LANGUAGE=language)
        assert (response.status_code, response.json()) == (200, [])
        for page in ("policy/", "policy/indicators/", f"policy/frameworks/{framework.pk}/"):
            assert client.get(f"/{language}/{page}").status_code == 200, (page, language)
