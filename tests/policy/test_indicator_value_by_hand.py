"""An analyst records an SDG 2 value by hand (a national figure the UN database lacks), or
corrects the one held, from the indicators list and through the API; a country's analyst
records only for that country, and a bad series code or year writes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.http import HttpResponse
from django.test import Client

from sunbula.core.models import AuditEntry, Role, User
from sunbula.policy import services
from sunbula.policy.models import IndicatorValue
from tests.conftest import World, client_for, make_persona
from tests.openapi import assert_documented

pytestmark = pytest.mark.django_db
JSON = "application/json"
PAGE = "/en/policy/indicators/new/"
API = "/api/v1/indicator-values/"
FIGURE = {
    "country": "AFG",
    "series_code": "SN_ITK_DEFC",
    "year": "2023",
    "qualifier": "",
    "value": "29.8",
    "units": "PERCENT",
    "source": "National Statistics and Information Authority",
    "retrieved_on": "2025-09-01",
}


@pytest.fixture
def analyst_afg(world: World) -> User:
    """A policy analyst whose role names Afghanistan alone."""
    return make_persona(
        "analyst.afg@example.org", Role.POLICY_ANALYST, world.iofs, [world.afghanistan]
    )


def _shown(client: Client, answer: HttpResponse) -> str:
    """The page the answer sends the reader to, with its message."""
    return client.get(answer["Location"]).content.decode()


def _entries(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


def test_an_analyst_records_a_value_then_corrects_it_from_the_list(analyst: User) -> None:
    client = client_for(analyst)
    listed = client.get("/en/policy/indicators/").content.decode()
    assert 'href="/en/policy/indicators/new/"' in listed and "Record a value" in listed
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Record an indicator value" in html
    assert '<option value="SH_STA_STNT">' in html  # a series the report compares, suggested

    recorded = client.post(PAGE, FIGURE)
    assert recorded.status_code == 302
    assert recorded["Location"] == "/en/policy/indicators/?country=AFG&series=SN_ITK_DEFC"
    assert "The SN_ITK_DEFC value for 2023 is recorded." in _shown(client, recorded)
    value = IndicatorValue.objects.get()
    assert (value.value, value.qualifier, value.source) == (
        Decimal("29.8"),
        "",
        FIGURE["source"],
    )
    assert _entries("policy.indicatorvalue.created") == 1

    corrected = client.post(PAGE, {**FIGURE, "qualifier": "<", "value": "2.5"})
    assert corrected.status_code == 302
    shown = _shown(client, corrected)
    assert "The SN_ITK_DEFC value for 2023 is corrected." in shown
    value = IndicatorValue.objects.get()
    assert (value.qualifier, value.value) == ("<", Decimal("2.5"))
    assert _entries("policy.indicatorvalue.created") == 1
    assert _entries("policy.indicatorvalue.updated") == 1
    assert "<bdi>&lt;2.5</bdi>" in shown


def test_the_page_speaks_the_readers_language(analyst: User) -> None:
    html = client_for(analyst).get("/fr/policy/indicators/new/").content.decode()
    assert "<h1>Enregistrer une valeur d&#x27;indicateur</h1>" in html
    assert "Qui a publié le chiffre" in html


@pytest.mark.parametrize(
    ("field", "given"),
    [("series_code", "sn itk defc"), ("year", "1850"), ("country", "KAZ"), ("value", "a lot")],
)
def test_a_bad_field_is_named_and_nothing_is_written(
    analyst_afg: User, field: str, given: str
) -> None:
    """Kazakhstan is outside this analyst's countries: refused like a country not offered."""
    entries = AuditEntry.objects.count()
    answer = client_for(analyst_afg).post(PAGE, {**FIGURE, field: given})
    assert answer.status_code == 422
    assert answer.context["form"].errors.keys() == {field}
    assert 'class="field invalid"' in answer.content.decode()
    assert not IndicatorValue.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_a_country_analyst_is_offered_only_their_country(analyst_afg: User) -> None:
    page = client_for(analyst_afg).get(PAGE)
    countries = [iso3 for iso3, _label in page.context["form"].fields["country"].choices if iso3]
    assert [str(iso3) for iso3 in countries] == ["AFG"]
    assert client_for(analyst_afg).post(PAGE, FIGURE).status_code == 302


def test_those_who_do_not_import_values_are_not_offered_the_page(officer_afg: User) -> None:
    client = client_for(officer_afg)
    assert "/en/policy/indicators/new/" not in client.get("/en/policy/indicators/").content.decode()
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, FIGURE).status_code == 403
    assert client.post(API, FIGURE, content_type=JSON).status_code == 403
    assert not IndicatorValue.objects.exists()


def test_a_value_is_recorded_and_corrected_through_the_api(analyst: User) -> None:
    client = client_for(analyst)
    made = client.post(API, FIGURE, content_type=JSON)
    assert made.status_code == 201, made.json()
    assert_documented(made, "post")
    stored = IndicatorValue.objects.get()
    listed = client.get(API, {"country": "AFG"}).json()["results"]
    assert made.json() == listed[0]
    assert made.json()["value"] == "29.8000" and made.json()["country"] == "AFG"
    again = client.post(API, {**FIGURE, "value": "30.1"}, content_type=JSON)
    assert again.status_code == 201 and again.json()["id"] == stored.pk
    assert IndicatorValue.objects.get().value == Decimal("30.1")
    assert _entries("policy.indicatorvalue.created") == 1
    assert _entries("policy.indicatorvalue.updated") == 1


def test_the_api_refuses_a_country_outside_scope_like_a_missing_one(
    analyst_afg: User, world: World
) -> None:
    client = client_for(analyst_afg)
    outside = client.post(API, {**FIGURE, "country": "KAZ"}, content_type=JSON)
    missing = client.post(API, {**FIGURE, "country": "ZZZ"}, content_type=JSON)
    assert outside.status_code == missing.status_code == 400
    assert_documented(outside, "post")
    assert outside.json()["country"] == [
        message.replace("ZZZ", "KAZ") for message in missing.json()["country"]
    ]
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(("field", "given"), [("series_code", "SN-ITK"), ("year", 2200)])
def test_the_api_names_a_bad_field_and_writes_nothing(
    analyst: User, field: str, given: object
) -> None:
    entries = AuditEntry.objects.count()
    answer = client_for(analyst).post(API, {**FIGURE, field: given}, content_type=JSON)
    assert answer.status_code == 400 and set(answer.json()) == {field}
    assert not IndicatorValue.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_an_imported_code_is_suggested(analyst: User, world: World) -> None:
    services.indicator_value_record(
        actor=analyst,
        country=world.kazakhstan,
        series_code="AG_PRD_ORTIND",
        year=2021,
        value="0.4",
        source="UN SDG Global Database",
        retrieved_on=datetime.date(2025, 1, 1),
    )
    html = client_for(analyst).get(PAGE).content.decode()
    assert '<option value="AG_PRD_ORTIND">' in html


def test_a_negative_share_is_refused_on_the_value(analyst: User) -> None:
    client = client_for(analyst)
    response = client.post(PAGE, {**FIGURE, "value": "-3"})
    assert response.status_code == 422
    assert "SN_ITK_DEFC is a share or a count: it cannot be negative." in response.content.decode()
    answer = client.post(API, {**FIGURE, "value": "-3"}, content_type=JSON)
    assert answer.status_code == 400
    assert "value" in answer.json()
    assert not IndicatorValue.objects.exists()
