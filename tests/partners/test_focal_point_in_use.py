"""A focal point that a pledge still names (its reminders go to them) is not removed: the
refusal says what still uses it, on the page and through the API, and nothing changes."""

from __future__ import annotations

import pytest
from django.db.models import ProtectedError

from sunbula.core.models import AuditEntry, User
from sunbula.funding import services as funding_services
from sunbula.funding.models import Pledge
from sunbula.partners import services
from sunbula.partners.models import FocalPoint
from tests.conftest import World, client_for
from tests.funding.conftest import kzt_pledge, make_money

pytestmark = pytest.mark.django_db


@pytest.fixture
def minister(world: World, admin: User) -> FocalPoint:
    partner = services.partner_create(
        actor=admin, organisation=world.kazakhstan_government, roles=["donor"]
    )
    return services.focal_point_add(
        actor=admin,
        partner=partner,
        title="Deputy Minister",
        organisation=world.kazakhstan_government,
        email="focal@gov.example.kz",
    )


@pytest.fixture
def pledge(world: World, minister: FocalPoint) -> Pledge:
    return kzt_pledge(world, make_money(world), focal_point=minister)


def _unchanged(minister: FocalPoint, pledge: Pledge) -> None:
    assert FocalPoint.objects.filter(pk=minister.pk).exists()
    assert Pledge.objects.get(pk=pledge.pk).focal_point_id == minister.pk
    assert not AuditEntry.objects.filter(action="partners.focalpoint.removed").exists()


def test_the_service_refuses_and_says_what_still_uses_the_contact(
    officer_kaz: User, minister: FocalPoint, pledge: Pledge
) -> None:
    with pytest.raises(services.FocalPointInUse) as refused:
        services.focal_point_remove(actor=officer_kaz, focal_point=minister)
    assert refused.value.status_code == 409
    assert str(refused.value).startswith(
        "Deputy Minister is still the focal point of: pledges (1)."
    )
    _unchanged(minister, pledge)


def test_the_page_shows_the_refusal_beside_the_contact(
    officer_kaz: User, minister: FocalPoint, pledge: Pledge
) -> None:
    refused = client_for(officer_kaz).post(f"/en/partners/focal-points/{minister.pk}/remove/")
    assert refused.status_code == 409
    html = refused.content.decode()
    assert '<p class="errors" role="alert">Deputy Minister is still the focal point of' in html
    _unchanged(minister, pledge)


def test_the_api_answers_409_in_the_callers_language(
    officer_kaz: User, minister: FocalPoint, pledge: Pledge
) -> None:
    client = client_for(officer_kaz)
    refused = client.delete(f"/api/v1/focal-points/{minister.pk}/")
    assert refused.status_code == 409
    assert "still the focal point of: pledges (1)" in refused.json()["detail"]
    french = client.delete(
        f"/api/v1/focal-points/{minister.pk}/", headers={"accept-language": "fr"}
    )
    assert french.status_code == 409
    assert "annonces de contribution (1)" in french.json()["detail"]
    assert "still" not in french.json()["detail"]
    _unchanged(minister, pledge)


def test_once_the_pledge_names_no_one_the_contact_is_removed(
    admin: User, officer_kaz: User, minister: FocalPoint, pledge: Pledge
) -> None:
    funding_services.pledge_update(actor=admin, pledge=pledge, focal_point=None)
    removed = client_for(officer_kaz).post(f"/en/partners/focal-points/{minister.pk}/remove/")
    assert removed.status_code == 302
    assert not FocalPoint.objects.filter(pk=minister.pk).exists()
    assert AuditEntry.objects.filter(action="partners.focalpoint.removed").exists()


def test_the_database_keeps_a_contact_a_pledge_names_whatever_removes_it(
    minister: FocalPoint, pledge: Pledge
) -> None:
    """Removing the contact by another path than the service (the admin, a partner's removal)
    is refused too, instead of clearing it from the pledge without an audit entry."""
    with pytest.raises(ProtectedError):
        FocalPoint.objects.filter(pk=minister.pk).delete()
    with pytest.raises(ProtectedError):
        minister.partner.delete()
    assert Pledge.objects.get(pk=pledge.pk).focal_point_id == minister.pk
