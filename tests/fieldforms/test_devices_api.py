"""Devices through the API as on their page: a manager of field forms issues a key for a shared
device (shown in that answer only, never in a read) and revokes it, through the same services;
bad input is refused on its field, and another country's device is as missing as one that
never was."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms.models import Device, FieldForm
from tests.conftest import World, client_for
from tests.fieldforms.conftest import field_manager

pytestmark = pytest.mark.django_db

API = "/api/v1/fieldforms/devices/"
MISSING = 987654321


def _issue(client: Client, **body: Any) -> Any:
    return client.post(API, body, content_type="application/json")


def _tablet(officer: User, form: FieldForm, **more: Any) -> dict[str, Any]:
    return {
        "label": "Herat tablet 2",
        "user": officer.email,
        "country": "AFG",
        "admin_area": "AF32",
        "forms": [form.form_id],
        **more,
    }


def test_a_key_is_shown_once_when_issued_and_works_on_the_phone(
    world: World, officer_afg: User, household_form: FieldForm
) -> None:
    manager = field_manager(world, world.afghanistan)
    api = client_for(manager)
    issued = _issue(api, **_tablet(officer_afg, household_form))
    assert issued.status_code == 201, issued.content
    body = issued.json()
    assert (body["label"], body["user"], body["country"]) == (
        "Herat tablet 2",
        officer_afg.email,
        "AFG",
    )
    assert (body["admin_area"], body["forms"], body["revoked_at"]) == (
        "AF32",
        [household_form.form_id],
        None,
    )
    token = body["token"]
    assert body["server_url"] == f"http://testserver/openrosa/key/{token}/"
    assert "no-store" in issued["Cache-Control"]
    assert Client().get(f"/openrosa/key/{token}/formList").status_code == 200

    device = Device.objects.get()
    for read in (api.get(API), api.get(f"{API}{device.pk}/")):
        assert read.status_code == 200
        text = read.content.decode()
        assert token not in text and device.token_digest not in text
        assert "token" not in text and "server_url" not in text
    assert api.get(f"{API}{device.pk}/").json()["forms"] == [household_form.form_id]
    entry = AuditEntry.objects.get(action="fieldforms.device.issued")
    assert entry.actor == manager and token not in json.dumps(entry.after)


def test_bad_input_is_refused_on_its_field_and_nothing_is_issued(
    world: World,
    officer_afg: User,
    officer_kaz: User,
    household_form: FieldForm,
    distribution_form: FieldForm,
) -> None:
    api = client_for(field_manager(world, world.afghanistan))
    for body, named in (
        ({}, {"label", "user", "country", "forms"}),
        (_tablet(officer_afg, household_form, forms=[]), {"forms"}),
        (_tablet(officer_afg, household_form, forms=["no_such_form"]), {"forms"}),
        (_tablet(officer_afg, household_form, forms="household"), {"forms"}),
        (_tablet(officer_kaz, household_form), {"user"}),
        (_tablet(officer_afg, household_form, country="KAZ"), {"country"}),
        (_tablet(officer_afg, household_form, admin_area="AF99"), {"admin_area"}),
        (_tablet(officer_afg, household_form, site="ten"), {"site"}),
        (_tablet(officer_afg, household_form, label="x" * 201), {"label"}),
    ):
        refused = _issue(api, **body)
        assert refused.status_code == 400, (body, refused.content)
        assert set(refused.json()) == named, body
    # A rule of the service, on its field: a form filled in where the device may not record.
    elsewhere = _issue(api, **_tablet(officer_afg, distribution_form, admin_area="AF01"))
    assert elsewhere.status_code == 400
    [why] = elsewhere.json()["forms"]
    assert "Herat drug-treatment centre" in why
    assert api.post(API, "[1, 2", content_type="application/json").status_code == 400
    assert not Device.objects.exists()
    assert not AuditEntry.objects.filter(action="fieldforms.device.issued").exists()


def test_revoking_through_the_api_stops_the_key_and_is_recorded_once(
    world: World, officer_afg: User, household_form: FieldForm
) -> None:
    manager = field_manager(world, world.afghanistan)
    api = client_for(manager)
    token = _issue(api, **_tablet(officer_afg, household_form)).json()["token"]
    device = Device.objects.get()
    revoked = api.post(f"{API}{device.pk}/revoke/")
    assert revoked.status_code == 200, revoked.content
    assert revoked.json()["revoked_at"] is not None and "token" not in revoked.json()
    assert Client().get(f"/openrosa/key/{token}/formList").status_code == 403
    assert api.post(f"{API}{device.pk}/revoke/").status_code == 200
    assert AuditEntry.objects.filter(action="fieldforms.device.revoked").count() == 1


def test_another_countrys_manager_finds_no_device_and_an_officer_may_not_manage(
    world: World, officer_afg: User, household_form: FieldForm
) -> None:
    afghan = client_for(field_manager(world, world.afghanistan))
    assert _issue(afghan, **_tablet(officer_afg, household_form)).status_code == 201
    device = Device.objects.get()
    kazakh = client_for(field_manager(world, world.kazakhstan))
    assert kazakh.get(API).json()["results"] == []
    for action in ("", "revoke/"):
        call = kazakh.post if action else kazakh.get
        theirs = call(f"{API}{device.pk}/{action}")
        missing = call(f"{API}{MISSING}/{action}")
        assert theirs.status_code == missing.status_code == 404, action
        assert theirs.json() == missing.json()
    assert kazakh.get(f"{API}tablet/").status_code == 404
    officer = client_for(officer_afg)
    assert officer.get(API).status_code == 403
    assert _issue(officer, **_tablet(officer_afg, household_form)).status_code == 403
    assert officer.post(f"{API}{device.pk}/revoke/").status_code == 403
    device.refresh_from_db()
    assert device.revoked_at is None and Device.objects.count() == 1
