"""Sunbula's Kobo token goes only to the Kobo servers the installation is set up for
(SUNBULA_KOBO_SERVERS): a project on another server is refused on its field, on the page and
through the API, the account of another server is not asked for its projects, and a project
kept from before on a server no longer named is not pulled; a change of server is audited."""

from __future__ import annotations

import urllib.request
from typing import Any

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms import kobo_client, services
from sunbula.fieldforms.models import FieldForm, KoboSource
from tests.conftest import World, client_for
from tests.fieldforms.conftest import SELF_HOSTED_KOBO, field_manager

pytestmark = pytest.mark.django_db

ELSEWHERE = "https://collector.example.net"
REFUSED = "Sunbula reads from these Kobo servers only"


@pytest.fixture
def no_request(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every address a request was opened to (none is answered)."""
    opened: list[str] = []

    def urlopen(request: urllib.request.Request, **_: Any) -> None:
        opened.append(request.full_url)
        raise OSError("no network under test")

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return opened


def _connect(officer: User, form: FieldForm, server: str) -> dict[str, Any]:
    return {
        "name": "Kandahar prices (Kobo)",
        "form": form.pk,
        "asset_uid": "aKd4mP9xQ2wL7nB3vR8tY5",
        "server_url": server,
        "acting_user": officer.pk,
        "mapping": "",
        "secret": "shared",
    }


def test_a_project_on_another_server_is_refused_on_the_page_and_through_the_api(
    world: World, officer_afg: User, household_form: FieldForm
) -> None:
    manager = client_for(field_manager(world, world.afghanistan))
    audited = AuditEntry.objects.count()
    page = manager.post("/en/field-forms/kobo/", _connect(officer_afg, household_form, ELSEWHERE))
    assert page.status_code == 422
    assert (
        REFUSED in page.content.decode() and "https://kf.kobotoolbox.org" in page.content.decode()
    )
    api = manager.post(
        "/api/v1/fieldforms/kobo-sources/",
        {
            "name": "Kandahar prices (Kobo)",
            "form": household_form.form_id,
            "asset_uid": "aKd4mP9xQ2wL7nB3vR8tY5",
            "server_url": f"{ELSEWHERE}/",
            "acting_user": officer_afg.email,
            "secret": "shared",
        },
        content_type="application/json",
    )
    assert api.status_code == 400 and list(api.json()) == ["server_url"], api.content
    assert not KoboSource.objects.exists()
    assert AuditEntry.objects.count() == audited

    connected = manager.post(
        "/en/field-forms/kobo/", _connect(officer_afg, household_form, f"{SELF_HOSTED_KOBO}:443/")
    )
    assert connected.status_code == 302, connected.content.decode()


def test_a_change_of_server_is_refused_elsewhere_and_audited_where_known(
    world: World, officer_afg: User, push_source: KoboSource, household_form: FieldForm
) -> None:
    manager = client_for(field_manager(world, world.afghanistan))
    edit = f"/en/field-forms/kobo/{push_source.pk}/edit/"
    moved = {**_connect(officer_afg, household_form, ELSEWHERE), "name": push_source.name}
    assert manager.post(edit, moved).status_code == 422
    push_source.refresh_from_db()
    assert push_source.server_url == "https://kf.kobotoolbox.org"
    assert manager.post(edit, {**moved, "server_url": SELF_HOSTED_KOBO}).status_code == 302
    entry = AuditEntry.objects.filter(action="fieldforms.kobosource.saved").latest("pk")
    assert entry.before["server_url"] == "https://kf.kobotoolbox.org"
    assert entry.after["server_url"] == SELF_HOSTED_KOBO


def test_the_account_of_another_server_is_not_asked_for_its_projects(
    admin: User, settings: Any, no_request: list[str]
) -> None:
    settings.KOBO_API_TOKEN = "kobo-token"
    page = client_for(admin).post("/en/field-forms/kobo/find/", {"server": ELSEWHERE})
    assert REFUSED in page.content.decode()
    assert no_request == []


def test_a_project_on_a_server_no_longer_named_is_not_pulled(
    push_source: KoboSource, settings: Any, no_request: list[str]
) -> None:
    KoboSource.objects.filter(pk=push_source.pk).update(server_url=SELF_HOSTED_KOBO)
    push_source.refresh_from_db()
    settings.KOBO_SERVERS = ["https://kf.kobotoolbox.org"]
    settings.KOBO_API_TOKEN = "kobo-token"
    with pytest.raises(ValueError, match="SUNBULA_KOBO_SERVERS"):
        services.kobo_pull(actor=None, source=push_source)
    assert no_request == []
    push_source.refresh_from_db()
    assert push_source.pull_failed_at is not None

    with pytest.raises(OSError, match="no network"):
        kobo_client.kobo_fetch("https://kf.kobotoolbox.org/api/v2/assets/")
    assert no_request == ["https://kf.kobotoolbox.org/api/v2/assets/"]
