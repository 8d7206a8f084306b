"""Saving a commodity, new or changed, leads to the list of commodities (a commodity has no
page but its form), saying it is saved, as a saved stock-keeping site leads to its site."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from sunbula.supply.models import Commodity
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

UREA = {
    "code": "UREA-46",
    "name": "Urea 46%",
    "name_ar": "يوريا",
    "name_fr": "Urée",
    "name_ru": "Мочевина",
    "category": "inputs",
    "base_unit": "kg",
    "package_size": "50",
    "package_name": "50 kg bag",
    "kcal_per_kg": "",
    "shelf_life_days": "720",
}


def test_a_new_and_a_changed_commodity_lead_to_the_list(admin: User) -> None:
    client = client_for(admin)
    created = client.post("/fr/supply/commodities/new/", UREA)
    assert created.status_code == 302
    assert created["Location"] == "/fr/supply/commodities/"
    shown = client.get(created["Location"]).content.decode()
    assert "Enregistré." in shown and "Urée" in shown
    urea = Commodity.objects.get(code="UREA-46")
    changed = client.post(f"/en/supply/commodities/{urea.pk}/", {**UREA, "shelf_life_days": "365"})
    assert changed.status_code == 302
    assert changed["Location"] == "/en/supply/commodities/"
    assert "Saved." in client.get(changed["Location"]).content.decode()
    urea.refresh_from_db()
    assert urea.shelf_life_days == 365


def test_a_refused_commodity_stays_on_its_form(admin: User) -> None:
    refused = client_for(admin).post(
        "/en/supply/commodities/new/", {**UREA, "shelf_life_days": "-1"}
    )
    assert refused.status_code == 422
    assert "shelf_life_days" in refused.context["form"].errors
    assert not Commodity.objects.exists()
