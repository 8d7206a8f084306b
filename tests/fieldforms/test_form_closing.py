"""A form closed for submissions once its work is over: it leaves the devices' form list, and
what a phone filled in before and sends late is kept for review with that reason."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree

from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms.models import FieldForm, Submission
from sunbula.registry.models import Household
from tests.conftest import client_for
from tests.fieldforms.conftest import HOUSEHOLD, collect_for, fill

pytestmark = pytest.mark.django_db

LIST = "{http://openrosa.org/xforms/xformsList}"


def _listed(officer: User) -> list[str | None]:
    root = ElementTree.fromstring(collect_for(officer).get("formList").content)
    return [entry.findtext(f"{LIST}formID") for entry in root]


def test_a_closed_form_leaves_the_list_and_keeps_late_submissions_for_review(
    admin: User, officer_afg: User, household_form: FieldForm
) -> None:
    collect = collect_for(officer_afg)
    xform = collect.xform(household_form)
    page = client_for(admin).post(
        f"/en/field-forms/forms/{household_form.pk}/open/", {"is_open": "0"}
    )
    assert page.status_code == 302
    household_form.refresh_from_db()
    assert not household_form.is_open
    assert _listed(officer_afg) == []
    assert AuditEntry.objects.filter(action="fieldforms.form.closed").count() == 1
    late, instance_id = fill(xform, HOUSEHOLD)
    response = collect.post(late)
    assert response.status_code == 202
    assert "closed" in response.content.decode()
    assert Submission.objects.get(instance_id=instance_id).status == Submission.Status.REVIEW
    assert not Household.objects.exists()
    client_for(admin).post(f"/en/field-forms/forms/{household_form.pk}/open/", {"is_open": "1"})
    assert _listed(officer_afg) == [household_form.form_id]


def test_a_reviewer_may_not_close_a_form(officer_afg: User, household_form: FieldForm) -> None:
    page = client_for(officer_afg).post(
        f"/en/field-forms/forms/{household_form.pk}/open/", {"is_open": "0"}
    )
    assert page.status_code == 403
    household_form.refresh_from_db()
    assert household_form.is_open
