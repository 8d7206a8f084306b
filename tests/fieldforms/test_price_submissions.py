"""Market prices from ODK Collect: the country's markets are a CSV in the manifest, each
price row is recorded as the market page records it, and a bad value (a negative price, an
unknown market, a market out of scope) waits for review and writes nothing else."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from defusedxml import ElementTree
from django.urls import reverse
from django.utils import timezone

from sunbula.core import services as core
from sunbula.core.models import AuditEntry, Currency, User
from sunbula.fieldforms import services
from sunbula.fieldforms.models import FieldForm, Purpose, Submission
from sunbula.monitoring import services as monitoring
from sunbula.monitoring.models import Market, PriceObservation
from tests.conftest import World
from tests.fieldforms.conftest import collect_for

pytestmark = pytest.mark.django_db

MANIFEST = "{http://openrosa.org/xforms/xformsManifest}"


@pytest.fixture
def afghani(world: World) -> Currency:
    currency = core.currency_upsert(actor=None, code="AFN", name="Afghani")
    core.exchange_rate_record(
        actor=None,
        currency=currency,
        valid_from=datetime.date(2025, 1, 1),
        units_per_usd=Decimal(70),
        source="test",
    )
    return currency


@pytest.fixture
def market(world: World, afghani: Currency) -> Market:
    return monitoring.market_create(
        actor=None, country=world.afghanistan, name="Herat central bazaar", admin_area=world.hirat
    )


@pytest.fixture
def price_form(world: World, admin: User) -> FieldForm:
    return services.form_publish(
        actor=admin,
        purpose=Purpose.MARKET_PRICES,
        country=world.afghanistan,
        title="Market prices, Afghanistan",
    ).form


def _values(market: Market, *prices: str, **changes: Any) -> dict[str, Any]:
    rows = [
        {
            "commodity": "Wheat flour",
            "category": "cereals and tubers",
            "unit": "KG",
            "price_type": "Retail",
            "price": price,
        }
        for price in prices
    ]
    return {
        "market": str(market.pk),
        "observed_on": timezone.localdate().isoformat(),
        "currency": "AFN",
        "item": rows,
        **changes,
    }


def test_prices_from_collect_are_recorded_with_their_market(
    officer_afg: User, market: Market, price_form: FieldForm
) -> None:
    collect = collect_for(officer_afg)
    manifest = ElementTree.fromstring(collect.get(f"forms/{price_form.form_id}/manifest").content)
    url = next(manifest.iter(f"{MANIFEST}downloadUrl")).text or ""
    assert f"{market.pk},Herat central bazaar,AF32" in collect.get(url).content.decode()
    response, instance_id = collect.submit(price_form, _values(market, "42", "38.5"))
    assert response.status_code == 201, response.content
    prices = list(PriceObservation.objects.order_by("pk"))
    assert [(p.market, p.price, p.currency.code, p.source) for p in prices] == [
        (market, Decimal(42), "AFN", instance_id),
        (market, Decimal("38.5"), "AFN", instance_id),
    ]
    assert prices[0].collected_by == officer_afg and prices[0].price_usd == Decimal("0.60")
    assert Submission.objects.get(instance_id=instance_id).records == [
        ["monitoring.priceobservation", price.pk] for price in prices
    ]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"item": [{"commodity": "Wheat flour", "category": "cereals and tubers", "unit": "KG",
                    "price_type": "Retail", "price": "-3"}]},
         "Price 1: price: A price must be more than zero."),
        ({"market": "Nowhere market"}, "No market of Afghanistan is called Nowhere market."),
    ],
)  # fmt: skip
def test_a_bad_value_waits_for_review_and_writes_nothing(
    officer_afg: User,
    market: Market,
    price_form: FieldForm,
    changes: dict[str, Any],
    reason: str,
) -> None:
    before = AuditEntry.objects.count()
    _response, instance_id = collect_for(officer_afg).submit(
        price_form, {**_values(market, "40"), **changes}
    )
    submission = Submission.objects.get(instance_id=instance_id)
    assert (submission.status, submission.shown_reason) == (Submission.Status.REVIEW, reason)
    assert not PriceObservation.objects.exists()
    actions = [entry.action for entry in AuditEntry.objects.order_by("pk")[before:]]
    assert actions == ["fieldforms.submission.received"]


def test_a_market_out_of_the_devices_area_waits_for_review(
    officer_afg: User, world: World, market: Market, price_form: FieldForm
) -> None:
    from django.test import Client

    from tests.fieldforms.conftest import Collect

    _device, token = services.device_issue(
        actor=None,
        label="Kabul tablet",
        user=officer_afg,
        country=world.afghanistan,
        forms=[price_form],
        admin_area=world.kabul,
    )
    tablet = Collect(Client(), {}, prefix=f"/openrosa/key/{token}/")
    _response, instance_id = tablet.submit(price_form, _values(market, "40"))
    submission = Submission.objects.get(instance_id=instance_id)
    assert submission.shown_reason == f"This device records only in Kabul; {market} is outside it."
    assert not PriceObservation.objects.exists()


def test_accepting_a_corrected_price_writes_what_the_page_would(
    officer_afg: User, market: Market, price_form: FieldForm
) -> None:
    _response, instance_id = collect_for(officer_afg).submit(
        price_form, _values(market, "40", "-41")
    )
    submission = Submission.objects.get(instance_id=instance_id)
    page = collect_for(officer_afg).client
    page.force_login(officer_afg)
    shown = page.get(submission.get_absolute_url())
    assert b'name="item-1-price"' in shown.content
    values = _values(market, "40", "-41")
    form = {name: value for name, value in values.items() if name != "item"}
    for index, row in enumerate(values["item"]):
        form.update({f"item-{index}-{name}": value for name, value in row.items()})
    response = page.post(submission.get_absolute_url(), {**form, "item-1-price": "41"})
    assert response.status_code == 302, response.content
    recorded = list(PriceObservation.objects.order_by("pk"))
    assert [price.price for price in recorded] == [Decimal(40), Decimal(41)]
    by_page = page.post(
        reverse("monitoring:price_create", args=[market.pk]),
        {
            "commodity": "Wheat flour",
            "category": "cereals and tubers",
            "unit": "KG",
            "price_type": "Retail",
            "price": "41",
            "currency": "AFN",
            "observed_on": timezone.localdate().isoformat(),
        },
    )
    assert by_page.status_code == 302, by_page.content
    assert by_page["Location"] == market.get_absolute_url()
    typed = PriceObservation.objects.latest("pk")
    fields = ("market_id", "commodity", "category", "unit", "price_type", "price", "currency_id",
              "price_usd", "observed_on", "collected_by_id")  # fmt: skip
    assert [getattr(recorded[1], name) for name in fields] == [
        getattr(typed, name) for name in fields
    ]
    assert recorded[1].source == instance_id and typed.source == ""
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPLIED
