"""Amounts, rates and the pledge lock that the money-chain services share."""

from __future__ import annotations

import datetime
import secrets
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from sunbula.core.errors import RateMissing
from sunbula.core.figures import day, money, quantity
from sunbula.core.models import Currency
from sunbula.core.money import rate_in_force
from sunbula.core.validation import refuse_future
from sunbula.funding.models import (
    CENT,
    Commitment,
    Payment,
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


def _not_in_future(on: datetime.date, field: str) -> None:
    """Refuse a date still to come: the dashboards count a pledge, commitment or payment
    from its date, and one not yet made would count ahead of time."""
    refuse_future(on, field, _("This date is in the future; record it once it has come."))


def _not_before(earlier: datetime.date, on: datetime.date, field: str, message: str) -> None:
    """Refuse a date before `earlier` (the pledge's, the commitment's); `message` gives it as
    %(date)s, in the reader's format."""
    if on < earlier:
        raise ValidationError({field: message % {"date": day(earlier, html=False)}})


def _not_before_pledge(pledge: Pledge, on: datetime.date, field: str, message: str) -> None:
    """Refuse a date before the pledge's; `message` gives the pledge's date as %(date)s."""
    _not_before(pledge.pledged_on, on, field, message)


def _within(pledge: Pledge, amount: Decimal, left: Decimal, message: str) -> None:
    """Refuse an amount over what is left; `message` gives it, with its currency, as %(left)s."""
    if amount > left:
        raise ValidationError(
            {"amount": message % {"left": money(left, pledge.currency, html=False)}}
        )


def _in_kind_only(pledge: Pledge, given: Decimal | None, message: str) -> None:
    """Refuse a quantity on a cash pledge's commitment or payment: only goods are counted."""
    if given is not None and not pledge.is_in_kind:
        raise ValidationError({"quantity": message})


def _quantity_within(pledge: Pledge, given: Decimal | None, left: Decimal, message: str) -> None:
    """Refuse a quantity over what is left; `message` gives it, with its unit, as %(left)s."""
    if given is not None and given > left:
        left_text = quantity(max(left, Decimal(0)), pledge.unit, html=False)
        raise ValidationError({"quantity": message % {"left": left_text}})


def _quantity_of(records: QuerySet[Commitment] | QuerySet[Payment]) -> Decimal:
    total = records.aggregate(total=Sum("quantity"))["total"]
    return total or Decimal(0)


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
