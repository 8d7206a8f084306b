"""A focal point is corrected in place (a new e-mail, title or language of correspondence),
from the partner's country, on its page and through the API, and the records that name it
keep naming it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from sunbula.core.models import AuditEntry, User
from sunbula.funding.models import Pledge
from sunbula.partners import services
from sunbula.partners.models import FocalPoint
from tests.conftest import World, client_for
from tests.funding.conftest import kzt_pledge, make_money

pytestmark = pytest.mark.django_db

MISSING = 999999


@pytest.fixture
def minister(world: World, admin: User) -> FocalPoint:
    """The Kazakh government's contact, a partner changed from Kazakhstan."""
    partner = services.partner_create(
        actor=admin, organisation=world.kazakhstan_government, roles=["donor"]
    )
    return services.focal_point_add(
        actor=admin,
        partner=partner,
        title="Deputy Minister",
        name="Aigerim Bekova",
        organisation=world.kazakhstan_government,
        email="a.bekova@gov.example.kz",
        language="ru",
    )


def _stored(focal_point: FocalPoint) -> FocalPoint:
    return FocalPoint.objects.get(pk=focal_point.pk)


def _patch(client: Client, pk: object, body: dict[str, Any], **headers: str) -> Any:
    return client.patch(
        f"/api/v1/focal-points/{pk}/", body, content_type="application/json", headers=headers
    )


def test_a_new_e_mail_and_language_keep_the_pledges_that_name_the_contact(
    world: World, officer_kaz: User, minister: FocalPoint
) -> None:
    pledge = kzt_pledge(world, make_money(world), focal_point=minister)
    services.focal_point_update(
        actor=officer_kaz,
        focal_point=minister,
        email="bekova@minfin.example.kz",
        language="ar",
    )
    stored = _stored(minister)
    assert (stored.email, stored.language, stored.title) == (
        "bekova@minfin.example.kz",
        "ar",
        "Deputy Minister",
    )
    assert Pledge.objects.get(pk=pledge.pk).focal_point_id == minister.pk
    entry = AuditEntry.objects.get(action="partners.focalpoint.updated")
    assert entry.before == {"email": "a.bekova@gov.example.kz", "language": "ru"}
    assert entry.after == {"email": "bekova@minfin.example.kz", "language": "ar"}
    assert entry.actor == officer_kaz


def test_an_unchanged_focal_point_writes_no_entry(officer_kaz: User, minister: FocalPoint) -> None:
    entries = AuditEntry.objects.count()
    services.focal_point_update(actor=officer_kaz, focal_point=minister, title="Deputy Minister")
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(
    ("field", "value"),
    [("language", "xx"), ("language", "ps"), ("email", "not-an-address"), ("title", "")],
)
def test_a_correction_the_rules_refuse_names_its_field_and_changes_nothing(
    officer_kaz: User, minister: FocalPoint, field: str, value: str
) -> None:
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.focal_point_update(actor=officer_kaz, focal_point=minister, **{field: value})
    assert set(refused.value.message_dict) == {field}
    stored = _stored(minister)
    assert (stored.title, stored.email, stored.language) == (
        "Deputy Minister",
        "a.bekova@gov.example.kz",
        "ru",
    )
    assert AuditEntry.objects.count() == entries


def test_a_field_the_service_does_not_correct_is_refused(
    officer_kaz: User, minister: FocalPoint
) -> None:
    with pytest.raises(TypeError):
        services.focal_point_update(  # type: ignore[call-arg]
            actor=officer_kaz, focal_point=minister, partner=minister.partner
        )


def test_a_contact_named_on_a_pledge_does_not_move_to_another_organisation(
    world: World, officer_kaz: User, minister: FocalPoint
) -> None:
    kzt_pledge(world, make_money(world), focal_point=minister)
    with pytest.raises(ValidationError) as refused:
        services.focal_point_update(
            actor=officer_kaz, focal_point=minister, organisation=world.iofs
        )
    assert "still the focal point of: pledges (1)" in refused.value.message_dict["organisation"][0]
    assert _stored(minister).organisation == world.kazakhstan_government


def test_a_contact_named_nowhere_moves_to_another_organisation(
    world: World, officer_kaz: User, minister: FocalPoint
) -> None:
    services.focal_point_update(actor=officer_kaz, focal_point=minister, organisation=world.iofs)
    assert _stored(minister).organisation == world.iofs


def test_the_officer_corrects_a_focal_point_on_its_page(
    world: World, officer_kaz: User, minister: FocalPoint
) -> None:
    client = client_for(officer_kaz)
    partner_page = client.get(f"/en/partners/{minister.partner_id}/").content.decode()
    edit = f"/en/partners/focal-points/{minister.pk}/edit/"
    assert f'href="{edit}"' in partner_page
    form = client.get(edit)
    assert form.status_code == 200
    assert 'value="a.bekova@gov.example.kz"' in form.content.decode()
    saved = client.post(
        edit,
        {
            "title": "Minister of Finance",
            "name": "Aigerim Bekova",
            "organisation": world.kazakhstan_government.pk,
            "email": "bekova@minfin.example.kz",
            "language": "ru",
        },
    )
    assert saved.status_code == 302
    assert saved["Location"] == f"/en/partners/{minister.partner_id}/"
    stored = _stored(minister)
    assert (stored.title, stored.email) == ("Minister of Finance", "bekova@minfin.example.kz")


def test_a_refused_correction_is_shown_again_on_its_field(
    world: World, officer_kaz: User, minister: FocalPoint
) -> None:
    refused = client_for(officer_kaz).post(
        f"/en/partners/focal-points/{minister.pk}/edit/",
        {
            "title": "Deputy Minister",
            "organisation": world.kazakhstan_government.pk,
            "email": "not-an-address",
            "language": "ru",
        },
    )
    assert refused.status_code == 422
    html = refused.content.decode()
    email_field = html[html.index('<label for="id_email">') :]
    assert '<strong class="error">Enter a valid email address.</strong>' in email_field[:400]
    assert _stored(minister).email == "a.bekova@gov.example.kz"


def test_only_those_who_change_the_partner_are_offered_the_correction(
    officer_afg: User, minister: FocalPoint
) -> None:
    client = client_for(officer_afg)
    edit = f"/en/partners/focal-points/{minister.pk}/edit/"
    assert (
        f'href="{edit}"' not in client.get(f"/en/partners/{minister.partner_id}/").content.decode()
    )
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"title": "X"}).status_code == 403
    assert _stored(minister).title == "Deputy Minister"


def test_a_focal_point_that_does_not_exist_is_not_found(officer_kaz: User) -> None:
    client = client_for(officer_kaz)
    assert client.get(f"/en/partners/focal-points/{MISSING}/edit/").status_code == 404
    assert _patch(client, MISSING, {"title": "X"}).status_code == 404


def test_someone_without_a_role_is_refused_as_for_a_missing_focal_point(
    outsider: User, minister: FocalPoint
) -> None:
    client = client_for(outsider)
    for method in ("get", "post"):
        send = getattr(client, method)
        present = send(f"/en/partners/focal-points/{minister.pk}/edit/")
        missing = send(f"/en/partners/focal-points/{MISSING}/edit/")
        assert present.status_code == missing.status_code
    present = _patch(client, minister.pk, {"title": "X"})
    missing = _patch(client, MISSING, {"title": "X"})
    assert (present.status_code, present.json()) == (missing.status_code, missing.json())
    assert _stored(minister).title == "Deputy Minister"


def test_the_api_corrects_a_focal_point_from_the_partners_country(
    officer_kaz: User, officer_afg: User, minister: FocalPoint
) -> None:
    refused = _patch(client_for(officer_afg), minister.pk, {"email": "x@example.org"})
    assert refused.status_code == 403
    corrected = _patch(client_for(officer_kaz), minister.pk, {"language": "fr"})
    assert corrected.status_code == 200
    assert corrected.json()["language"] == "fr"
    assert corrected.json()["email"] == "a.bekova@gov.example.kz"
    assert _stored(minister).language == "fr"
    assert AuditEntry.objects.filter(action="partners.focalpoint.updated").count() == 1


def test_the_api_refuses_a_language_that_is_not_an_interface_language(
    officer_kaz: User, minister: FocalPoint
) -> None:
    refused = _patch(client_for(officer_kaz), minister.pk, {"language": "xx", "title": "Minister"})
    assert refused.status_code == 400
    assert set(refused.json()) == {"language"}
    assert _stored(minister).title == "Deputy Minister"
