"""The Field forms pages: forms, submissions per day and device, the review queue and what
each submission became; correcting, accepting and rejecting; issuing and revoking keys."""

from __future__ import annotations

import pytest
from django.test import Client

from sunbula.core.models import User
from sunbula.fieldforms.models import Device, FieldForm, Submission
from sunbula.registry.models import Household
from tests.conftest import World, client_for
from tests.fieldforms.conftest import HOUSEHOLD, collect_for

pytestmark = pytest.mark.django_db


def _waiting(officer: User, form: FieldForm) -> Submission:
    _response, instance_id = collect_for(officer).submit(form, {**HOUSEHOLD, "admin_area": "AF99"})
    return Submission.objects.get(instance_id=instance_id)


def test_the_page_shows_forms_queue_counts_and_what_submissions_became(
    officer_afg: User, household_form: FieldForm
) -> None:
    collect_for(officer_afg).submit(household_form, HOUSEHOLD)
    waiting = _waiting(officer_afg, household_form)
    page = client_for(officer_afg).get("/en/field-forms/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Household registration, Afghanistan" in text
    assert waiting.get_absolute_url() in text
    assert "AF99" in text
    household = Household.objects.get(reference="HH-ODK-1")
    assert household.get_absolute_url() in text
    assert "officer.afg@example.org" in text


def test_a_reader_without_clearance_sees_names_masked(
    officer_afg: User, household_form: FieldForm
) -> None:
    waiting = _waiting(officer_afg, household_form)
    page = client_for(officer_afg).get(waiting.get_absolute_url())
    assert page.status_code == 200
    assert "Maryam" not in page.content.decode()


def test_the_reviewer_corrects_and_accepts_on_the_page(
    officer_afg: User, household_form: FieldForm
) -> None:
    waiting = _waiting(officer_afg, household_form)
    client = client_for(officer_afg)
    refused = client.post(waiting.get_absolute_url(), {"admin_area": "AF98"})
    assert refused.status_code == 422
    assert not Household.objects.exists()
    accepted = client.post(
        waiting.get_absolute_url(),
        {
            "reference": "HH-ODK-1",
            "admin_area": "AF32",
            "displacement_status": "returnee",
            "vulnerabilities": "female_headed disability",
        },
    )
    assert accepted.status_code == 302
    assert Household.objects.get(reference="HH-ODK-1").admin_area is not None


def test_the_reviewer_rejects_with_a_reason(officer_afg: User, household_form: FieldForm) -> None:
    waiting = _waiting(officer_afg, household_form)
    response = client_for(officer_afg).post(
        f"{waiting.get_absolute_url()}reject/", {"reason": "Duplicate visit"}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.reason) == (Submission.Status.REJECTED, "Duplicate visit")


def test_another_countrys_officer_finds_no_submission(
    officer_afg: User, officer_kaz: User, household_form: FieldForm
) -> None:
    waiting = _waiting(officer_afg, household_form)
    assert client_for(officer_kaz).get(waiting.get_absolute_url()).status_code == 404
    assert (
        client_for(officer_kaz)
        .post(f"{waiting.get_absolute_url()}reject/", {"reason": "x"})
        .status_code
        == 404
    )
    assert (
        "Household registration"
        not in client_for(officer_kaz).get("/en/field-forms/").content.decode()
    )


def test_an_administrator_publishes_and_issues_then_revokes_a_key(
    admin: User, officer_afg: User, world: World
) -> None:
    client = client_for(admin)
    published = client.post(
        "/en/field-forms/publish/",
        {
            "purpose": "institution_headcount",
            "title": "Headcounts",
            "country": world.afghanistan.pk,
        },
    )
    assert published.status_code == 302
    form = FieldForm.objects.get(purpose="institution_headcount")
    assert client.get(form.get_absolute_url()).status_code == 200
    issued = client.post(
        "/en/field-forms/devices/",
        {
            "label": "Kabul tablet",
            "user": officer_afg.pk,
            "country": world.afghanistan.pk,
            "forms": [form.pk],
        },
    )
    assert issued.status_code == 201
    device = Device.objects.get()
    server = issued.context["server_url"]
    token = server.rstrip("/").rsplit("/", 1)[-1]
    assert token not in device.token_digest
    assert Client().get(f"/openrosa/key/{token}/formList").status_code == 200
    assert (
        client.post(f"/en/field-forms/devices/{device.pk}/revoke/", {"confirmed": "1"}).status_code
        == 302
    )
    assert Client().get(f"/openrosa/key/{token}/formList").status_code == 403


def test_an_officer_may_not_issue_keys(officer_afg: User) -> None:
    assert client_for(officer_afg).get("/en/field-forms/devices/").status_code == 403


def test_the_page_is_translated(officer_afg: User, household_form: FieldForm) -> None:
    page = client_for(officer_afg).get("/ar/field-forms/")
    assert "النماذج الميدانية" in page.content.decode()


def test_a_kobo_project_is_connected_with_its_mapping(
    admin: User, household_form: FieldForm
) -> None:
    response = client_for(admin).post(
        "/en/field-forms/kobo/",
        {
            "name": "Herat (Kobo)",
            "form": household_form.pk,
            "asset_uid": "aYx3kQ8bW2nLpC5tR7vZ9d",
            "server_url": "https://kf.kobotoolbox.org",
            "acting_user": admin.pk,
            "mapping": "hh_ref = reference\nlocation/area_pcode = admin_area",
            "secret": "s3cret",
        },
    )
    assert response.status_code == 302
    page = client_for(admin).get("/en/field-forms/kobo/")
    assert "aYx3kQ8bW2nLpC5tR7vZ9d" in page.content.decode()
