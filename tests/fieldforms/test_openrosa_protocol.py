"""The OpenRosa server as ODK Collect sees it: form list, form and manifest download, the
HEAD preflight, the 401 challenge, and a shared device's key."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from defusedxml import ElementTree
from django.test import Client

from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms import services
from sunbula.fieldforms.models import FieldForm
from tests.conftest import Field, World
from tests.fieldforms.conftest import Collect, basic, collect_for

pytestmark = pytest.mark.django_db

LIST = "{http://openrosa.org/xforms/xformsList}"
MANIFEST = "{http://openrosa.org/xforms/xformsManifest}"


def _openrosa_headers(response: object) -> None:
    assert response["X-OpenRosa-Version"] == "1.0"  # type: ignore[index]
    assert response["Date"]  # type: ignore[index]


def test_the_form_list_names_each_form_with_its_hash_and_urls(
    officer_afg: User, household_form: FieldForm, distribution_form: FieldForm
) -> None:
    collect = collect_for(officer_afg)
    response = collect.get("formList")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    _openrosa_headers(response)
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{LIST}xforms"
    entries = {entry.findtext(f"{LIST}formID"): entry for entry in root}
    assert set(entries) == {household_form.form_id, distribution_form.form_id}
    entry = entries[distribution_form.form_id]
    assert entry.findtext(f"{LIST}name") == "Flour at the Herat centre"
    assert entry.findtext(f"{LIST}version") == "1"
    download = collect.get(entry.findtext(f"{LIST}downloadUrl") or "")
    _openrosa_headers(download)
    assert download.status_code == 200
    md5 = hashlib.md5(download.content, usedforsecurity=False).hexdigest()
    assert entry.findtext(f"{LIST}hash") == f"md5:{md5}"
    assert b'<data id="' + distribution_form.form_id.encode() in download.content
    assert entries[household_form.form_id].find(f"{LIST}manifestUrl") is None
    only = collect.get("formList", formID=household_form.form_id)
    assert len(ElementTree.fromstring(only.content)) == 1


def test_the_manifest_lists_the_cycles_entitlements_as_an_external_csv(
    officer_afg: User, field: Field, distribution_form: FieldForm
) -> None:
    from tests.conftest import ready

    entitlement = ready(field.cycle)
    collect = collect_for(officer_afg)
    listed = ElementTree.fromstring(collect.get("formList").content)
    manifest_url = listed.find(f"{LIST}xform/{LIST}manifestUrl")
    assert manifest_url is not None
    manifest = collect.get(manifest_url.text or "")
    _openrosa_headers(manifest)
    media = ElementTree.fromstring(manifest.content).find(f"{MANIFEST}mediaFile")
    assert media is not None
    assert media.findtext(f"{MANIFEST}filename") == "entitlements.csv"
    csv = collect.get(media.findtext(f"{MANIFEST}downloadUrl") or "")
    md5 = hashlib.md5(csv.content, usedforsecurity=False).hexdigest()
    assert media.findtext(f"{MANIFEST}hash") == f"md5:{md5}"
    lines = csv.content.decode().splitlines()
    assert lines[0] == "name,label,beneficiary"
    assert lines[1].startswith(f"{entitlement.pk},Wheat flour 50")
    assert lines[1].endswith(",HH-1")


def test_head_answers_204_with_the_largest_size_accepted(officer_afg: User) -> None:
    response = Client().head("/openrosa/submission", **basic(officer_afg.email))
    assert response.status_code == 204
    assert int(response["X-OpenRosa-Accept-Content-Length"]) > 0
    _openrosa_headers(response)


@pytest.mark.parametrize("path", ["formList", "submission"])
def test_without_credentials_the_server_challenges(world: World, path: str) -> None:
    response = Client().get(f"/openrosa/{path}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic realm=")
    _openrosa_headers(response)


def test_a_wrong_password_is_challenged_and_counts_toward_the_lockout(
    officer_afg: User, settings: Any
) -> None:
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        response = Client().get("/openrosa/formList", **basic(officer_afg.email, "wrong"))
        assert response.status_code == 401
    # Failures are counted, not audited one by one; the one that locks writes the entry.
    assert AuditEntry.objects.filter(action="core.user.sign_in_locked").count() == 1
    locked = Client().get("/openrosa/formList", **basic(officer_afg.email))
    assert locked.status_code == 401


def test_a_device_key_reaches_its_forms_only_until_revoked(
    admin: User,
    officer_afg: User,
    world: World,
    household_form: FieldForm,
    distribution_form: FieldForm,
) -> None:
    device, token = services.device_issue(
        actor=admin,
        label="Herat tablet 1",
        user=officer_afg,
        country=world.afghanistan,
        forms=[household_form],
        admin_area=world.hirat,
    )
    assert token not in device.token_digest
    tablet = Collect(Client(), {}, prefix=f"/openrosa/key/{token}/")
    listed = ElementTree.fromstring(tablet.get("formList").content)
    assert [entry.findtext(f"{LIST}formID") for entry in listed] == [household_form.form_id]
    download = listed.findtext(f"{LIST}xform/{LIST}downloadUrl") or ""
    assert f"/openrosa/key/{token}/" in download
    assert tablet.get(f"forms/{distribution_form.form_id}/form.xml").status_code == 404
    services.device_revoke(actor=admin, device=device)
    assert tablet.get("formList").status_code == 403
