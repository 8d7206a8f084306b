"""Amounts, rates and the pledge lock that the money-chain services share."""

from __future__ import annotations

import datetime
import secrets
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from sunbula.core.errors import RateMissing
from sunbula.core.models import Currency
from sunbula.core.money import rate_in_force
from sunbula.funding.models import (
    CENT,
    Commitment,
    Pledge,
)


def _usd(amount: Decimal, units_per_usd: Decimal) -> Decimal:
    return (amount / units_per_usd).quantize(CENT, ROUND_HALF_EVEN)


def _rate(currency: Currency, on: datetime.date, field: str) -> Decimal:
    """Units per USD in force on `on`; a missing rate is an error on the date field."""
    if currency.code == "USD":
        return Decimal(1)
    try:
        return rate_in_force(currency=currency, on=on).units_per_usd
    except RateMissing as missing:
        raise ValidationError({field: str(missing)}) from missing


def _require_positive(amount: Decimal, field: str = "amount") -> None:
    if amount <= 0:
        raise ValidationError({field: _("Give an amount greater than zero.")})


def _not_before_pledge(pledge: Pledge, day: datetime.date, field: str, message: str) -> None:
    """Refuse a date before the pledge's; `message` gives the pledge's date as %(date)s."""
    if day < pledge.pledged_on:
        raise ValidationError({field: message % {"date": pledge.pledged_on.isoformat()}})


def _within(pledge: Pledge, amount: Decimal, left: Decimal, message: str) -> None:
    """Refuse an amount over what is left; `message` gives it as %(left)s %(currency)s."""
    if amount > left:
        raise ValidationError(
            {"amount": message % {"left": left, "currency": pledge.currency.code}}
        )


def _locked(pledge: Pledge) -> Pledge:
    return Pledge.objects.select_for_update().get(pk=pledge.pk)


def _committed(pledge: Pledge) -> Decimal:
    total = pledge.commitments.aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


def _paid(commitment: Commitment) -> Decimal:
    total = commitment.payments.aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


def _split(total: Decimal, parts: int, step: Decimal) -> list[Decimal]:
    """`total` in `parts` equal shares of `step`; the last share takes the remainder."""
    share = (total / parts).quantize(step, rounding=ROUND_DOWN)
    return [share] * (parts - 1) + [total - share * (parts - 1)]


def _new_reference() -> str:
    return f"SUN-PL-{secrets.token_hex(4).upper()}"
