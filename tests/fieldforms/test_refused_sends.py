"""A send refused before anything was stored (the same instance id with other values, an
instance that cannot be read, a form not known) shows on the officer's page: which device or
person, which form, when, the answer and why, in the reader's language; never what it held."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms.models import FieldForm, KoboSource, RefusedSend
from tests.conftest import client_for
from tests.fieldforms.conftest import HOUSEHOLD, PUSH_PATH, PUSH_SECRET, collect_for, device_collect

pytestmark = pytest.mark.django_db

PAGE = "/{language}/field-forms/refused/"


def _page(user: User, language: str = "en") -> str:
    response = client_for(user).get(PAGE.format(language=language))
    assert response.status_code == 200
    return str(response.content.decode())


def test_an_instance_id_sent_again_with_other_values_shows_on_the_officers_page(
    officer_afg: User, household_form: FieldForm
) -> None:
    tablet = device_collect(officer_afg, household_form)
    _first, instance_id = tablet.submit(household_form, HOUSEHOLD)
    changed = {**HOUSEHOLD, "member": [{"given_name": "Zarghuna", "sex": "F"}]}
    response, _id = tablet.submit(household_form, changed, instance_id=instance_id)
    assert response.status_code == 409

    refused = RefusedSend.objects.get()
    assert (refused.answer, refused.form, refused.instance_id) == (409, household_form, instance_id)
    assert refused.device is not None and refused.submitted_by == officer_afg
    page = _page(officer_afg)
    assert f"Tablet of {officer_afg.email}" in page
    assert household_form.title in page and instance_id in page and ">409<" in page
    assert "A different submission with the instance id" in page
    french = _page(officer_afg, "fr")
    assert "Une autre soumission avec l&#x27;identifiant d&#x27;instance" in french
    assert "A different submission" not in french
    # What the phone sent is not kept: neither on the record, nor in the audit log.
    entry = AuditEntry.objects.get(action="fieldforms.refusedsend.recorded")
    for kept in (
        json.dumps(list(RefusedSend.objects.values()), default=str),
        json.dumps(entry.after, default=str),
        page,
    ):
        assert "Zarghuna" not in kept


def test_an_instance_that_cannot_be_read_shows_with_the_person_who_sent_it(
    officer_afg: User, household_form: FieldForm
) -> None:
    response = collect_for(officer_afg).post(b"<data id='household_registration_afg'><meta>")
    assert response.status_code == 400
    refused = RefusedSend.objects.get()
    assert refused.submitted_by == officer_afg and refused.device is None
    page = _page(officer_afg)
    assert officer_afg.email in page and "not well-formed XML" in page
    assert "XML" in _page(officer_afg, "ar") and "not well-formed" not in _page(officer_afg, "ar")


def test_a_form_not_known_is_named_as_the_send_named_it(
    officer_afg: User, household_form: FieldForm
) -> None:
    xml = b"<data id='no_such_form'><meta><instanceID>uuid:abc</instanceID></meta></data>"
    assert collect_for(officer_afg).post(xml).status_code == 404
    page = _page(officer_afg)
    assert "no_such_form" in page and "No such form." in page


def test_another_countrys_officer_does_not_see_them(
    officer_afg: User,
    officer_kaz: User,
    outsider: User,
    household_form: FieldForm,
) -> None:
    tablet = device_collect(officer_afg, household_form)
    tablet.post(b"<data id='household_registration_afg'><reference/></data>")
    assert RefusedSend.objects.count() == 1
    page = _page(officer_kaz)
    assert "No send was refused." in page and "Tablet of" not in page
    assert client_for(outsider).get(PAGE.format(language="en")).status_code == 403


def test_a_push_kobo_sends_wrongly_shows_too(officer_afg: User, push_source: KoboSource) -> None:
    response = Client().post(
        PUSH_PATH, "[1, 2]", content_type="application/json", HTTP_X_SUNBULA_SECRET=PUSH_SECRET
    )
    assert response.status_code == 400
    refused = RefusedSend.objects.get()
    assert (refused.channel, refused.form) == ("kobo_push", push_source.form)
    assert "Send one submission as a JSON object." in _page(officer_afg)
