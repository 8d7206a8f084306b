"""Kobo projects connected and changed through the API as on their page: by a manager of field
forms, through the same service; the shared secret is taken, never shown; bad input is
refused on its field; another country's project is as missing as one that never was, and is
not taken over by its asset uid, on the page or through the API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms import services
from sunbula.fieldforms.models import FieldForm, KoboSource, Purpose
from tests.conftest import World, client_for
from tests.fieldforms.conftest import HOUSEHOLD, field_manager

pytestmark = pytest.mark.django_db

API = "/api/v1/fieldforms/kobo-sources/"
MISSING = 987654321
ASSET = "aYx3kQ8bW2nLpC5tR7vZ9d"
PUSH = f"/openrosa/kobo/{ASSET}/submissions"


def _project(officer: User, form: FieldForm, **more: Any) -> dict[str, Any]:
    return {
        "name": "Herat registration (Kobo)",
        "form": form.form_id,
        "asset_uid": ASSET,
        "acting_user": officer.email,
        "mapping": {"hh_ref": "reference", "location/area_pcode": "admin_area"},
        "secret": "first-secret",
        **more,
    }


def _pushed(secret: str, reference: str) -> int:
    record = {"_uuid": f"uuid-{reference}", "hh_ref": reference, "location/area_pcode": "AF32"}
    record |= {key: value for key, value in HOUSEHOLD.items() if key == "displacement_status"}
    response = Client().post(
        PUSH, json.dumps(record), content_type="application/json", HTTP_X_SUNBULA_SECRET=secret
    )
    return int(response.status_code)


def _write(client: Client, method: str, url: str, body: Any) -> Any:
    return getattr(client, method)(url, body, content_type="application/json")


def test_a_project_is_connected_and_changed_and_its_secret_never_shown(
    world: World, officer_afg: User, household_form: FieldForm
) -> None:
    manager = field_manager(world, world.afghanistan)
    api = client_for(manager)
    made = _write(api, "post", API, _project(officer_afg, household_form))
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["asset_uid"], body["form"], body["acting_user"]) == (
        ASSET,
        household_form.form_id,
        officer_afg.email,
    )
    assert body["server_url"] == "https://kf.kobotoolbox.org"
    source = KoboSource.objects.get()
    for read in (made, api.get(API), api.get(f"{API}{source.pk}/")):
        text = read.content.decode()
        assert "first-secret" not in text and source.secret_digest not in text
        assert "secret" not in text
    assert _pushed("first-secret", "HH-K1") == 201

    renamed = _write(
        api,
        "patch",
        f"{API}{source.pk}/",
        {"name": "Herat (Kobo)", "mapping": {"ref": "reference"}},
    )
    assert renamed.status_code == 200, renamed.content
    assert (renamed.json()["name"], renamed.json()["mapping"]) == (
        "Herat (Kobo)",
        {"ref": "reference"},
    )
    assert renamed.json()["acting_user"] == officer_afg.email
    assert _pushed("first-secret", "HH-K2") == 201  # no secret given: the secret stays
    assert _write(api, "patch", f"{API}{source.pk}/", {"secret": "second"}).status_code == 200
    assert _pushed("first-secret", "HH-K3") == 401
    assert _pushed("second", "HH-K4") == 201
    # What was read is taken back unchanged.
    read = api.get(f"{API}{source.pk}/").json()
    assert _write(api, "patch", f"{API}{source.pk}/", read).json() == read
    saved = AuditEntry.objects.filter(action="fieldforms.kobosource.saved")
    assert {entry.actor for entry in saved} == {manager}
    assert all("second" not in json.dumps(entry.after) for entry in saved)


def test_bad_input_is_refused_on_its_field_and_nothing_is_connected(
    world: World, officer_afg: User, officer_kaz: User, household_form: FieldForm
) -> None:
    api = client_for(field_manager(world, world.afghanistan))
    project = _project(officer_afg, household_form)
    for body, named in (
        ({}, {"name", "form", "asset_uid", "acting_user", "secret"}),
        ({**project, "secret": ""}, {"secret"}),
        ({**project, "asset_uid": "not a uid"}, {"asset_uid"}),
        ({**project, "form": "no_such_form"}, {"form"}),
        ({**project, "acting_user": officer_kaz.email}, {"acting_user"}),
        ({**project, "acting_user": "nobody@example.org"}, {"acting_user"}),
        ({**project, "server_url": "kobo"}, {"server_url"}),
        ({**project, "mapping": ["hh_ref"]}, {"mapping"}),
        ({**project, "mapping": {"hh_ref": ""}}, {"mapping"}),
        ({**project, "mapping": {" ": "reference"}}, {"mapping"}),
        ({**project, "mapping": {"hh\x00ref": "reference"}}, {"mapping"}),
    ):
        refused = _write(api, "post", API, body)
        assert refused.status_code == 400, (body, refused.content)
        assert set(refused.json()) == named, (body, refused.json())
    assert not KoboSource.objects.exists()
    assert _write(api, "post", API, project).status_code == 201
    again = _write(api, "post", API, project)
    assert again.status_code == 400
    assert again.json() == {"asset_uid": ["This Kobo project is connected already."]}
    source = KoboSource.objects.get()
    for body in ({"form": "no_such_form"}, {"acting_user": officer_kaz.email}, {"name": ""}):
        refused = _write(api, "patch", f"{API}{source.pk}/", body)
        assert refused.status_code == 400 and set(refused.json()) == set(body), refused.content
    source.refresh_from_db()
    assert (source.name, source.acting_user) == ("Herat registration (Kobo)", officer_afg)


def test_another_countrys_manager_neither_finds_nor_takes_over_a_project(
    world: World, admin: User, officer_afg: User, officer_kaz: User, household_form: FieldForm
) -> None:
    afghan = client_for(field_manager(world, world.afghanistan))
    assert _write(afghan, "post", API, _project(officer_afg, household_form)).status_code == 201
    source = KoboSource.objects.get()
    kazakh_form = services.form_publish(
        actor=admin,
        purpose=Purpose.HOUSEHOLD_REGISTRATION,
        country=world.kazakhstan,
        title="Households, Kazakhstan",
    ).form
    kazakh = client_for(field_manager(world, world.kazakhstan))
    theirs = _write(kazakh, "patch", f"{API}{source.pk}/", {"name": "Ours"})
    missing = _write(kazakh, "patch", f"{API}{MISSING}/", {"name": "Ours"})
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    taken = _write(kazakh, "post", API, _project(officer_kaz, kazakh_form, name="Ours"))
    assert taken.status_code == 400 and set(taken.json()) == {"asset_uid"}
    page = kazakh.post(
        "/en/field-forms/kobo/",
        {
            "name": "Ours",
            "form": kazakh_form.pk,
            "asset_uid": ASSET,
            "server_url": "https://kf.kobotoolbox.org",
            "acting_user": officer_kaz.pk,
            "mapping": "",
            "secret": "ours",
        },
    )
    assert page.status_code == 422
    assert "This Kobo project is connected already." in page.content.decode()
    source.refresh_from_db()
    assert (source.name, source.form, source.acting_user) == (
        "Herat registration (Kobo)",
        household_form,
        officer_afg,
    )
    assert _pushed("ours", "HH-K9") == 401
    officer = client_for(officer_afg)
    assert _write(officer, "post", API, _project(officer_afg, household_form)).status_code == 403
    assert _write(officer, "patch", f"{API}{source.pk}/", {"name": "Mine"}).status_code == 403
