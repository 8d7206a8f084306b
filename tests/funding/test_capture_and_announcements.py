"""The pledging-day page updates its totals in place; announcements are public only when published."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from sunbula.core.models import User
from sunbula.funding import services
from sunbula.funding.models import Pledge
from sunbula.supply import services as supply_services
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db


def test_an_htmx_post_returns_the_totals_and_a_fresh_form(
    world: World, money: Money, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    url = f"/en/funding/conferences/{money.conference.pk}/capture/"
    page = client.get(url).content.decode()
    assert "hx-post" in page and "autofocus" in page
    response = client.post(
        url,
        {
            "donor": world.kazakhstan_government.pk,
            "pledged_on": "2024-03-01",
            "amount": "9000000",
            "currency": "KZT",
            "country": world.afghanistan.pk,
            "contribution_type": "financial",
            "earmarking": "2",
            "budget_year": "2024",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert not html.startswith("<!doctype")
    assert 'id="capture"' in html and "20,000.00" in html
    assert "Government of the Republic of Kazakhstan" in html
    pledge = Pledge.objects.get()
    assert (pledge.conference, pledge.amount_usd) == (money.conference, 20000)


def test_the_kazakh_officer_cannot_capture_for_afghanistan(money: Money, officer_kaz: User) -> None:
    url = f"/en/funding/conferences/{money.conference.pk}/capture/"
    assert client_for(officer_kaz).get(url).status_code == 404


def test_unpublished_announcements_ask_for_a_login(world: World, money: Money) -> None:
    kzt_pledge(world, money, conference=money.conference)
    response = Client().get(f"/en/funding/conferences/{money.conference.pk}/announcements/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_published_announcements_are_public(world: World, money: Money, admin: User) -> None:
    kzt_pledge(world, money, conference=money.conference)
    services.conference_publish_announcements(
        actor=admin, conference=money.conference, published=True
    )
    url = f"/{{}}/funding/conferences/{money.conference.pk}/announcements/"
    response = Client().get(url.format("en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "KZT\xa04,500,000.00" in html and "10,000.00" in html
    assert "مؤتمر المانحين لأفغانستان" in Client().get(url.format("ar")).content.decode()
    # What was announced, for anyone; what each donor committed and paid, for those who may
    # read its money (the donor viewer of another organisation may not).
    assert "Pledged (USD)" in html
    assert "Committed (USD)" not in html and "Paid (USD)" not in html


def test_announcements_name_pledged_goods_in_the_reader_language(
    world: World, money: Money, admin: User
) -> None:
    supply_services.commodity_upsert(
        actor=admin,
        code="WHEAT-FLOUR",
        name="Wheat flour",
        name_translations={"ar": "دقيق القمح"},
        category="cereals",
        base_unit="kg",
    )
    for commodity in ("Wheat flour", "Dried apricots"):
        kzt_pledge(
            world,
            money,
            conference=money.conference,
            contribution_type="in_kind",
            commodity=commodity,
            quantity=Decimal(1000),
            unit="kg",
        )
    response = client_for(admin).get(
        f"/ar/funding/conferences/{money.conference.pk}/announcements/"
    )
    html = response.content.decode()
    assert "دقيق القمح" in html and "Wheat flour" not in html
    assert "Dried apricots" in html  # no commodity has that name: as it was typed


def test_publishing_from_the_page(money: Money, officer_afg: User) -> None:
    client = client_for(officer_afg)
    client.post(f"/en/funding/conferences/{money.conference.pk}/publish/", {"published": "1"})
    money.conference.refresh_from_db()
    assert money.conference.announcements_published
