"""Money on the funding pages reads as money: grouped, with its own currency beside it, in
every language, on the public announcements page too."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from sunbula.core import services as core_services
from sunbula.core.models import Role, User
from sunbula.funding import services
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db

BDI = re.compile(r"<bdi>(.*?)</bdi>")


def isolated_figures(html: str) -> list[str]:
    """The text of each isolated figure, as a reader meets it in logical order."""
    return [text.replace("\u200f", "").replace("\u200e", "") for text in BDI.findall(html)]


def test_public_announcements_group_the_thousands(world: World, money: Money, admin: User) -> None:
    kzt_pledge(world, money, conference=money.conference, amount=Decimal("52631.58"))
    services.conference_publish_announcements(
        actor=admin, conference=money.conference, published=True
    )
    html = Client().get(f"/en/funding/conferences/{money.conference.pk}/announcements/")
    text = html.content.decode()
    assert "KZT\xa052,631.58" in isolated_figures(text)
    assert "52631.58" not in text


def test_an_arabic_pledge_page_keeps_each_amount_beside_its_currency(
    world: World, money: Money, officer_afg: User
) -> None:
    pledge = kzt_pledge(
        world,
        money,
        amount=Decimal("52631.58"),
        contribution_type="in_kind",
        commodity="Wheat flour",
        quantity=Decimal("10000"),
        unit="kg",
    )
    html = client_for(officer_afg).get(f"/ar/funding/pledges/{pledge.pk}/").content.decode()
    figures = isolated_figures(html)
    # The tenge amount and "KZT" inside one isolate, amount first: never beside "USD".
    assert "52,631.58\xa0KZT" in figures
    assert "116.96\xa0USD" in figures
    assert "10,000 كغم" in figures
    assert "10000,000" not in html and "52631.5800000000" not in html


def test_dates_read_alike_on_every_funding_page(world: World, money: Money, admin: User) -> None:
    pledge = kzt_pledge(world, money)
    client = client_for(admin)
    for url in (
        f"/en/funding/pledges/{pledge.pk}/",
        "/en/funding/conferences/",
        f"/en/funding/conferences/{money.conference.pk}/",
    ):
        html = client.get(url).content.decode()
        assert "<bdi>Mar 1, 2024</bdi>" in html, url
        assert "1402" not in html, url


def test_afghanistan_officers_see_the_solar_hijri_date_beside_it(
    world: World, money: Money, officer_afg: User
) -> None:
    pledge = kzt_pledge(world, money)
    html = client_for(officer_afg).get(f"/en/funding/pledges/{pledge.pk}/").content.decode()
    assert "<bdi>Mar 1, 2024</bdi> (<bdi>11 Hut 1402 SH</bdi>)" in html


def test_an_officer_with_a_role_beyond_afghanistan_sees_the_gregorian_date_alone(
    world: World, money: Money, officer_afg: User
) -> None:
    pledge = kzt_pledge(world, money)
    url = f"/en/funding/pledges/{pledge.pk}/"
    core_services.role_grant(
        actor=None,
        user=officer_afg,
        role=Role.ME_OFFICER,
        organisation=world.iofs,
        countries=[world.kazakhstan],
    )
    html = client_for(officer_afg).get(url).content.decode()
    assert "<bdi>Mar 1, 2024</bdi>" in html and "1402" not in html


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "Apr 1, 2024"), ("ru", "1 апр. 2024\u202fг.")],
)
def test_the_payment_form_offers_each_commitment_by_its_date_in_the_readers_format(
    world: World, money: Money, admin: User, language: str, label: str
) -> None:
    pledge = kzt_pledge(world, money, actor=admin)
    services.commitment_record(
        actor=admin, pledge=pledge, committed_on=date(2024, 4, 1), amount=Decimal("1000000")
    )
    page = client_for(admin).get(f"/{language}/funding/pledges/{pledge.pk}/")
    choices = [str(text) for _, text in page.context["payment_form"].fields["commitment"].choices]
    assert choices[1:] == [f"{pledge.reference} · \u2068{label}\u2069"]
    assert "2024-04-01" not in page.content.decode()


def test_a_rate_reads_with_the_decimals_it_holds(
    world: World, money: Money, officer_afg: User
) -> None:
    core_services.exchange_rate_record(
        actor=None,
        currency=money.kzt,
        valid_from=date(2024, 2, 1),
        units_per_usd=Decimal("450.5"),
        source="t",
    )
    pledge = kzt_pledge(world, money)
    html = client_for(officer_afg).get(f"/en/funding/pledges/{pledge.pk}/").content.decode()
    assert "(450.5 KZT per USD)" in re.sub(r"</?bdi>", "", html)
    assert "450.50000000" not in html


def test_co_hosts_are_listed_with_the_readers_comma(
    world: World, money: Money, admin: User, officer_afg: User
) -> None:
    services.conference_update(
        actor=admin,
        conference=money.conference,
        co_hosts=[world.iofs, world.kazakhstan_government],
    )
    reader = client_for(officer_afg)
    names = [host.local_name for host in (world.iofs, world.kazakhstan_government)]
    with translation.override("ar"):
        arabic = [host.local_name for host in (world.iofs, world.kazakhstan_government)]
    arabic_page = reader.get(f"/ar/funding/conferences/{money.conference.pk}/").content.decode()
    english_page = reader.get(f"/en/funding/conferences/{money.conference.pk}/").content.decode()
    assert any("، ".join(order) in arabic_page for order in (arabic, arabic[::-1]))
    assert any(", ".join(order) in english_page for order in (names, names[::-1]))
