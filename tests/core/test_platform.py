"""Health check, settings from the environment, content in several languages, API docs."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from sunbula.config.env import ConfigurationError, database_from_url, env_bool, env_str
from sunbula.core.models import User
from sunbula.core.multilingual import localized, validate_translations
from tests.conftest import client_for


@pytest.mark.django_db
def test_healthz_answers_without_login_with_the_database_status(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_secrets_can_come_from_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("SUNBULA_SECRET_KEY_FILE", str(secret))
    assert env_str("SUNBULA_SECRET_KEY") == "s3cret"


def test_booleans_are_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUNBULA_DEBUG", "maybe")
    with pytest.raises(ConfigurationError):
        env_bool("SUNBULA_DEBUG")
    monkeypatch.setenv("SUNBULA_DEBUG", "yes")
    assert env_bool("SUNBULA_DEBUG") is True


def test_database_url_is_read() -> None:
    database = database_from_url("postgres://app:p%40ss@db.internal:6432/sunbula?sslmode=require")
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["USER"], database["PASSWORD"], database["HOST"], database["PORT"]) == (
        "app",
        "p@ss",
        "db.internal",
        "6432",
    )
    assert database["OPTIONS"] == {"sslmode": "require"}
    with pytest.raises(ConfigurationError):
        database_from_url("mysql://x@y/z")


def test_localized_falls_back_to_english() -> None:
    names = {"ar": "كابل", "fa-af": "کابل"}
    assert localized("Kabul", names, "ar") == "كابل"
    assert localized("Kabul", names, "fr") == "Kabul"
    assert localized("Kabul", names, "fa-af") == "کابل"
    assert localized("Kabul", {"ar": "  "}, "ar") == "Kabul"
    with translation.override("ar"):
        assert localized("Kabul", names) == "كابل"


def test_translations_accept_interface_and_farmer_languages_only() -> None:
    validate_translations({"ar": "x", "ps": "y", "fa-af": "z"})
    with pytest.raises(ValidationError):
        validate_translations({"de": "x"})
    with pytest.raises(ValidationError):
        validate_translations(["ar"])


def test_dari_and_pashto_are_right_to_left() -> None:
    for code in ("ar", "fa-af", "ps"):
        assert translation.get_language_info(code)["bidi"] is True


@pytest.mark.django_db
def test_api_schema_and_docs_are_served_locally(officer_afg: User) -> None:
    client = client_for(officer_afg)
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {
        "/api/v1/organisations/",
        "/api/v1/member-states/",
        "/api/v1/countries/",
        "/api/v1/admin-areas/",
        "/api/v1/exchange-rates/",
        "/api/v1/sites/",
    } <= set(paths)
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower() and "//unpkg" not in docs


@pytest.mark.django_db
def test_api_paginates_and_filters_member_states(officer_afg: User, world: object) -> None:
    data = client_for(officer_afg).get("/api/v1/member-states/?iofs_membership=member").json()
    assert data["count"] == 2
    assert {row["country"]["iso3"] for row in data["results"]} == {"AFG", "KAZ"}
    area = client_for(officer_afg).get("/api/v1/admin-areas/AF32/").json()
    assert (area["p_code"], area["iso_3166_2"], area["country"]) == ("AF32", "AF-HER", "AFG")
