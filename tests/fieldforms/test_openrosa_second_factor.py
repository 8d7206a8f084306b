"""An account that has a second factor, or must have one (administrators, protection
clearance), does not reach the OpenRosa server with its password alone: a device key is the
way in for it. Other accounts still sign in with their e-mail and password."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree
from django.test import Client

from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms.models import FieldForm
from tests.fieldforms.conftest import basic, device_collect
from tests.second_factor import authenticator_for

pytestmark = pytest.mark.django_db

RESPONSE = "{http://openrosa.org/http/response}"


def _message(response: object) -> str:
    root = ElementTree.fromstring(response.content)  # type: ignore[attr-defined]
    return str(root.findtext(f"{RESPONSE}message") or "")


def _refused_for_a_device_key(response: object) -> None:
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert response["WWW-Authenticate"].startswith("Basic realm=")  # type: ignore[index]
    assert response["X-OpenRosa-Version"] == "1.0"  # type: ignore[index]
    assert "device key" in _message(response)


@pytest.mark.parametrize("path", ["formList", "submission"])
def test_an_administrator_s_password_alone_is_refused(
    admin: User, household_form: FieldForm, path: str
) -> None:
    response = Client().get(f"/openrosa/{path}", **basic(admin.email))
    _refused_for_a_device_key(response)


def test_protection_clearance_without_an_authenticator_is_refused_too(
    protection_officer: User, household_form: FieldForm
) -> None:
    response = Client().get("/openrosa/formList", **basic(protection_officer.email))
    _refused_for_a_device_key(response)


def test_anyone_who_has_set_up_a_second_factor_is_refused(
    officer_afg: User, household_form: FieldForm
) -> None:
    assert Client().get("/openrosa/formList", **basic(officer_afg.email)).status_code == 200
    authenticator_for(officer_afg)
    response = Client().get("/openrosa/formList", **basic(officer_afg.email))
    _refused_for_a_device_key(response)


def test_the_refusal_gives_no_access_even_to_a_submission(
    admin: User, household_form: FieldForm
) -> None:
    response = Client().post(
        "/openrosa/submission", {"xml_submission_file": b"<data/>"}, **basic(admin.email)
    )
    assert response.status_code == 401
    assert not AuditEntry.objects.filter(action__startswith="fieldforms.submission").exists()


def test_the_refusal_speaks_the_caller_s_language(admin: User, household_form: FieldForm) -> None:
    response = Client().get("/openrosa/formList", HTTP_ACCEPT_LANGUAGE="fr", **basic(admin.email))
    assert response.status_code == 401
    assert response["Content-Language"] == "fr"
    assert "clé" in _message(response)


def test_a_wrong_password_is_only_challenged_and_counted(
    admin: User, household_form: FieldForm
) -> None:
    response = Client().get("/openrosa/formList", **basic(admin.email, "wrong"))
    assert response.status_code == 401
    assert "device key" not in _message(response)


def test_an_administrator_s_device_key_still_works(admin: User, household_form: FieldForm) -> None:
    response = device_collect(admin, household_form).get("formList")
    assert response.status_code == 200
    assert household_form.form_id in response.content.decode()
