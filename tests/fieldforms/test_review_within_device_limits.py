"""A reviewer accepts a submission kept for review only within the limits of the device that
sent it: a tablet kept to Hirat records no household in Kabul, at receipt or on review, and a
phone kept to a site no headcount of an institution elsewhere; the refusal names the limit,
on the page and through the API, and nothing is written."""

from __future__ import annotations

import pytest
from django.test import Client

from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms import services
from sunbula.fieldforms.models import FieldForm, Purpose, Submission
from sunbula.registry.models import Headcount, Household
from tests.conftest import Field, World, client_for
from tests.fieldforms.conftest import HOUSEHOLD, Collect, tablet_kept_to_hirat

pytestmark = pytest.mark.django_db

API = "/api/v1/fieldforms/submissions/"
OUTSIDE_HIRAT = "This device records only in Hirat; Kabul (AF01) is outside it."


def _kept_in_kabul(admin: User, officer: User, world: World, form: FieldForm) -> Submission:
    tablet = tablet_kept_to_hirat(admin, officer, world, form)
    _response, instance_id = tablet.submit(form, {**HOUSEHOLD, "admin_area": "AF01"})
    submission = Submission.objects.get(instance_id=instance_id)
    assert submission.status == Submission.Status.REVIEW
    return submission


def _nothing_written(submission: Submission) -> None:
    submission.refresh_from_db()
    assert submission.status == Submission.Status.REVIEW
    assert (submission.decided_by, submission.decided_at) == (None, None)
    assert not Household.objects.exists()
    assert not AuditEntry.objects.filter(action="fieldforms.submission.accepted").exists()


def test_the_api_refuses_to_accept_a_household_outside_the_devices_area(
    admin: User, officer_afg: User, world: World, household_form: FieldForm
) -> None:
    submission = _kept_in_kabul(admin, officer_afg, world, household_form)
    api = client_for(officer_afg)
    refused = api.post(f"{API}{submission.pk}/accept/", {}, content_type="application/json")
    assert refused.status_code == 409
    assert refused.json() == {"detail": OUTSIDE_HIRAT}
    _nothing_written(submission)
    corrected = api.post(
        f"{API}{submission.pk}/accept/",
        {"corrections": {"admin_area": "AF32"}},
        content_type="application/json",
    )
    assert corrected.status_code == 200, corrected.content
    household = Household.objects.get(reference=HOUSEHOLD["reference"])
    assert household.admin_area is not None and household.admin_area.p_code == "AF32"


def test_the_page_refuses_to_accept_a_household_outside_the_devices_area(
    admin: User, officer_afg: User, world: World, household_form: FieldForm
) -> None:
    submission = _kept_in_kabul(admin, officer_afg, world, household_form)
    page = client_for(officer_afg).post(
        submission.get_absolute_url(), {"admin_area": "AF01", "reference": "HH-ODK-1"}
    )
    assert page.status_code == 422
    assert OUTSIDE_HIRAT in page.content.decode()
    _nothing_written(submission)


def test_a_headcount_from_a_phone_kept_to_another_site_is_not_accepted(
    admin: User, officer_afg: User, world: World, field: Field
) -> None:
    form = services.form_publish(
        actor=admin,
        purpose=Purpose.INSTITUTION_HEADCOUNT,
        country=world.afghanistan,
        title="Counts",
    ).form
    _device, token = services.device_issue(
        actor=admin,
        label="Phone at the Kabul warehouse",
        user=officer_afg,
        country=world.afghanistan,
        forms=[form],
        site=world.kabul_warehouse,
    )
    values = {
        "institution": str(field.institution.pk),
        "counted_on": "2026-11-30",
        "headcount": "41",
        "method": "roll_call",
        "verified_by": "Dr Rahimi",
    }
    phone = Collect(Client(), {}, prefix=f"/openrosa/key/{token}/")
    _response, instance_id = phone.submit(form, values)
    submission = Submission.objects.get(instance_id=instance_id)
    counted = Headcount.objects.count()
    page = client_for(officer_afg).post(submission.get_absolute_url(), values)
    assert page.status_code == 422
    elsewhere = f"This device records only at Kabul warehouse; {field.institution} is elsewhere."
    assert elsewhere in page.content.decode()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.REVIEW
    assert Headcount.objects.count() == counted
