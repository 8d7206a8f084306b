"""An institution's headcount from ODK Collect: the institutions are a CSV in the manifest,
and the count is recorded as the institution page records it."""

from __future__ import annotations

import datetime

import pytest
from defusedxml import ElementTree

from sunbula.core.models import User
from sunbula.fieldforms import services
from sunbula.fieldforms.models import FieldForm, Purpose, Submission
from sunbula.registry.models import Headcount
from tests.conftest import Field, World
from tests.fieldforms.conftest import device_collect

pytestmark = pytest.mark.django_db

MANIFEST = "{http://openrosa.org/xforms/xformsManifest}"


@pytest.fixture
def headcount_form(world: World, admin: User, field: Field) -> FieldForm:
    return services.form_publish(
        actor=admin,
        purpose=Purpose.INSTITUTION_HEADCOUNT,
        country=world.afghanistan,
        title="Headcounts",
    ).form


def test_a_headcount_is_recorded_and_a_bad_method_waits_for_review(
    admin: User, field: Field, headcount_form: FieldForm
) -> None:
    collect = device_collect(admin, headcount_form)
    manifest = collect.get(f"forms/{headcount_form.form_id}/manifest")
    media = ElementTree.fromstring(manifest.content).find(f"{MANIFEST}mediaFile")
    assert media is not None
    listed = collect.get(media.findtext(f"{MANIFEST}downloadUrl") or "").content.decode()
    assert f"{field.institution.pk},Herat drug-treatment centre" in listed
    values = {
        "institution": str(field.institution.pk),
        "counted_on": "2023-06-01",
        "headcount": "42",
        "method": "roll_call",
        "verified_by": "Site monitor",
    }
    response, _id = collect.submit(headcount_form, values)
    assert response.status_code == 201
    counted = Headcount.objects.get(
        institution=field.institution, counted_on=datetime.date(2023, 6, 1)
    )
    assert counted.headcount == 42
    _response, waiting = collect.submit(headcount_form, {**values, "method": "guess"})
    submission = Submission.objects.get(instance_id=waiting)
    assert submission.status == Submission.Status.REVIEW
    assert "method" in submission.shown_reason
