"""Saving a stock-keeping site, new or changed, leads to its site's page (where its lots on
hand and waybills are), saying it is saved, as a saved record leads to its page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.core.models import User
from sunbula.supply.models import StockSite
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_a_new_and_a_changed_stock_site_lead_to_the_sites_page(
    world: World, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    kabul = world.kabul_warehouse
    created = client.post(
        "/en/supply/sites/new/", {"site": kabul.pk, "capacity": "500", "is_active": "on"}
    )
    assert created.status_code == 302
    assert created["Location"] == kabul.get_absolute_url()
    shown = client.get(created["Location"])
    assert shown.status_code == 200
    html = shown.content.decode()
    assert "Kabul warehouse" in html and "Saved." in html
    stock_site = StockSite.objects.get(site=kabul)
    changed = client.post(
        f"/en/supply/sites/{stock_site.pk}/", {"capacity": "800", "is_active": "on"}
    )
    assert changed.status_code == 302
    assert changed["Location"] == kabul.get_absolute_url()
    assert "Saved." in client.get(changed["Location"]).content.decode()
    stock_site.refresh_from_db()
    assert stock_site.capacity == Decimal(800)


def test_a_refused_stock_site_stays_on_its_form(world: World, officer_afg: User) -> None:
    client = client_for(officer_afg)
    refused = client.post(
        "/en/supply/sites/new/", {"site": world.kabul_warehouse.pk, "capacity": "-1"}
    )
    assert refused.status_code == 422
    assert list(refused.context["form"].errors) == ["capacity"]
    assert not StockSite.objects.exists()
