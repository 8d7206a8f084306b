"""A form posted from a record's page that is refused comes back on that page (422) with
each field's own message, and nothing is written."""

from __future__ import annotations

import datetime

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.partners import services
from sunbula.partners.models import Agreement, FocalPoint, FollowUpAction, Obligation
from tests.conftest import World, client_for
from tests.partners.conftest import Partnerships, signed_agreement

pytestmark = pytest.mark.django_db


def test_a_follow_up_without_a_description_is_shown_again_with_why(
    officer_afg: User, partnerships: Partnerships
) -> None:
    entries = AuditEntry.objects.count()
    response = client_for(officer_afg).post(
        f"/en/partners/engagements/{partnerships.engagement.pk}/follow-ups/",
        {"description": "", "due_on": "2025-07-01"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert '<p class="field invalid"><label for="id_description">' in html
    assert '<strong class="error">This field is required.</strong>' in html
    assert 'value="2025-07-01"' in html  # what was typed stays
    assert not FollowUpAction.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_an_obligation_says_what_is_wrong_with_its_due_date(
    officer_afg: User, partnerships: Partnerships
) -> None:
    response = client_for(officer_afg).post(
        f"/en/partners/agreements/{partnerships.agreement.pk}/obligations/",
        {"description": "Annual report", "due_on": "31/12/2025"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert '<strong class="error">Enter a valid date.</strong>' in html
    assert "Check:" not in html
    assert 'value="Annual report"' in html
    assert not Obligation.objects.exists()


def test_a_document_without_a_title_or_file_says_so_on_each_field(
    officer_afg: User, partnerships: Partnerships
) -> None:
    response = client_for(officer_afg).post(
        f"/en/partners/agreements/{partnerships.agreement.pk}/documents/", {"title": ""}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert html.count('<strong class="error">This field is required.</strong>') == 2
    assert "Check:" not in html


def test_an_end_before_the_start_is_refused_on_the_end_field(
    world: World, admin: User, officer_afg: User
) -> None:
    agreement = signed_agreement(admin, world, world.kazakhstan_government)
    entries = AuditEntry.objects.count()
    response = client_for(officer_afg).post(
        f"/en/partners/agreements/{agreement.pk}/step/activate/",
        {"valid_from": "2024-06-01", "valid_until": "2024-05-31"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    end_field = html[html.index('<label for="id_valid_until">') :]
    end_field = end_field[: end_field.index("</p>")]
    assert '<strong class="error">This cannot come before' in end_field
    assert Agreement.objects.get(pk=agreement.pk).status == "signed"
    assert AuditEntry.objects.count() == entries


def test_the_api_refuses_an_end_before_the_start_on_the_end_field(
    world: World, admin: User, officer_afg: User
) -> None:
    agreement = signed_agreement(admin, world, world.kazakhstan_government)
    response = client_for(officer_afg).post(
        f"/api/v1/agreements/{agreement.pk}/step/",
        {"step": "activate", "valid_from": "2024-06-01", "valid_until": "2024-05-31"},
        content_type="application/json",
    )
    assert response.status_code == 400
    [message] = response.json()["valid_until"]
    assert message.startswith("This cannot come before")


def test_a_renewal_before_the_start_is_refused_on_its_field(
    world: World, admin: User, officer_afg: User
) -> None:
    agreement = signed_agreement(admin, world, world.kazakhstan_government)
    services.agreement_activate(
        actor=admin, agreement=agreement, valid_from=datetime.date(2024, 6, 1)
    )
    response = client_for(officer_afg).post(
        f"/en/partners/agreements/{agreement.pk}/step/renew/", {"valid_until": "2024-01-01"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    end_field = html[html.index('<label for="id_valid_until">') :]
    assert '<strong class="error">This cannot come before' in end_field[: end_field.index("</p>")]
    assert Agreement.objects.get(pk=agreement.pk).valid_until is None


def test_a_focal_point_without_a_title_is_shown_again_with_why(
    admin: User, partnerships: Partnerships
) -> None:
    partner = services.partner_create(actor=admin, organisation=partnerships.unama, roles=["donor"])
    response = client_for(admin).post(
        f"/en/partners/{partner.pk}/focal-points/",
        {"title": "", "organisation": partnerships.unama.pk, "email": "not-an-address"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "<details open>" in html
    assert '<strong class="error">This field is required.</strong>' in html
    assert '<strong class="error">Enter a valid email address.</strong>' in html
    assert not FocalPoint.objects.exists()
