"""A farmer may have had no contact with an extension worker: the farm is recorded without
saying how many (page, API and service), and it counts as none."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.core.models import User
from sunbula.registry import services
from sunbula.registry.models import Farmer
from tests.conftest import client_for
from tests.registry.conftest import People

pytestmark = pytest.mark.django_db
JSON = "application/json"
FARM = {"farm_area_ha": "1.5", "tenure": "owner", "irrigation": "canal"}


def test_the_farm_page_does_not_ask_for_extension_contacts(
    people: People, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    url = f"/en/registry/people/{people.afghan.pk}/farm/"
    form = client.get(url).context["form"]
    assert not form.fields["extension_contacts"].required

    saved = client.post(url, FARM)

    assert saved.status_code == 302
    farm = Farmer.objects.get(person=people.afghan)
    assert farm.extension_contacts == 0 and farm.farm_area_ha == Decimal("1.5")


def test_emptying_the_field_on_the_page_leaves_none(people: People, officer_afg: User) -> None:
    services.farmer_upsert(
        actor=None,
        person=people.afghan,
        farm_area_ha=Decimal("1.5"),
        tenure="owner",
        irrigation="canal",
        extension_contacts=4,
    )
    client = client_for(officer_afg)
    url = f"/en/registry/people/{people.afghan.pk}/farm/"

    saved = client.post(url, {**FARM, "extension_contacts": ""})

    assert saved.status_code == 302
    assert Farmer.objects.get(person=people.afghan).extension_contacts == 0


def test_a_negative_count_is_still_refused_on_its_field(people: People, officer_afg: User) -> None:
    url = f"/en/registry/people/{people.afghan.pk}/farm/"

    refused = client_for(officer_afg).post(url, {**FARM, "extension_contacts": "-1"})

    assert refused.status_code == 422
    assert "extension_contacts" in refused.context["form"].errors
    assert not Farmer.objects.exists()


def test_the_api_records_a_farm_without_extension_contacts(
    people: People, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    url = f"/api/v1/registry/people/{people.afghan.pk}/farm/"

    left_out = client.post(url, FARM, content_type=JSON)
    assert left_out.status_code == 200, left_out.content
    assert left_out.json()["extension_contacts"] == 0

    none = client.post(url, {**FARM, "extension_contacts": None}, content_type=JSON)
    assert none.status_code == 200, none.content
    assert none.json()["extension_contacts"] == 0
    assert Farmer.objects.get(person=people.afghan).extension_contacts == 0


def test_the_service_takes_no_count_as_none(people: People, officer_afg: User) -> None:
    farm = services.farmer_upsert(
        actor=officer_afg,
        person=people.afghan,
        farm_area_ha=Decimal("2"),
        tenure="tenant",
        irrigation="rainfed",
        extension_contacts=None,
    )

    farm.refresh_from_db()
    assert farm.extension_contacts == 0
