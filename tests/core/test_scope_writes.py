"""A writer places records only in their own countries and changes only the partners there."""

from __future__ import annotations

import pytest

from sunbula.core import services
from sunbula.core.access import scope_for
from sunbula.core.models import AuditEntry, Organisation, User
from sunbula.partners import services as partner_services
from sunbula.partners.permissions import PartnersPerm
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _organisation_form(**changes: str) -> dict[str, str]:
    form = {"name": "Kazakh Red Crescent", "kind": "ngo", "iati_type": "21", "country": ""}
    form.update(changes)
    return form


def test_a_kazakh_officer_places_organisations_only_in_kazakhstan(
    world: World, officer_kaz: User
) -> None:
    client = client_for(officer_kaz)
    before = Organisation.objects.count()
    page = client.post(
        "/en/organisations/new/", _organisation_form(country=str(world.afghanistan.pk))
    )
    assert page.status_code == 422
    assert "country" in page.context["form"].errors
    api = client.post(
        "/api/v1/organisations/",
        {"name": "Afghan NGO", "kind": "ngo", "iati_type": "21", "country": "AFG"},
        content_type=JSON,
    )
    assert api.status_code == 400
    assert set(api.json()) == {"country"}
    assert Organisation.objects.count() == before
    created = client.post(
        "/api/v1/organisations/",
        {"name": "Kazakh NGO", "kind": "ngo", "iati_type": "21", "country": "KAZ"},
        content_type=JSON,
    )
    assert created.status_code == 201


def test_a_kazakh_organisation_is_not_moved_into_afghanistan(
    world: World, officer_kaz: User
) -> None:
    client = client_for(officer_kaz)
    government = world.kazakhstan_government
    moved = client.patch(
        f"/api/v1/organisations/{government.pk}/", {"country": "AFG"}, content_type=JSON
    )
    assert moved.status_code == 400
    page = client.post(
        f"/en/organisations/{government.pk}/edit/",
        _organisation_form(name=government.name, country=str(world.afghanistan.pk)),
    )
    assert page.status_code == 422
    government.refresh_from_db()
    assert government.country == world.kazakhstan


def test_a_country_officer_changes_only_the_partners_of_her_countries(
    world: World, admin: User, officer_kaz: User, officer_afg: User
) -> None:
    afghan = services.organisation_create(
        actor=admin, name="Afghan Aid", kind="ngo", iati_type="21", country=world.afghanistan
    )
    partner = partner_services.partner_create(
        actor=admin, organisation=afghan, roles=["implementing"]
    )
    focal_point = partner_services.focal_point_add(
        actor=admin, partner=partner, title="Director", organisation=afghan
    )
    kazakh = client_for(officer_kaz)
    assert kazakh.get(f"/en/partners/{partner.pk}/").status_code == 200
    assert kazakh.get(f"/en/partners/{partner.pk}/edit/").status_code == 403
    assert (
        kazakh.post(f"/en/partners/{partner.pk}/focal-points/", {"title": "X"}).status_code == 403
    )
    assert kazakh.post(f"/en/partners/focal-points/{focal_point.pk}/remove/").status_code == 403
    assert client_for(officer_afg).get(f"/en/partners/{partner.pk}/edit/").status_code == 200
    options = client_for(officer_kaz).get("/en/partners/new/").content.decode()
    assert "Afghan Aid" not in options
    assert scope_for(officer_kaz, PartnersPerm.MANAGE_PARTNER).granted


def test_sites_are_added_and_corrected_through_the_api_only_in_the_writers_countries(
    world: World, officer_kaz: User
) -> None:
    client = client_for(officer_kaz)
    refused = client.post(
        "/api/v1/sites/",
        {"name": "Kabul warehouse", "kind": "warehouse", "country": "AFG"},
        content_type=JSON,
    )
    assert refused.status_code == 400
    assert set(refused.json()) == {"country"}
    created = client.post(
        "/api/v1/sites/",
        {"name": "Almaty warehouse", "kind": "warehouse", "country": "KAZ"},
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    site = created.json()
    assert site["country"] == "KAZ"
    assert site["is_illustrative"] is False
    renamed = client.patch(
        f"/api/v1/sites/{site['id']}/", {"name": "Almaty central warehouse"}, content_type=JSON
    )
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Almaty central warehouse"
    moved = client.patch(f"/api/v1/sites/{site['id']}/", {"country": "AFG"}, content_type=JSON)
    assert moved.status_code == 400
    assert client.put(f"/api/v1/sites/{site['id']}/", {}, content_type=JSON).status_code == 405
    entries = AuditEntry.objects.filter(object_id=str(site["id"]), content_type__model="site")
    assert entries.count() == 2  # created, then renamed; the refused move wrote nothing
