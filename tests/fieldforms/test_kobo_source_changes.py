"""A connected Kobo project is changed from its own page and disconnected with a reason, on
its page and through the API: a disconnected project is pulled no more and its pushes are
refused, while the submissions it brought stay; a pull under way when it is disconnected
stops after its page, without an error."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms import services
from sunbula.fieldforms.models import FieldForm, KoboSource, Submission
from sunbula.fieldforms.tasks import kobo_pull_one
from sunbula.registry.models import Household
from tests.conftest import World, client_for
from tests.fieldforms.conftest import PUSH_PATH, PUSH_SECRET, field_manager

pytestmark = pytest.mark.django_db

MISSING = 987654321
PLACE = {"location/area_pcode": "AF32", "displacement_status": "returnee"}


def _push(reference: str, secret: str = PUSH_SECRET) -> int:
    record = {"_uuid": f"uuid-{reference}", "hh_ref": reference, **PLACE}
    response = Client().post(
        PUSH_PATH, json.dumps(record), content_type="application/json", HTTP_X_SUNBULA_SECRET=secret
    )
    return int(response.status_code)


def _edit_url(source: KoboSource) -> str:
    return f"/en/field-forms/kobo/{source.pk}/edit/"


def _disconnect_url(source: KoboSource) -> str:
    return f"/en/field-forms/kobo/{source.pk}/disconnect/"


def test_the_list_links_each_project_to_its_change_and_its_disconnection(
    admin: User, push_source: KoboSource
) -> None:
    page = client_for(admin).get("/en/field-forms/kobo/").content.decode()
    assert f'href="{_edit_url(push_source)}"' in page
    assert f'href="{_disconnect_url(push_source)}"' in page


def test_its_page_changes_a_project_and_keeps_its_asset_uid_and_secret(
    world: World, officer_afg: User, push_source: KoboSource, household_form: FieldForm
) -> None:
    manager = client_for(field_manager(world, world.afghanistan))
    shown = manager.get(_edit_url(push_source)).content.decode()
    assert 'value="Herat registration (Kobo)"' in shown
    assert "hh_ref = reference" in shown
    assert push_source.asset_uid in shown
    changed = manager.post(
        _edit_url(push_source),
        {
            "name": "Herat households (Kobo)",
            "form": household_form.pk,
            "asset_uid": "someOtherAsset",
            "server_url": "https://kobo.example.org",
            "acting_user": officer_afg.pk,
            "mapping": "household_ref = reference\nlocation/area_pcode = admin_area",
            "secret": "",
        },
    )
    assert changed.status_code == 302, changed.content.decode()
    source = KoboSource.objects.get()
    assert source.pk == push_source.pk
    assert source.asset_uid == push_source.asset_uid  # a disabled field: what is posted is ignored
    assert (source.name, source.server_url) == (
        "Herat households (Kobo)",
        "https://kobo.example.org",
    )
    assert source.mapping == {"household_ref": "reference", "location/area_pcode": "admin_area"}
    assert source.secret_digest == push_source.secret_digest  # empty: the secret stays
    assert AuditEntry.objects.filter(action="fieldforms.kobosource.saved").count() == 2


def test_the_connect_form_refuses_a_project_connected_already(
    admin: User, officer_afg: User, push_source: KoboSource, household_form: FieldForm
) -> None:
    refused = client_for(admin).post(
        "/en/field-forms/kobo/",
        {
            "name": "Another name",
            "form": household_form.pk,
            "asset_uid": push_source.asset_uid,
            "server_url": "https://kf.kobotoolbox.org",
            "acting_user": officer_afg.pk,
            "mapping": "",
            "secret": "",
        },
    )
    assert refused.status_code == 422
    assert "This Kobo project is connected already." in refused.content.decode()
    assert KoboSource.objects.get().name == "Herat registration (Kobo)"


def test_its_page_disconnects_a_project_with_a_reason_and_keeps_what_it_brought(
    world: World, push_source: KoboSource
) -> None:
    assert _push("HH-K1") == 201
    manager = client_for(field_manager(world, world.afghanistan))
    asked = manager.get(_disconnect_url(push_source)).content.decode()
    assert "Disconnect Herat registration (Kobo)" in asked
    without = manager.post(_disconnect_url(push_source), {"reason": "  "})
    assert without.status_code in (400, 422)
    assert KoboSource.objects.filter(pk=push_source.pk).exists()
    done = manager.post(_disconnect_url(push_source), {"reason": "The project moved to ODK."})
    assert done.status_code == 302
    assert not KoboSource.objects.exists()
    entry = AuditEntry.objects.get(action="fieldforms.kobosource.removed")
    assert entry.before["reason"] == "The project moved to ODK."
    assert entry.before["asset_uid"] == push_source.asset_uid
    assert Submission.objects.count() == 1
    assert Household.objects.filter(reference="HH-K1").exists()
    assert _push("HH-K2") == 401  # "Unknown project or wrong secret."
    assert not Household.objects.filter(reference="HH-K2").exists()


def test_the_api_disconnects_a_project_of_the_callers_countries_only(
    world: World, officer_afg: User, push_source: KoboSource
) -> None:
    api = APIClient()
    url = f"/api/v1/fieldforms/kobo-sources/{push_source.pk}/remove/"
    api.force_authenticate(field_manager(world, world.kazakhstan))
    theirs = api.post(url, {"reason": "Not ours"}, format="json")
    missing = api.post(
        f"/api/v1/fieldforms/kobo-sources/{MISSING}/remove/", {"reason": "x"}, format="json"
    )
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    api.force_authenticate(officer_afg)  # reviews submissions, does not manage projects
    assert api.post(url, {"reason": "x"}, format="json").status_code == 403
    api.force_authenticate(field_manager(world, world.afghanistan))
    refused = api.post(url, {}, format="json")
    assert refused.status_code == 400 and set(refused.json()) == {"reason"}
    assert KoboSource.objects.filter(pk=push_source.pk).exists()
    assert api.post(url, {"reason": "Closed"}, format="json").status_code == 204
    assert not KoboSource.objects.exists()


def test_a_pull_of_a_project_disconnected_meanwhile_stops_without_an_error(
    admin: User, push_source: KoboSource
) -> None:
    pages: list[str] = []

    def kobo(url: str) -> dict[str, Any]:
        pages.append(url)
        if len(pages) == 1:
            record = {"_uuid": "pulled-1", "hh_ref": "HH-P1", **PLACE}
            return {"results": [record], "next": "https://kf.kobotoolbox.org/next-page"}
        services.kobo_source_remove(actor=admin, source=push_source, reason="Closed")
        return {"results": [{"_uuid": "pulled-2", "hh_ref": "HH-P2", **PLACE}], "next": None}

    assert services.kobo_pull(actor=admin, source=push_source, fetch=kobo) == 1
    assert len(pages) == 2
    assert Household.objects.filter(reference="HH-P1").exists()
    assert not Household.objects.filter(reference="HH-P2").exists()
    assert not AuditEntry.objects.filter(action="fieldforms.kobosource.pulled").exists()
    assert kobo_pull_one.call(push_source.pk, admin.pk) == "disconnected before the pull ran"


def test_checking_the_forms_as_they_are_filled_in_writes_nothing(
    world: World, officer_afg: User, push_source: KoboSource, household_form: FieldForm
) -> None:
    """htmx posts a form with `?validate=1` each time a field changes: the page answers with
    the form checked, and neither the change nor the disconnection is made before the person
    presses the button."""
    manager = client_for(field_manager(world, world.afghanistan))
    checked = manager.post(
        _edit_url(push_source) + "?validate=1",
        {
            "name": "Renamed while typing",
            "form": household_form.pk,
            "server_url": "https://kf.kobotoolbox.org",
            "acting_user": officer_afg.pk,
            "mapping": "",
        },
    )
    assert checked.status_code == 200
    assert 'class="checked"' in checked.content.decode()
    asked = manager.post(_disconnect_url(push_source) + "?validate=1", {"reason": "Typing"})
    assert asked.status_code == 200
    source = KoboSource.objects.get()
    assert source.name == "Herat registration (Kobo)"
    assert not AuditEntry.objects.filter(action="fieldforms.kobosource.removed").exists()
