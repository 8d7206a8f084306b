"""The database away: every page and API call says so (503, translated) and the server
answers again as soon as the database is back; personal data is never cached."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.db.utils import ConnectionHandler
from django.test import Client

from sunbula.config.env import cache_from_url, sqlite_database
from sunbula.core.models import AuditEntry, User
from sunbula.registry import services as registry_services
from tests.conftest import World, client_for


def _quiet(client: Client) -> Client:
    client.raise_request_exception = False
    return client


def test_pages_and_the_api_answer_503_while_the_database_is_down_then_recover(
    officer_afg: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = _quiet(client_for(officer_afg))
    assert client.get("/en/").status_code == 200

    def refuse() -> None:
        raise OperationalError("connection to server at 127.0.0.1, port 1 failed")

    with monkeypatch.context() as down:
        down.setattr(connection, "ensure_connection", refuse)
        page = client.get("/fr/")
        assert page.status_code == 503
        assert page["Content-Type"].startswith("text/html")
        assert page["Retry-After"]
        assert "base de données" in page.content.decode()

        api = client.get("/api/v1/countries/", HTTP_ACCEPT_LANGUAGE="ru")
        assert api.status_code == 503
        assert api["Content-Type"] == "application/json"
        assert "базой данных" in api.json()["detail"]

    assert client.get("/en/").status_code == 200
    assert client.get("/api/v1/countries/").status_code == 200


@pytest.mark.django_db
def test_the_api_answers_503_while_the_shared_cache_is_unreachable(settings: Any) -> None:
    """The API's throttles count in Redis; Redis away is a 503 like the database away."""
    settings.CACHES = {"default": cache_from_url("redis://127.0.0.1:1/0")}
    answer = _quiet(Client()).get("/api/v1/countries/", HTTP_ACCEPT_LANGUAGE="fr")
    assert answer.status_code == 503
    assert answer["Retry-After"]
    assert "services" in answer.json()["detail"]
    assert "base de données" not in answer.json()["detail"]


def test_a_locked_database_in_a_view_is_a_503_not_a_500(
    officer_afg: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = _quiet(client_for(officer_afg))
    client.get("/en/")  # session read before the lock

    def locked(*arguments: Any, **keywords: Any) -> None:
        raise OperationalError("database is locked")

    with monkeypatch.context() as busy:
        busy.setattr("sunbula.core.views.render", locked)
        assert client.get("/en/").status_code == 503


def test_sqlite_waits_for_the_write_lock_only_a_few_seconds(settings: Any, tmp_path: Path) -> None:
    """What SQLite itself is told on each connection the settings make: wait at most
    SUNBULA_SQLITE_BUSY_SECONDS for a writer, take the write lock when a transaction begins
    (so that a waiting request fails at once rather than deadlocking), WAL. A connection is
    kept between requests, checked before reuse: opening one reads the whole schema again
    (about 5 ms, more than a list page's queries)."""
    assert settings.SQLITE_BUSY_SECONDS == 5
    database = sqlite_database(tmp_path / "busy.sqlite3", busy_seconds=2)
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"]
    wrapper = ConnectionHandler({"default": database})["default"]
    sqlite = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        assert sqlite.execute("PRAGMA busy_timeout").fetchone() == (2000,)
        assert sqlite.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert wrapper.transaction_mode == "IMMEDIATE"
    finally:
        sqlite.close()


def test_other_faults_stay_a_500(officer_afg: User, monkeypatch: pytest.MonkeyPatch) -> None:
    client = _quiet(client_for(officer_afg))

    def broken(*arguments: Any, **keywords: Any) -> None:
        raise RuntimeError("a bug")

    with monkeypatch.context() as faulty:
        faulty.setattr("sunbula.core.views.render", broken)
        assert client.get("/en/").status_code == 500


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("proxy-7f3a.1_b", True),
        ("x" * 65, False),
        ("id with spaces", False),
        ("bad\r\nX-Injected: 1", False),
        ("<script>", False),
    ],
)
def test_only_a_well_formed_request_id_reaches_the_audit_trail(
    admin: User, world: World, given: str, kept: bool
) -> None:
    client = client_for(admin)
    response = client.post(
        f"/en/organisations/{world.iofs.pk}/edit/",
        {"name": world.iofs.name, "acronym": "OISA", "kind": "igo", "iati_type": "40"},
        HTTP_X_REQUEST_ID=given,
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="core.organisation.updated")
    assert (entry.request_id == given) is kept
    assert len(entry.request_id) <= 64
    assert response["X-Request-ID"] == entry.request_id


def test_pages_with_personal_data_are_never_stored(
    world: World, protection_officer: User, admin: User
) -> None:
    person = registry_services.person_register(
        actor=None,
        country=world.afghanistan,
        given_name="Mohammad",
        family_name="Ahmadzai",
        sex="M",
        phone="+93 700 123 456",
    )
    client = client_for(protection_officer)
    detail = client.get(f"/en/registry/people/{person.pk}/")
    assert detail.status_code == 200
    assert "no-store" in detail["Cache-Control"]
    listing = client.get("/en/registry/people/")
    assert "no-store" in listing["Cache-Control"]
    export = client.post("/en/registry/people/export/", {"reason": "Verification visit in Hirat"})
    assert export["Content-Type"].startswith("text/csv")
    assert "no-store" in export["Cache-Control"]

    plain = client_for(admin).get("/en/organisations/")
    assert plain.status_code == 200
    assert "no-store" not in plain.get("Cache-Control", "")
