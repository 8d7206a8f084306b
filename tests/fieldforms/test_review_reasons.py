"""Why a submission waits for review is read in the reader's language, whatever language the
device spoke: the services' refusal is kept as a message and its parameters. A reviewer's own
reason, and a reason stored as text before, are shown as they were written."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from sunbula.fieldforms import services
from sunbula.fieldforms.models import FieldForm, Submission
from tests.conftest import World, client_for
from tests.fieldforms.conftest import HOUSEHOLD, Collect, collect_for, tablet_kept_to_hirat

pytestmark = pytest.mark.django_db

NO_AREA = "This device records only in %(area)s: give the p-code of the area."


def _russiantablet_kept_to_hirat(
    admin: User, officer: User, world: World, form: FieldForm
) -> Collect:
    """A shared tablet kept to Hirat, set to Russian."""
    tablet = tablet_kept_to_hirat(admin, officer, world, form)
    tablet.headers["HTTP_ACCEPT_LANGUAGE"] = "ru"
    return tablet


def _page(reader: User, submission: Submission, language: str) -> str:
    page = client_for(reader).get(f"/{language}/field-forms/submissions/{submission.pk}/")
    assert page.status_code == 200
    return page.content.decode()


def _sent(tablet: Collect, form: FieldForm, admin_area: str) -> Submission:
    response, instance_id = tablet.submit(form, {**HOUSEHOLD, "admin_area": admin_area})
    assert response.status_code == 202
    return Submission.objects.get(instance_id=instance_id)


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("fr", "Cet appareil n&#x27;enregistre que dans Hirat : indiquez le p-code de la zone."),
        ("ar", "لا يسجّل هذا الجهاز إلا في Hirat: أدخل رمز المنطقة (p-code)."),
    ],
)
def test_a_household_without_an_area_is_read_in_the_readers_language(
    admin: User,
    officer_afg: User,
    world: World,
    household_form: FieldForm,
    language: str,
    shown: str,
) -> None:
    tablet = _russiantablet_kept_to_hirat(admin, officer_afg, world, household_form)
    submission = _sent(tablet, household_form, admin_area="")
    assert submission.status == Submission.Status.REVIEW
    assert submission.refusal == [{"message": NO_AREA, "params": {"area": "Hirat"}}]
    page = _page(officer_afg, submission, language)
    assert shown in page
    assert "give the p-code" not in page


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("fr", "Cet appareil n&#x27;enregistre que dans Hirat ; Kabul (AF01) est en dehors."),
        ("ar", "لا يسجّل هذا الجهاز إلا في هرات؛ وKabul (AF01) خارجها."),
    ],
)
def test_a_household_outside_the_devices_area_is_read_in_the_readers_language(
    admin: User,
    officer_afg: User,
    world: World,
    household_form: FieldForm,
    language: str,
    shown: str,
) -> None:
    tablet = _russiantablet_kept_to_hirat(admin, officer_afg, world, household_form)
    submission = _sent(tablet, household_form, admin_area=world.kabul.p_code)
    assert submission.refusal == [
        {
            "message": "This device records only in %(area)s; %(place)s is outside it.",
            "params": {
                "area": {"name": "Hirat", "translations": {"ar": "هرات"}},
                "place": "Kabul (AF01)",
            },
        }
    ]
    overview = client_for(officer_afg).get(f"/{language}/field-forms/").content.decode()
    assert shown in overview
    assert shown in _page(officer_afg, submission, language)


def test_a_field_refused_by_a_form_names_the_field_in_the_readers_language(
    officer_afg: User, household_form: FieldForm
) -> None:
    _response, instance_id = collect_for(officer_afg).submit(
        household_form, {**HOUSEHOLD, "displacement_status": "nomad"}
    )
    submission = Submission.objects.get(instance_id=instance_id)
    assert submission.refusal[0]["message"] == "%(field)s: %(reason)s"
    assert submission.refusal[0]["params"]["field"] == "displacement_status"
    assert "displacement_status : " in _page(officer_afg, submission, "fr")


def test_a_refusal_on_accepting_is_said_in_the_reviewers_language(
    admin: User, officer_afg: User, world: World, household_form: FieldForm
) -> None:
    tablet = _russiantablet_kept_to_hirat(admin, officer_afg, world, household_form)
    submission = _sent(tablet, household_form, admin_area="")
    refused = client_for(officer_afg).post(
        f"/ar/field-forms/submissions/{submission.pk}/", {"admin_area": "AF99"}
    )
    assert refused.status_code == 422
    assert "برمز p-code AF99" in refused.content.decode()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.REVIEW
    assert submission.refusal == [{"message": NO_AREA, "params": {"area": "Hirat"}}]


def test_a_reviewers_reason_is_shown_as_typed(
    admin: User, officer_afg: User, world: World, household_form: FieldForm
) -> None:
    tablet = _russiantablet_kept_to_hirat(admin, officer_afg, world, household_form)
    submission = _sent(tablet, household_form, admin_area="")
    services.submission_reject(actor=officer_afg, submission=submission, reason="Duplicate visit")
    submission.refresh_from_db()
    assert (submission.reason, submission.refusal) == ("Duplicate visit", [])
    page = _page(officer_afg, submission, "ar")
    assert "Duplicate visit" in page
    assert "Hirat" not in page


def test_a_reason_stored_as_text_before_is_shown_as_stored(
    admin: User, officer_afg: User, world: World, household_form: FieldForm
) -> None:
    tablet = _russiantablet_kept_to_hirat(admin, officer_afg, world, household_form)
    submission = _sent(tablet, household_form, admin_area="")
    kept = "Cet appareil n'enregistre que dans Hirat."
    Submission.objects.filter(pk=submission.pk).update(reason=kept, refusal=[])
    assert "Cet appareil n&#x27;enregistre que dans Hirat." in _page(officer_afg, submission, "ar")
