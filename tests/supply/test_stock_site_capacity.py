"""A stock-keeping site's storage capacity is a quantity it can hold: never below zero, on the
page as in the API."""

from __future__ import annotations

import pytest

from sunbula.core.models import User
from sunbula.supply.models import StockSite
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_a_negative_capacity_is_refused_on_the_page_and_in_the_api(
    world: World, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    page = client.post(
        "/en/supply/sites/new/",
        {"site": world.kabul_warehouse.pk, "capacity": "-100", "is_active": "on"},
    )
    assert page.status_code == 422
    assert list(page.context["form"].errors) == ["capacity"]
    api = client.post(
        "/api/v1/supply/sites/",
        {"site": world.kabul_warehouse.pk, "capacity": "-100"},
        content_type="application/json",
    )
    assert api.status_code == 400 and list(api.json()) == ["capacity"]
    assert not StockSite.objects.exists()
    created = client.post(
        "/en/supply/sites/new/",
        {"site": world.kabul_warehouse.pk, "capacity": "0", "is_active": "on"},
    )
    assert created.status_code == 302
    kabul = StockSite.objects.get()
    edited = client.post(f"/en/supply/sites/{kabul.pk}/", {"capacity": "-1", "is_active": "on"})
    assert edited.status_code == 422
    patched = client.patch(
        f"/api/v1/supply/sites/{kabul.pk}/", {"capacity": "-1"}, content_type="application/json"
    )
    assert patched.status_code == 400 and list(patched.json()) == ["capacity"]
    kabul.refresh_from_db()
    assert kabul.capacity == 0
