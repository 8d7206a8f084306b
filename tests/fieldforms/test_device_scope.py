"""A shared device stays within what it was issued for: the area it is kept to (a household
with no area is not outside the rule) and what the user it acts as may see."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.test import Client

from sunbula.core import services as core
from sunbula.core.models import AuditEntry, Role, RoleAssignment, User
from sunbula.fieldforms import services
from sunbula.fieldforms.models import Device, FieldForm, Submission
from sunbula.registry.models import Household
from tests.conftest import Field, World, client_for, make_persona
from tests.fieldforms.conftest import HOUSEHOLD, Collect, tablet_kept_to_hirat

pytestmark = pytest.mark.django_db

LIST = "{http://openrosa.org/xforms/xformsList}"


def test_a_device_kept_to_an_area_does_not_record_a_household_without_one(
    admin: User, officer_afg: User, world: World, household_form: FieldForm
) -> None:
    tablet = tablet_kept_to_hirat(admin, officer_afg, world, household_form)
    response, instance_id = tablet.submit(household_form, {**HOUSEHOLD, "admin_area": ""})
    assert response.status_code == 202
    submission = Submission.objects.get(instance_id=instance_id)
    assert submission.status == Submission.Status.REVIEW
    assert "Hirat" in submission.shown_reason
    assert not Household.objects.exists()
    recorded, _id = tablet.submit(household_form, {**HOUSEHOLD, "reference": "HH-2"})
    assert b"Received and recorded." in recorded.content


def test_a_key_is_not_issued_to_act_as_someone_who_may_not_see_the_forms(
    admin: User, officer_kaz: User, world: World, household_form: FieldForm
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.device_issue(
            actor=admin,
            label="Tablet",
            user=officer_kaz,
            country=world.afghanistan,
            forms=[household_form],
        )
    assert "user" in refused.value.message_dict
    page = client_for(admin).post(
        "/en/field-forms/devices/",
        {
            "label": "Tablet",
            "user": officer_kaz.pk,
            "country": world.afghanistan.pk,
            "forms": [household_form.pk],
        },
    )
    assert page.status_code == 422
    assert "may not see these forms" in page.content.decode()
    assert not Device.objects.exists()


def test_a_device_loses_the_forms_its_user_loses(
    admin: User, officer_afg: User, world: World, household_form: FieldForm
) -> None:
    tablet = tablet_kept_to_hirat(admin, officer_afg, world, household_form)
    listed = ElementTree.fromstring(tablet.get("formList").content)
    assert [entry.findtext(f"{LIST}formID") for entry in listed] == [household_form.form_id]
    core.role_revoke(actor=admin, assignment=RoleAssignment.objects.get(user=officer_afg))
    assert len(ElementTree.fromstring(tablet.get("formList").content)) == 0
    assert tablet.get(f"forms/{household_form.form_id}/form.xml").status_code == 404


def test_revoking_a_device_twice_changes_nothing_the_second_time(
    admin: User, officer_afg: User, world: World, household_form: FieldForm
) -> None:
    device, _token = services.device_issue(
        actor=admin,
        label="Tablet",
        user=officer_afg,
        country=world.afghanistan,
        forms=[household_form],
    )
    first = services.device_revoke(actor=admin, device=device)
    again = services.device_revoke(actor=admin, device=device)
    assert again.revoked_at == first.revoked_at is not None
    assert AuditEntry.objects.filter(action="fieldforms.device.revoked").count() == 1


def test_a_device_kept_to_a_site_registers_households_only_in_its_area(
    admin: User, officer_afg: User, world: World, field: Field, household_form: FieldForm
) -> None:
    _device, token = services.device_issue(
        actor=admin,
        label="Phone at the Herat centre",
        user=officer_afg,
        country=world.afghanistan,
        forms=[household_form],
        site=field.centre,
    )
    phone = Collect(Client(), {}, prefix=f"/openrosa/key/{token}/")
    response, instance_id = phone.submit(
        household_form, {**HOUSEHOLD, "reference": "HH-KBL", "admin_area": "AF01"}
    )
    assert response.status_code == 202
    submission = Submission.objects.get(instance_id=instance_id)
    assert (
        submission.shown_reason == "This device records only in Hirat; Kabul (AF01) is outside it."
    )
    assert not Household.objects.filter(reference="HH-KBL").exists()
    recorded, _id = phone.submit(household_form, HOUSEHOLD)
    assert recorded.status_code == 201


def test_a_device_kept_to_an_area_is_told_which_area_a_household_is_outside(
    admin: User, officer_afg: User, world: World, household_form: FieldForm
) -> None:
    tablet = tablet_kept_to_hirat(admin, officer_afg, world, household_form)
    _response, instance_id = tablet.submit(household_form, {**HOUSEHOLD, "admin_area": "AF01"})
    shown = Submission.objects.get(instance_id=instance_id).shown_reason
    assert shown == "This device records only in Hirat; Kabul (AF01) is outside it."


def test_a_key_is_not_issued_for_a_form_filled_in_at_another_site(
    admin: User, officer_afg: User, world: World, field: Field, distribution_form: FieldForm
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.device_issue(
            actor=admin,
            label="Phone at the Kabul warehouse",
            user=officer_afg,
            country=world.afghanistan,
            forms=[distribution_form],
            site=world.kabul_warehouse,
        )
    assert "Herat drug-treatment centre" in refused.value.message_dict["forms"][0]
    with pytest.raises(ValidationError):
        services.device_issue(
            actor=admin,
            label="Tablet kept to Kabul",
            user=officer_afg,
            country=world.afghanistan,
            forms=[distribution_form],
            admin_area=world.kabul,
        )
    assert not Device.objects.exists()
    services.device_issue(
        actor=admin,
        label="Tablet kept to Hirat",
        user=officer_afg,
        country=world.afghanistan,
        forms=[distribution_form],
        admin_area=world.hirat,
    )


def test_a_device_kept_to_a_site_is_told_a_headcount_elsewhere_is_not_its_own(
    admin: User, officer_afg: User, world: World, field: Field
) -> None:
    form = services.form_publish(
        actor=admin, purpose="institution_headcount", country=world.afghanistan, title="Counts"
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
    response, instance_id = Collect(Client(), {}, prefix=f"/openrosa/key/{token}/").submit(
        form, values
    )
    assert response.status_code == 202
    shown = Submission.objects.get(instance_id=instance_id).shown_reason
    assert (
        shown == f"This device records only at Kabul warehouse; {field.institution} is elsewhere."
    )


@pytest.fixture
def manager_afg(world: World) -> User:
    """Manages field forms in Afghanistan only."""
    return make_persona(
        "manager.afg@example.org", Role.ADMINISTRATOR, world.iofs, [world.afghanistan]
    )


def test_a_device_acts_only_as_someone_in_the_managers_countries(
    manager_afg: User,
    officer_afg: User,
    officer_kaz: User,
    donor_viewer: User,
    world: World,
    household_form: FieldForm,
) -> None:
    client = client_for(manager_afg)
    for page in ("/en/field-forms/devices/", "/en/field-forms/kobo/"):
        offered = client.get(page).content.decode()
        assert officer_afg.email in offered, page
        assert officer_kaz.email not in offered and donor_viewer.email not in offered, page
    posted = client.post(
        "/en/field-forms/devices/",
        {
            "label": "Tablet",
            "user": officer_kaz.pk,
            "country": world.afghanistan.pk,
            "forms": [household_form.pk],
        },
    )
    assert posted.status_code == 422
    assert not Device.objects.exists()


def test_revoking_a_key_asks_to_confirm_first(
    admin: User, officer_afg: User, world: World, household_form: FieldForm
) -> None:
    device, token = services.device_issue(
        actor=admin,
        label="Tablet 7",
        user=officer_afg,
        country=world.afghanistan,
        forms=[household_form],
    )
    client = client_for(admin)
    address = f"/en/field-forms/devices/{device.pk}/revoke/"
    listed = client.get("/en/field-forms/devices/").content.decode()
    assert f'href="{address}"' in listed and f'action="{address}"' not in listed
    asked = client.get(address)
    assert asked.status_code == 200
    assert "Revoke the key of Tablet 7" in asked.content.decode()
    # A post that does not come from the confirmation asks again, and revokes nothing.
    assert client.post(address).status_code == 200
    device.refresh_from_db()
    assert device.revoked_at is None
    assert Client().get(f"/openrosa/key/{token}/formList").status_code == 200
    assert client.post(address, {"confirmed": "1"}).status_code == 302
    device.refresh_from_db()
    assert device.revoked_at is not None
    assert Client().get(f"/openrosa/key/{token}/formList").status_code == 403
    assert client_for(officer_afg).get(address).status_code == 403
