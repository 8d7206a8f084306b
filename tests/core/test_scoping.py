"""A programme officer scoped to Afghanistan sees Afghan records only, by page and by API."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from sunbula.core.models import User
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_officer_sees_the_site_in_her_country(officer_afg: User, world: World) -> None:
    client = client_for(officer_afg)
    assert client.get(f"/en/sites/{world.kabul_warehouse.pk}/").status_code == 200
    assert client.get(f"/api/v1/sites/{world.kabul_warehouse.pk}/").status_code == 200


def test_officer_cannot_reach_a_site_in_another_country(officer_afg: User, world: World) -> None:
    client = client_for(officer_afg)
    assert client.get(f"/en/sites/{world.almaty_warehouse.pk}/").status_code == 404
    assert client.get(f"/en/sites/{world.almaty_warehouse.pk}/edit/").status_code == 404
    assert client.get(f"/api/v1/sites/{world.almaty_warehouse.pk}/").status_code == 404


def test_site_list_and_api_list_leave_other_countries_out(officer_afg: User, world: World) -> None:
    client = client_for(officer_afg)
    page = client.get("/en/sites/").content.decode()
    assert "Kabul warehouse" in page
    assert "Almaty transit warehouse" not in page
    names = [site["name"] for site in client.get("/api/v1/sites/").json()["results"]]
    assert names == ["Kabul warehouse"]
    assert client.get("/api/v1/sites/?country=KAZ").json()["count"] == 0


def test_the_other_officer_sees_the_mirror_image(officer_kaz: User, world: World) -> None:
    client = client_for(officer_kaz)
    names = [site["name"] for site in client.get("/api/v1/sites/").json()["results"]]
    assert names == ["Almaty transit warehouse"]
    assert client.get(f"/en/sites/{world.kabul_warehouse.pk}/").status_code == 404


def test_administrator_sees_every_country(admin: User, world: World) -> None:
    names = [site["name"] for site in client_for(admin).get("/api/v1/sites/").json()["results"]]
    assert names == ["Almaty transit warehouse", "Kabul warehouse"]


def test_token_authenticated_api_is_scoped_the_same_way(
    officer_afg: User, admin: User, world: World
) -> None:
    from sunbula.core.services import api_token_create

    _token, key = api_token_create(
        actor=officer_afg,
        user=officer_afg,
        name="Sites",
        expires_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(f"/api/v1/sites/{world.kabul_warehouse.pk}/").status_code == 200
    assert client.get(f"/api/v1/sites/{world.almaty_warehouse.pk}/").status_code == 404


def test_officer_cannot_edit_an_organisation_of_another_country(
    officer_afg: User, world: World
) -> None:
    client = client_for(officer_afg)
    url = f"/en/organisations/{world.kazakhstan_government.pk}/edit/"
    assert client.get(url).status_code == 403
    response = client.patch(
        f"/api/v1/organisations/{world.kazakhstan_government.pk}/",
        {"acronym": "GOK"},
        content_type="application/json",
    )
    assert response.status_code == 403
    world.kazakhstan_government.refresh_from_db()
    assert world.kazakhstan_government.acronym == ""


def test_someone_without_a_role_sees_nothing(outsider: User, world: World) -> None:
    client = client_for(outsider)
    assert client.get("/en/organisations/").status_code == 403
    assert client.get("/en/sites/").status_code == 403
    assert client.get("/api/v1/sites/").status_code == 403
    assert client.get("/api/v1/organisations/").status_code == 403
    assert "no role yet" in client.get("/en/").content.decode()


def test_audit_log_is_for_administrators(officer_afg: User, admin: User) -> None:
    assert client_for(officer_afg).get("/en/audit/").status_code == 403
    assert client_for(admin).get("/en/audit/").status_code == 200
