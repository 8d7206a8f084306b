"""What a person reads comes in their own language: a notice's figures and dates as that
language writes them, countries offered in the order of their names in the reader's
language, every member state named in each interface language, and a list's count that
does not speak of "your countries" to someone who sees them all."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail

from sunbula.core import services
from sunbula.core.figures import date_text, money_text, quantity_text
from sunbula.core.models import Country, Currency, MemberState, Notification, User
from sunbula.core.notifications import Amount, Quantity, notify
from sunbula.programmes import services as programme_services
from tests.conftest import AfterSetup, World, client_for

pytestmark = pytest.mark.django_db
D = datetime.date

# Afghanistan and Kazakhstan come from the world; these three set the languages' orders apart.
MORE_COUNTRIES = (
    ("EG", "EGY", "Egypt", {"ar": "مصر", "fr": "Égypte", "ru": "Египет"}),
    ("DE", "DEU", "Germany", {"ar": "ألمانيا", "fr": "Allemagne", "ru": "Германия"}),
    ("TR", "TUR", "Türkiye", {"ar": "تركيا", "fr": "Turquie", "ru": "Турция"}),
)


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_a_notice_gives_figures_and_dates_as_its_reader_writes_them(
    world: World,
    language: str,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    reader = services.user_create(
        actor=None,
        email=f"reader.{language}@example.org",
        password=None,
        full_name="Reader",
        preferred_language=language,
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipient=reader,
            kind="core.general",
            subject="%(amount)s",
            body="%(quantity)s · %(date)s · %(count)s",
            params={
                "amount": Amount(Decimal("12500.00"), "USD"),
                "quantity": Quantity(Decimal("68000"), "kg"),
                "date": D(2026, 3, 1),
                "count": 12500,
            },
        )
    (message,) = mail.outbox
    notice = Notification.objects.get(recipient=reader)
    amount = money_text(Decimal("12500"), "USD", lang=language)
    for text in (message.subject, notice.subject):
        assert amount in text
    for text in (message.body, notice.body):
        assert quantity_text(Decimal("68000"), "kg", lang=language) in text
        assert date_text(D(2026, 3, 1), lang=language) in text
        assert "2026-03-01" not in text
        assert "12500" not in text
    assert "12500.00" not in message.subject


def _country_options(html: str, field: str) -> list[str]:
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', html, re.S)
    assert select, html
    return [
        label.strip()
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select[1])
        if value
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Afghanistan", "Egypt", "Germany", "Kazakhstan", "Türkiye"]),
        ("ar", ["أفغانستان", "ألمانيا", "تركيا", "كازاخستان", "مصر"]),
        ("fr", ["Afghanistan", "Allemagne", "Égypte", "Kazakhstan", "Turquie"]),
        ("ru", ["Афганистан", "Германия", "Египет", "Казахстан", "Турция"]),
    ],
)
def test_countries_are_offered_in_the_order_of_the_readers_names(
    world: World, admin: User, language: str, expected: list[str]
) -> None:
    for iso2, iso3, name, translations in MORE_COUNTRIES:
        services.country_upsert(
            actor=None, iso2=iso2, iso3=iso3, name=name, name_translations=translations
        )
    page = client_for(admin).get(f"/{language}/partners/new/")
    assert page.status_code == 200
    assert _country_options(page.content.decode(), "countries") == expected


def test_every_member_state_is_named_in_each_interface_language(
    after_setup: AfterSetup,
) -> None:
    states = MemberState.objects.select_related("country")
    assert states.count() == 57
    for state in states:
        missing = {"ar", "fr", "ru"} - set(state.country.name_translations)
        assert not missing, (state.country.iso3, missing)
    turkiye = Country.objects.get(iso3="TUR")
    assert turkiye.name_translations["ar"] == "تركيا"
    page = client_for(after_setup.admin).get("/ar/member-states/?q=TUR")
    assert "تركيا" in page.content.decode()


@pytest.mark.parametrize(
    ("address", "count"),
    [
        ("/{language}/monitoring/", "0 datasets"),
        ("/{language}/monitoring/prices/", "0 markets"),
        ("/{language}/policy/", "0 profiles"),
        ("/{language}/programmes/projects/", "0 projects"),
        ("/{language}/sites/", "2 sites"),
    ],
)
def test_a_list_counts_what_it_shows_without_speaking_of_your_countries(
    admin: User, address: str, count: str
) -> None:
    client = client_for(admin)
    english = client.get(address.format(language="en")).content.decode()
    assert count in english
    assert "in your countries" not in english
    for language, words in (("fr", "dans vos pays"), ("ru", "в ваших странах")):
        page = client.get(address.format(language=language)).content.decode()
        assert words not in page
    assert "في بلدانك" not in client.get(address.format(language="ar")).content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Tajikistan", "Turkmenistan"]),
        ("ar", ["تركمانستان", "طاجيكستان"]),
    ],
)
def test_the_dashboards_list_their_countries_in_the_readers_order(
    after_setup: AfterSetup, language: str, expected: list[str]
) -> None:
    programme = programme_services.programme_create(
        actor=None,
        code="CA",
        name="Central Asia",
        reporting_organisation=after_setup.home,
        iati_reporting_ref="XI-IATI-IOFS",
    )
    for iso3 in ("TKM", "TJK"):
        programme_services.project_create(
            actor=None,
            code=f"WHEAT-{iso3}",
            title="Wheat seed",
            description="Seed for wheat farmers.",
            programme=programme,
            recipient_country=Country.objects.get(iso3=iso3),
            status="2",
            planned_start=datetime.date(2026, 1, 1),
            planned_end=datetime.date(2026, 12, 31),
            currency=Currency.objects.get(code="USD"),
        )
    page = client_for(after_setup.admin).get(f"/{language}/reports/dashboards/")
    assert page.status_code == 200
    names = re.findall(r'/dashboards/countries/[A-Z]{3}/">([^<]+)</a>', page.content.decode())
    assert names == expected
