"""paid ≤ committed ≤ pledged, and USD = original ÷ dated rate, after any sequence of operations.

Hypothesis draws random sequences of record, revise, commit, pay and cancel; refused steps
must leave nothing behind, accepted ones must keep the chain and its dollars adding up.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sunbula.core.errors import DomainError
from sunbula.core.models import AuditEntry, User
from sunbula.core.money import rate_in_force
from sunbula.funding import services
from sunbula.funding.models import Commitment, Payment, Pledge
from tests.conftest import World
from tests.funding.conftest import Money

pytestmark = pytest.mark.django_db(transaction=False)

D = datetime.date
# 2023-12-01 has no tenge rate: a step on that day must be refused.
DATES = [D(2023, 12, 1), D(2024, 1, 15), D(2024, 3, 1), D(2024, 7, 15), D(2024, 12, 31)]
CENT = Decimal("0.01")

amounts = st.one_of(
    st.integers(min_value=1, max_value=2_000_000_000), st.integers(min_value=-500, max_value=0)
).map(lambda cents: Decimal(cents) / 100)
dates = st.integers(min_value=0, max_value=len(DATES) - 1)
picks = st.integers(min_value=0, max_value=50)
operations = st.one_of(
    st.tuples(st.just("record"), amounts, dates, st.booleans(), st.integers(1, 3)),
    st.tuples(st.just("revise"), picks, amounts, dates),
    st.tuples(st.just("commit"), picks, amounts, dates),
    st.tuples(st.just("pay"), picks, amounts, dates, st.booleans()),
    st.tuples(st.just("cancel"), picks, dates),
)


def _pick(items: list[Any], index: int) -> Any:
    return items[index % len(items)] if items else None


def _apply(step: tuple[Any, ...], world: World, money: Money, actor: User) -> None:
    kind = step[0]
    pledges = list(Pledge.objects.order_by("pk"))
    if kind == "record":
        _kind, amount, day, in_tenge, years = step
        services.pledge_record(
            actor=actor,
            donor=world.kazakhstan_government,
            pledged_on=DATES[day],
            currency=money.kzt if in_tenge else money.usd,
            amount=amount,
            country=world.afghanistan,
            budget_year=2024,
            last_year=2024 + years - 1,
        )
    elif kind == "revise" and pledges:
        services.pledge_revise(
            actor=actor, pledge=_pick(pledges, step[1]), amount=step[2], revised_on=DATES[step[3]]
        )
    elif kind == "commit" and pledges:
        services.commitment_record(
            actor=actor, pledge=_pick(pledges, step[1]), amount=step[2], committed_on=DATES[step[3]]
        )
    elif kind == "pay":
        commitment = _pick(
            list(Commitment.objects.select_related("pledge").order_by("pk")), step[1]
        )
        if commitment is not None:
            currency = commitment.pledge.currency if step[4] else money.usd
            services.payment_record(
                actor=actor,
                commitment=commitment,
                amount=step[2],
                paid_on=DATES[step[3]],
                currency=currency,
            )
    elif kind == "cancel" and pledges:
        services.pledge_cancel(
            actor=actor, pledge=_pick(pledges, step[1]), cancelled_on=DATES[step[2]]
        )


def _usd(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount / rate).quantize(CENT, ROUND_HALF_EVEN)


def _dated_rate(currency_code: str, currency: Any, on: datetime.date) -> Decimal:
    return (
        Decimal(1)
        if currency_code == "USD"
        else rate_in_force(currency=currency, on=on).units_per_usd
    )


def _check_the_chain() -> None:
    for pledge in Pledge.objects.select_related("currency"):
        current = pledge.revisions.order_by("-number").first()
        assert current is not None and current.amount == pledge.amount
        committed = pledge.commitments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        assert committed <= pledge.amount, pledge.reference
        for commitment in pledge.commitments.all():
            paid = commitment.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
            assert paid <= commitment.amount
        code = pledge.currency.code
        assert pledge.units_per_usd == _dated_rate(code, pledge.currency, pledge.pledged_on)
        assert pledge.amount_usd == _usd(pledge.amount, pledge.units_per_usd)
    for commitment in Commitment.objects.select_related("pledge__currency"):
        currency = commitment.pledge.currency
        rate = _dated_rate(currency.code, currency, commitment.committed_on)
        assert commitment.units_per_usd == rate
        assert commitment.amount_usd == _usd(commitment.amount, rate)
    for payment in Payment.objects.select_related("currency", "commitment__pledge"):
        assert payment.paid_on >= payment.commitment.pledge.pledged_on
        rate = _dated_rate(payment.currency.code, payment.currency, payment.paid_on)
        assert payment.units_per_usd == rate
        assert payment.amount_usd == _usd(payment.amount, rate)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(operations, min_size=1, max_size=14))
def test_the_money_chain_always_adds_up(
    steps: list[tuple[Any, ...]], world: World, money: Money, admin: User
) -> None:
    with transaction.atomic():
        for step in steps:
            entries = AuditEntry.objects.count()
            try:
                _apply(step, world, money, admin)
            except (ValidationError, DomainError):
                assert AuditEntry.objects.count() == entries, f"{step} left a trace"
            _check_the_chain()
        transaction.set_rollback(True)
