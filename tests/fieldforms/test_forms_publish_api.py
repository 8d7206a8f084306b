"""Forms published, closed and opened again through the API as on their pages: by a manager of
field forms in the form's country, through the same services; bad input is refused on its
field, and another country's form is as missing as one that never was."""

from __future__ import annotations

from typing import Any

import pytest
from defusedxml import ElementTree

from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms.models import FieldForm, FormVersion
from tests.conftest import Field, World, client_for
from tests.fieldforms.conftest import device_collect, field_manager

pytestmark = pytest.mark.django_db

API = "/api/v1/fieldforms/forms/"
MISSING = 987654321
LIST = "{http://openrosa.org/xforms/xformsList}"


def _publish(client: Any, **body: Any) -> Any:
    return client.post(API, body, content_type="application/json")


HOUSEHOLDS = {
    "purpose": "household_registration",
    "title": "Household registration, Afghanistan",
    "country": "AFG",
}


def test_a_manager_publishes_a_form_and_then_a_new_version_of_it(world: World) -> None:
    manager = field_manager(world, world.afghanistan)
    api = client_for(manager)
    first = _publish(api, **HOUSEHOLDS)
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["form_id"], body["version"], body["is_open"]) == (
        "household_registration_afg",
        "1",
        True,
    )
    assert body["download_url"].endswith(f"/openrosa/forms/{body['form_id']}/form.xml")
    again = _publish(api, **{**HOUSEHOLDS, "title": "Households, Afghanistan"})
    assert again.status_code == 201
    assert (again.json()["id"], again.json()["version"]) == (body["id"], "2")
    assert again.json()["title"] == "Households, Afghanistan"
    assert FormVersion.objects.count() == 2
    entries = AuditEntry.objects.filter(action="fieldforms.form.published")
    assert [entry.actor for entry in entries] == [manager, manager]


def test_bad_input_is_refused_on_its_field_and_nothing_is_published(
    world: World, field: Field
) -> None:
    api = client_for(field_manager(world, world.afghanistan))
    distribution = {**HOUSEHOLDS, "purpose": "distribution", "title": "Flour"}
    for body, named in (
        ({}, {"purpose", "title", "country"}),
        ({**HOUSEHOLDS, "purpose": "census"}, {"purpose"}),
        ({**HOUSEHOLDS, "country": "KAZ"}, {"country"}),
        ({**HOUSEHOLDS, "country": "ZZZ"}, {"country"}),
        ({**distribution, "cycle": "first"}, {"cycle"}),
        ({**distribution, "cycle": MISSING}, {"cycle"}),
        # A rule of the service, on its field: a distribution form needs a cycle and a site.
        (distribution, {"cycle"}),
        ({**distribution, "cycle": field.cycle.pk}, {"cycle"}),
    ):
        refused = _publish(api, **body)
        assert refused.status_code == 400, (body, refused.content)
        assert set(refused.json()) == named, (body, refused.json())
    kazakh = _publish(api, **{**HOUSEHOLDS, "country": "KAZ"}).json()["country"]
    unknown = _publish(api, **{**HOUSEHOLDS, "country": "ZZZ"}).json()["country"]
    assert [message.replace("KAZ", "ZZZ") for message in kazakh] == unknown
    assert not FieldForm.objects.exists()
    published = _publish(api, **{**distribution, "cycle": field.cycle.pk, "site": field.centre.pk})
    assert published.status_code == 201, published.content
    assert published.json()["manifest_url"] is not None


def test_a_closed_form_leaves_the_devices_list_until_it_is_opened_again(
    world: World, officer_afg: User, household_form: FieldForm
) -> None:
    manager = field_manager(world, world.afghanistan)
    api = client_for(manager)
    tablet = device_collect(officer_afg, household_form)
    address = f"{API}{household_form.pk}/open/"
    closed = api.post(address, {"is_open": False}, content_type="application/json")
    assert closed.status_code == 200, closed.content
    assert closed.json()["is_open"] is False
    assert len(ElementTree.fromstring(tablet.get("formList").content)) == 0
    assert api.post(address, {}, content_type="application/json").json() == {
        "is_open": ["This field is required."]
    }
    opened = api.post(address, {"is_open": True}, content_type="application/json")
    assert opened.json()["is_open"] is True
    listed = ElementTree.fromstring(tablet.get("formList").content)
    assert [entry.findtext(f"{LIST}formID") for entry in listed] == [household_form.form_id]
    acts = AuditEntry.objects.filter(
        action__in=["fieldforms.form.closed", "fieldforms.form.opened"]
    )
    assert [(entry.action, entry.actor) for entry in acts.order_by("pk")] == [
        ("fieldforms.form.closed", manager),
        ("fieldforms.form.opened", manager),
    ]


def test_another_countrys_manager_finds_no_form_and_an_officer_may_not_publish(
    world: World, officer_afg: User, household_form: FieldForm
) -> None:
    kazakh = client_for(field_manager(world, world.kazakhstan))
    theirs = kazakh.post(
        f"{API}{household_form.pk}/open/", {"is_open": False}, content_type="application/json"
    )
    missing = kazakh.post(
        f"{API}{MISSING}/open/", {"is_open": False}, content_type="application/json"
    )
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    assert kazakh.post(f"{API}first/open/", {"is_open": False}).status_code == 404
    officer = client_for(officer_afg)
    assert _publish(officer, **HOUSEHOLDS).status_code == 403
    assert (
        officer.post(
            f"{API}{household_form.pk}/open/",
            {"is_open": False},
            content_type="application/json",
        ).status_code
        == 403
    )
    household_form.refresh_from_db()
    assert household_form.is_open and FormVersion.objects.count() == 1
