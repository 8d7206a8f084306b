"""Correcting market records: a market renamed or placed in another area of its country, a
price read in error removed with a reason, on the page and through the API, each in the
recorder's countries only and kept in the audit log."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sunbula.core import services as core
from sunbula.core.models import AuditEntry, Currency, Role, User
from sunbula.monitoring import services
from sunbula.monitoring.models import Market, PriceObservation
from tests.conftest import World, client_for, make_persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def afghani(world: World) -> Currency:
    return core.currency_upsert(actor=None, code="AFN", name="Afghani")


@pytest.fixture
def bazaar(world: World, officer_afg: User) -> Market:
    return services.market_create(
        actor=officer_afg, country=world.afghanistan, name="Herat central bazaar"
    )


def _price(market: Market, actor: User, afghani: Currency, price: str) -> PriceObservation:
    return services.price_record(
        actor=actor,
        market=market,
        commodity="Wheat flour",
        category="cereals and tubers",
        unit="KG",
        price=Decimal(price),
        currency=afghani,
        observed_on=datetime.date(2024, 3, 1),
    )


def test_a_market_is_renamed_and_placed_in_an_area_of_its_country(
    officer_afg: User, officer_kaz: User, world: World, bazaar: Market
) -> None:
    services.market_create(actor=officer_afg, country=world.afghanistan, name="Kabul Mandawi")
    client = client_for(officer_afg)
    edit = reverse("monitoring:market_edit", args=[bazaar.pk])
    page = client.get(edit).content.decode()
    assert 'value="Herat central bazaar"' in page and 'name="country"' not in page

    taken = client.post(edit, {"name": " kabul  mandawi ", "admin_area": world.hirat.pk})
    assert taken.status_code == 422
    assert "The country has a market of this name already." in taken.content.decode()

    saved = client.post(edit, {"name": "Herat  grain bazaar", "admin_area": world.hirat.pk})
    assert saved.status_code == 302 and saved["Location"] == bazaar.get_absolute_url()
    bazaar.refresh_from_db()
    assert (bazaar.name, bazaar.admin_area, bazaar.country) == (
        "Herat grain bazaar",
        world.hirat,
        world.afghanistan,
    )
    entry = AuditEntry.objects.get(action="monitoring.market.updated")
    assert entry.before["name"] == "Herat central bazaar"
    assert entry.after["name"] == "Herat grain bazaar"

    elsewhere = client_for(officer_kaz)
    assert elsewhere.get(edit).status_code == 404
    assert elsewhere.post(edit, {"name": "Taken over"}).status_code == 404
    bazaar.refresh_from_db()
    assert bazaar.name == "Herat grain bazaar"


def test_a_market_page_offers_corrections_to_those_who_record_prices_there(
    officer_afg: User, world: World, bazaar: Market, afghani: Currency
) -> None:
    price = _price(bazaar, officer_afg, afghani, "40")
    edit = reverse("monitoring:market_edit", args=[bazaar.pk])
    remove = reverse("monitoring:price_remove", args=[price.pk])
    recorder = client_for(officer_afg).get(bazaar.get_absolute_url()).content.decode()
    assert edit in recorder and remove in recorder

    logistics = make_persona(
        "logistics.afg@example.org", Role.LOGISTICS_OFFICER, world.iofs, [world.afghanistan]
    )
    reader = client_for(logistics)
    shown = reader.get(bazaar.get_absolute_url()).content.decode()
    assert "Herat central bazaar" in shown and edit not in shown and remove not in shown
    assert reader.get(edit).status_code == 403
    assert reader.post(remove, {"reason": "Not mine to remove"}).status_code == 403
    assert PriceObservation.objects.filter(pk=price.pk).exists()


def test_a_price_read_in_error_is_removed_with_a_reason_and_leaves_the_trend(
    officer_afg: User, officer_kaz: User, bazaar: Market, afghani: Currency
) -> None:
    kept = _price(bazaar, officer_afg, afghani, "40")
    typo = _price(bazaar, officer_afg, afghani, "4000")
    client = client_for(officer_afg)
    remove = reverse("monitoring:price_remove", args=[typo.pk])
    assert "Remove the price of Wheat flour read on" in client.get(remove).content.decode()

    without_reason = client.post(remove, {"reason": "  "})
    assert without_reason.status_code == 422
    assert PriceObservation.objects.filter(pk=typo.pk).exists()

    assert client_for(officer_kaz).post(remove, {"reason": "Mine now"}).status_code == 404
    assert PriceObservation.objects.filter(pk=typo.pk).exists()

    # The page checks the reason as it is typed (htmx, `?validate=1`): that removes nothing.
    assert client.post(remove + "?validate=1", {"reason": "Typed 4000"}).status_code == 200
    assert PriceObservation.objects.filter(pk=typo.pk).exists()

    removed = client.post(remove, {"reason": "Typed 4000 for 40"})
    assert removed.status_code == 302 and removed["Location"] == bazaar.get_absolute_url()
    assert list(PriceObservation.objects.values_list("pk", flat=True)) == [kept.pk]
    entry = AuditEntry.objects.get(action="monitoring.priceobservation.removed")
    assert entry.before["reason"] == "Typed 4000 for 40"
    assert entry.before["price"] == "4000.0000" and entry.actor == officer_afg
    market_page = client.get(bazaar.get_absolute_url()).content.decode()
    assert "4,000" not in market_page and "Price removed." in market_page


def test_the_api_corrects_markets_and_removes_prices_in_the_callers_countries(
    officer_afg: User,
    officer_kaz: User,
    admin: User,
    world: World,
    bazaar: Market,
    afghani: Currency,
) -> None:
    price = _price(bazaar, officer_afg, afghani, "4000")
    api = APIClient()
    api.force_authenticate(officer_afg)
    renamed = api.patch(
        f"/api/v1/markets/{bazaar.pk}/",
        {"name": "Herat grain bazaar", "admin_area": "AF32", "country": "KAZ"},
        format="json",
    )
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["name"] == "Herat grain bazaar"
    assert renamed.json()["country"] == "AFG" and renamed.json()["admin_area"] == "AF32"

    api.force_authenticate(admin)
    abroad = api.patch(
        f"/api/v1/markets/{bazaar.pk}/", {"site": world.almaty_warehouse.pk}, format="json"
    )
    assert abroad.status_code == 400 and "site" in abroad.json()
    assert Market.objects.get().site is None

    api.force_authenticate(officer_kaz)
    missing_id = max(PriceObservation.objects.values_list("pk", flat=True)) + 1
    out_of_scope = api.post(f"/api/v1/market-prices/{price.pk}/remove/", {"reason": "x"})
    missing = api.post(f"/api/v1/market-prices/{missing_id}/remove/", {"reason": "x"})
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.json() == missing.json()
    assert api.patch(f"/api/v1/markets/{bazaar.pk}/", {"name": "Mine"}).status_code == 404

    api.force_authenticate(officer_afg)
    refused = api.post(f"/api/v1/market-prices/{price.pk}/remove/", {}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()
    done = api.post(f"/api/v1/market-prices/{price.pk}/remove/", {"reason": "Typed 4000 for 40"})
    assert done.status_code == 204
    assert not PriceObservation.objects.exists()
