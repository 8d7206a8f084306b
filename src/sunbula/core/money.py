"""Money in its original currency and in US dollars at the rate in force on a date."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_EVEN, Decimal

from django.utils.translation import gettext as _

from sunbula.core.errors import RateMissing
from sunbula.core.models import Currency, ExchangeRate

CENT = Decimal("0.01")


def rate_in_force(*, currency: Currency, on: datetime.date) -> ExchangeRate:
    """The latest rate recorded on or before `on`; refuses rather than guess."""
    rate = (
        ExchangeRate.objects.filter(currency=currency, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )
    if rate is None:
        raise RateMissing(
            _("No exchange rate for %(currency)s on or before %(date)s.")
            % {"currency": currency.code, "date": on.isoformat()}
        )
    return rate


def usd_value(*, amount: Decimal, currency: Currency, on: datetime.date) -> Decimal:
    """`amount` in US dollars at the rate in force on `on`, rounded half-even to the cent."""
    if currency.code == "USD":
        return amount.quantize(CENT, ROUND_HALF_EVEN)
    rate = rate_in_force(currency=currency, on=on)
    return (amount / rate.units_per_usd).quantize(CENT, ROUND_HALF_EVEN)


def usd_text(amount: Decimal) -> str:
    """An amount in US dollars as the API writes it: to the cent, whatever sum it came from
    ("1000628.57", never "1000628.57000000")."""
    return str(amount.quantize(CENT, ROUND_HALF_EVEN))
