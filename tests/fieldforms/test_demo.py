"""The demo's field forms: published forms, a tablet, one submission recorded and one
awaiting review, on the Field forms page of the demo's Afghan programme officer."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from sunbula.fieldforms.models import FieldForm, Submission
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_forms_a_recorded_and_a_waiting_submission(demo: None) -> None:
    assert FieldForm.objects.filter(purpose="distribution").exists()
    statuses = sorted(Submission.objects.values_list("status", flat=True))
    assert statuses == ["applied", "review"]
    officer = User.objects.get(email="officer.afg@sunbula.example")
    page = client_for(officer).get("/en/field-forms/")
    assert page.status_code == 200
    assert "Herat tablet 1" in page.content.decode()
