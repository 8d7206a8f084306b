"""Conversion to US dollars at the rate in force on a date, and recording rates."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.core import services
from sunbula.core.errors import RateMissing
from sunbula.core.models import Currency, User
from sunbula.core.money import rate_in_force, usd_value
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenge() -> Currency:
    tenge = services.currency_upsert(actor=None, code="KZT", name="Tenge")
    for day, units in (("2023-01-01", "460"), ("2025-01-01", "520")):
        services.exchange_rate_record(
            actor=None,
            currency=tenge,
            valid_from=datetime.date.fromisoformat(day),
            units_per_usd=Decimal(units),
            source="test",
        )
    return tenge


def test_the_rate_in_force_is_the_latest_on_or_before_the_day(tenge: Currency) -> None:
    assert rate_in_force(currency=tenge, on=datetime.date(2024, 12, 31)).units_per_usd == 460
    assert rate_in_force(currency=tenge, on=datetime.date(2025, 1, 1)).units_per_usd == 520


def test_usd_value_rounds_half_even_to_the_cent(tenge: Currency) -> None:
    assert usd_value(
        amount=Decimal("46000000"), currency=tenge, on=datetime.date(2023, 6, 1)
    ) == Decimal("100000.00")
    assert usd_value(amount=Decimal("1"), currency=tenge, on=datetime.date(2023, 6, 1)) == Decimal(
        "0.00"
    )
    assert usd_value(
        amount=Decimal("1000"), currency=tenge, on=datetime.date(2025, 6, 1)
    ) == Decimal("1.92")


def test_conversion_refuses_a_day_before_any_rate(tenge: Currency) -> None:
    with pytest.raises(RateMissing, match="KZT on or before 2022-12-31"):
        usd_value(amount=Decimal(1), currency=tenge, on=datetime.date(2022, 12, 31))


def test_us_dollars_need_no_rate() -> None:
    dollar = services.currency_upsert(actor=None, code="USD", name="US Dollar")
    assert usd_value(
        amount=Decimal("10.005"), currency=dollar, on=datetime.date(2020, 1, 1)
    ) == Decimal("10.00")


def test_recording_a_day_again_corrects_it(tenge: Currency) -> None:
    services.exchange_rate_record(
        actor=None,
        currency=tenge,
        valid_from=datetime.date(2023, 1, 1),
        units_per_usd=Decimal("462.5"),
        source="correction",
    )
    assert tenge.rates.count() == 2
    assert rate_in_force(currency=tenge, on=datetime.date(2023, 2, 1)).units_per_usd == Decimal(
        "462.5"
    )


def test_api_lists_and_filters_rates(officer_afg: User, tenge: Currency) -> None:
    data = client_for(officer_afg).get("/api/v1/exchange-rates/?currency=kzt").json()
    assert [row["valid_from"] for row in data["results"]] == ["2025-01-01", "2023-01-01"]


def test_only_administrators_record_rates_by_api(
    officer_afg: User, admin: User, tenge: Currency
) -> None:
    body = {
        "currency": "KZT",
        "valid_from": "2026-01-01",
        "units_per_usd": "505",
        "source": "UN operational rates of exchange",
    }
    denied = client_for(officer_afg).post(
        "/api/v1/exchange-rates/", body, content_type="application/json"
    )
    assert denied.status_code == 403
    created = client_for(admin).post(
        "/api/v1/exchange-rates/", body, content_type="application/json"
    )
    assert created.status_code == 201
    negative = client_for(admin).post(
        "/api/v1/exchange-rates/", {**body, "units_per_usd": "-1"}, content_type="application/json"
    )
    assert negative.status_code == 400
    assert "units_per_usd" in negative.json()


def test_the_list_shows_a_rate_as_a_person_reads_it(admin: User) -> None:
    riyal = services.currency_upsert(actor=None, code="SAR", name="Saudi riyal")
    tiny = services.currency_upsert(actor=None, code="XTS", name="Test currency")
    for currency, units in ((riyal, "3.75"), (tiny, "0.00012345")):
        services.exchange_rate_record(
            actor=None,
            currency=currency,
            valid_from=datetime.date(2024, 1, 1),
            units_per_usd=Decimal(units),
            source="test",
        )
    english = client_for(admin).get("/en/exchange-rates/").content.decode()
    assert "3.75000000" not in english
    assert "<bdi>3.75</bdi>" in english
    assert "<bdi>0.00012345</bdi>" in english
    french = client_for(admin).get("/fr/exchange-rates/").content.decode()
    assert "<bdi>3,75</bdi>" in french
    assert "<bdi>0,00012345</bdi>" in french
