"""Households registered from ODK Collect: recorded once, edited with deprecatedID, and a
submission that breaks a rule kept for review without writing anything else."""

from __future__ import annotations

from typing import Any

import pytest

from sunbula.core.models import AuditEntry, Role, User
from sunbula.fieldforms import services
from sunbula.fieldforms.models import Attachment, FieldForm, Submission
from sunbula.registry import services as registry
from sunbula.registry.models import Household, Person
from tests.conftest import World, make_persona
from tests.fieldforms.conftest import HOUSEHOLD, collect_for

pytestmark = pytest.mark.django_db


def _post(officer: User, form: FieldForm, values: dict[str, Any], **kwargs: Any) -> Any:
    return collect_for(officer).submit(form, values, **kwargs)


def test_a_household_with_its_members_and_a_photo_is_recorded(
    officer_afg: User, household_form: FieldForm
) -> None:
    response, instance_id = _post(
        officer_afg, household_form, HOUSEHOLD, files=[("door.jpg", b"\xff\xd8photo", "image/jpeg")]
    )
    assert response.status_code == 201
    assert b"OpenRosaResponse" in response.content
    assert response["X-OpenRosa-Version"] == "1.0"
    household = Household.objects.get(reference="HH-ODK-1")
    assert household.admin_area is not None and household.admin_area.p_code == "AF32"
    assert household.vulnerabilities == ["female_headed", "disability"]
    people = Person.objects.filter(household=household).order_by("pk")
    assert [person.relation_to_head for person in people] == ["head", ""]
    assert people[0].given_name == "Maryam"
    submission = Submission.objects.get(instance_id=instance_id)
    assert submission.status == Submission.Status.APPLIED
    assert submission.records[0] == ["registry.household", household.pk]
    assert submission.submitted_by == officer_afg
    attachment = Attachment.objects.get(submission=submission)
    assert attachment.name == "door.jpg" and attachment.size == 7
    assert "photo" not in attachment.sealed and "Maryam" not in submission.sealed


def test_the_same_instance_again_is_not_stored_twice(
    officer_afg: User, household_form: FieldForm
) -> None:
    collect = collect_for(officer_afg)
    first, instance_id = collect.submit(household_form, HOUSEHOLD)
    again, _same = collect.submit(household_form, HOUSEHOLD, instance_id=instance_id)
    assert (first.status_code, again.status_code) == (201, 201)
    assert Submission.objects.filter(instance_id=instance_id).count() == 1
    assert Household.objects.filter(reference="HH-ODK-1").count() == 1
    assert Person.objects.filter(household__reference="HH-ODK-1").count() == 2
    changed = collect.submit(
        household_form, {**HOUSEHOLD, "reference": "HH-OTHER"}, instance_id=instance_id
    )[0]
    assert changed.status_code == 409


def test_an_edit_with_deprecated_id_changes_the_household(
    officer_afg: User, household_form: FieldForm
) -> None:
    collect = collect_for(officer_afg)
    _first, instance_id = collect.submit(household_form, HOUSEHOLD)
    edited, new_id = collect.submit(
        household_form,
        {**HOUSEHOLD, "displacement_status": "idp"},
        deprecated_id=instance_id,
    )
    assert edited.status_code == 201
    assert Household.objects.get(reference="HH-ODK-1").displacement_status == "idp"
    assert Household.objects.count() == 1
    assert Submission.objects.get(instance_id=instance_id).status == Submission.Status.REPLACED
    edit = Submission.objects.get(instance_id=new_id)
    assert edit.status == Submission.Status.APPLIED
    assert edit.replaces is not None and edit.replaces.instance_id == instance_id


def test_an_edit_changes_the_members_and_adds_those_added(
    officer_afg: User, household_form: FieldForm
) -> None:
    collect = collect_for(officer_afg)
    _first, instance_id = collect.submit(household_form, HOUSEHOLD)
    members = [
        {"given_name": "Mariam", "family_name": "Ahmadi", "sex": "F", "birth_date": "1989"},
        {"given_name": "Omid", "sex": "M", "birth_date": "2014"},
        {"given_name": "Laila", "sex": "F", "birth_date": "2019"},
    ]
    _edited, new_id = collect.submit(
        household_form, {**HOUSEHOLD, "member": members}, deprecated_id=instance_id
    )
    household = Household.objects.get(reference="HH-ODK-1")
    people = list(Person.objects.filter(household=household).order_by("pk"))
    assert [(person.given_name, person.birth_date) for person in people] == [
        ("Mariam", "1989"),
        ("Omid", "2014"),
        ("Laila", "2019"),
    ]
    assert [person.relation_to_head for person in people] == ["head", "", ""]
    edit = Submission.objects.get(instance_id=new_id)
    assert edit.records[1:] == [["registry.person", person.pk] for person in people]
    # A later edit finds the same people again.
    _again, _third = collect.submit(
        household_form, {**HOUSEHOLD, "member": members[:1]}, deprecated_id=new_id
    )
    assert Person.objects.filter(household=household).count() == 3


def test_a_bad_value_is_kept_for_review_and_writes_nothing_else(
    officer_afg: User, household_form: FieldForm
) -> None:
    before = AuditEntry.objects.count()
    response, instance_id = _post(officer_afg, household_form, {**HOUSEHOLD, "admin_area": "AF99"})
    assert response.status_code == 202
    assert b"kept for review" in response.content
    submission = Submission.objects.get(instance_id=instance_id)
    assert submission.status == Submission.Status.REVIEW
    assert "AF99" in submission.shown_reason
    assert not Household.objects.exists() and not Person.objects.exists()
    new = AuditEntry.objects.order_by("pk")[before:]
    assert [entry.action for entry in new] == ["fieldforms.submission.received"]


def test_out_of_scope_is_kept_for_review(world: World, household_form: FieldForm) -> None:
    # An M&E officer sees the Afghan forms but may not register households; a device acting
    # as them is the shared-device case.
    from sunbula.fieldforms.models import Device

    monitor = make_persona(
        "monitor.afg@example.org", Role.ME_OFFICER, world.iofs, [world.afghanistan]
    )
    device, token = services.device_issue(
        actor=None,
        label="Borrowed tablet",
        user=monitor,
        country=household_form.country,
        forms=[household_form],
    )
    from django.test import Client

    from tests.fieldforms.conftest import Collect

    tablet = Collect(Client(), {}, prefix=f"/openrosa/key/{token}/")
    response, instance_id = tablet.submit(household_form, HOUSEHOLD)
    assert response.status_code == 202
    submission = Submission.objects.get(instance_id=instance_id)
    assert submission.status == Submission.Status.REVIEW
    assert submission.shown_reason == "Outside the submitter's scope."
    assert submission.device == Device.objects.get(pk=device.pk)
    assert not Household.objects.exists()


def test_accepting_after_correction_writes_what_the_page_would(
    officer_afg: User, admin: User, household_form: FieldForm, world: World
) -> None:
    _response, instance_id = _post(
        officer_afg, household_form, {**HOUSEHOLD, "member": [], "admin_area": "AF99"}
    )
    submission = Submission.objects.get(instance_id=instance_id)
    with pytest.raises(services.Refused):
        services.submission_accept(actor=officer_afg, submission=submission, corrections={})
    assert not Household.objects.exists()
    services.submission_accept(
        actor=officer_afg, submission=submission, corrections={"admin_area": "AF32"}
    )
    accepted = Household.objects.get(reference="HH-ODK-1")
    by_page = registry.household_create(
        actor=officer_afg,
        country=world.afghanistan,
        reference="HH-PAGE-1",
        admin_area=world.hirat,
        displacement_status="returnee",
        vulnerabilities=["female_headed", "disability"],
    )
    fields = (
        "country_id",
        "admin_area_id",
        "displacement_status",
        "vulnerabilities",
        "external_id",
    )
    assert [getattr(accepted, name) for name in fields] == [
        getattr(by_page, name) for name in fields
    ]
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPLIED
    assert submission.decided_by == officer_afg
    actions = AuditEntry.objects.filter(object_id=str(accepted.pk), action__startswith="registry.")
    assert actions.get().actor == officer_afg


def test_a_rejected_submission_writes_nothing(officer_afg: User, household_form: FieldForm) -> None:
    _response, instance_id = _post(officer_afg, household_form, {**HOUSEHOLD, "admin_area": "X1"})
    submission = Submission.objects.get(instance_id=instance_id)
    services.submission_reject(actor=officer_afg, submission=submission, reason="Not a household")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.REJECTED
    assert not Household.objects.exists()


def test_a_reviewer_corrects_a_members_row_and_masked_values_stay_as_sent(
    officer_afg: User, household_form: FieldForm
) -> None:
    members = [HOUSEHOLD["member"][0], {**HOUSEHOLD["member"][1], "sex": "X"}]
    _response, instance_id = _post(officer_afg, household_form, {**HOUSEHOLD, "member": members})
    submission = Submission.objects.get(instance_id=instance_id)
    assert submission.status == Submission.Status.REVIEW
    assert not Household.objects.exists()
    page = collect_for(officer_afg).client
    page.force_login(officer_afg)
    shown = page.get(submission.get_absolute_url()).content.decode()
    # Names are masked for a reviewer without protection clearance: not offered to correct.
    assert 'name="member-1-sex"' in shown and 'name="member-0-given_name"' not in shown
    values = {name: HOUSEHOLD[name] for name in ("reference", "admin_area", "displacement_status")}
    response = page.post(
        submission.get_absolute_url(),
        {
            **values,
            "vulnerabilities": HOUSEHOLD["vulnerabilities"],
            "member-0-sex": "F",
            "member-1-sex": "M",
        },
    )
    assert response.status_code == 302, response.content
    people = Person.objects.filter(household__reference="HH-ODK-1").order_by("pk")
    assert [(person.given_name, person.sex) for person in people] == [
        ("Maryam", "F"),
        ("Omid", "M"),
    ]
    audit = AuditEntry.objects.get(action="fieldforms.submission.accepted")
    assert audit.after is not None and audit.after["corrected"] == ["member"]
