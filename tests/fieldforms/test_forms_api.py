"""Field forms through the API: those of the reader's countries, each with the version devices
download now and the OpenRosa address to download it from."""

from __future__ import annotations

from typing import Any

import pytest

from sunbula.core.models import User
from sunbula.fieldforms import services
from sunbula.fieldforms.models import FieldForm, Purpose
from tests.conftest import World, client_for
from tests.fieldforms.conftest import collect_for

pytestmark = pytest.mark.django_db

API = "/api/v1/fieldforms/forms/"
MISSING = 987654321


def _listed(user: User) -> list[dict[str, Any]]:
    answer = client_for(user).get(API)
    assert answer.status_code == 200
    rows: list[dict[str, Any]] = answer.json()["results"]
    return rows


def test_a_form_is_listed_with_its_version_and_where_devices_download_it(
    admin: User, officer_afg: User, world: World, household_form: FieldForm
) -> None:
    republished = services.form_publish(
        actor=admin,
        purpose=Purpose.HOUSEHOLD_REGISTRATION,
        country=world.afghanistan,
        title="Household registration, Afghanistan",
    )
    [form] = _listed(officer_afg)
    assert form["form_id"] == household_form.form_id
    assert (form["version"], form["md5"]) == ("2", republished.md5)
    assert (form["country"], form["purpose"]) == ("AFG", "household_registration")
    assert form["download_url"] == f"http://testserver/openrosa/forms/{form['form_id']}/form.xml"
    assert form["manifest_url"] is None
    downloaded = collect_for(officer_afg).get(form["download_url"])
    assert downloaded.status_code == 200
    assert downloaded.content.decode() == republished.xform


def test_a_form_counts_what_it_received_and_what_waits(
    officer_afg: User, household_form: FieldForm
) -> None:
    from tests.fieldforms.conftest import HOUSEHOLD

    collect = collect_for(officer_afg)
    collect.submit(household_form, HOUSEHOLD)
    collect.submit(household_form, {**HOUSEHOLD, "reference": "HH-2", "admin_area": "AF99"})
    answer = client_for(officer_afg).get(f"{API}{household_form.pk}/")
    assert answer.status_code == 200
    assert (answer.json()["received"], answer.json()["waiting"]) == (2, 1)


def test_a_distribution_form_names_its_manifest(
    officer_afg: User, distribution_form: FieldForm
) -> None:
    [form] = _listed(officer_afg)
    assert form["manifest_url"] == (
        f"http://testserver/openrosa/forms/{distribution_form.form_id}/manifest"
    )


def test_another_countrys_officer_finds_no_form_as_if_it_did_not_exist(
    officer_kaz: User, household_form: FieldForm
) -> None:
    assert _listed(officer_kaz) == []
    theirs = client_for(officer_kaz).get(f"{API}{household_form.pk}/")
    missing = client_for(officer_kaz).get(f"{API}{MISSING}/")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
