"""The funnel equals the ledgers after any mix of receipts, waybills with transit losses,
store losses and distributions (hypothesis), on a small set-up of its own."""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sunbula.assistance import services as assistance_services
from sunbula.assistance.models import Entitlement
from sunbula.core.errors import DomainError
from sunbula.core.models import Site, User
from sunbula.reports.dashboards import funnel
from sunbula.supply import services as supply_services
from sunbula.supply.models import Lot, Waybill
from tests.reports.funnel_ledger import ledger_funnel, shown

pytestmark = pytest.mark.django_db
D = datetime.date


steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("distribute"),
            st.integers(min_value=0, max_value=4),
            st.integers(min_value=1, max_value=30),
            st.integers(min_value=0, max_value=1),
        ),
        st.tuples(
            st.just("store loss"),
            st.integers(min_value=0, max_value=3),
            st.integers(min_value=1, max_value=20),
            st.just(0),
        ),
        st.tuples(
            st.just("waybill"),
            st.integers(min_value=0, max_value=3),
            st.integers(min_value=1, max_value=40),
            st.integers(min_value=0, max_value=10),
        ),
        st.tuples(
            st.just("receive"),
            st.just(0),
            st.integers(min_value=1, max_value=100),
            st.integers(min_value=0, max_value=1),
        ),
    ),
    min_size=1,
    max_size=10,
)


def _apply(
    step: tuple[str, int, int, int], entitlements: list[Entitlement], sites: list[Site]
) -> None:
    kind, which, kilograms, extra = step
    quantity = Decimal(kilograms)
    lots = list(Lot.objects.order_by("pk"))
    if kind == "distribute":
        assistance_services.distribution_record(
            actor=None,
            entitlement=entitlements[which],
            site=sites[extra],
            quantity=quantity,
            distributed_on=D(2023, 6, 10),
        )
    elif kind == "store loss":
        lot = lots[which % len(lots)]
        balance = lot.balances.filter(quantity__gt=0).first()  # type: ignore[attr-defined]
        if balance is not None:
            supply_services.stock_loss_record(
                actor=None,
                site=balance.site,
                lot=lot,
                quantity=quantity,
                reference="LOSS",
                cause="spoilage",
            )
    elif kind == "waybill":
        lot = lots[which % len(lots)]
        balance = lot.balances.filter(quantity__gt=0).first()  # type: ignore[attr-defined]
        if balance is None:
            return
        destination = sites[1] if balance.site_id == sites[0].pk else sites[0]
        waybill = supply_services.waybill_create(
            actor=None,
            origin=balance.site,
            destination=destination,
            lines=[supply_services.LineInput(lot, quantity)],
        )
        supply_services.waybill_dispatch(actor=None, waybill=waybill, dispatched_on=D(2023, 6, 5))
        line = waybill.lines.get()  # type: ignore[attr-defined]
        lost = min(Decimal(extra), quantity)
        supply_services.waybill_receive(
            actor=None,
            waybill=Waybill.objects.get(pk=waybill.pk),
            received_on=D(2023, 6, 6),
            lines=[
                supply_services.ReceivedLine(
                    line,
                    quantity - lost,
                    "transport_damage" if lost else "",
                    "before_custody" if lost else "",
                )
            ],
        )
    else:
        supply_services.lot_receive(
            actor=None,
            site=sites[extra],
            commodity=lots[0].commodity,
            quantity=quantity,
            received_on=D(2023, 5, 4),
            reference="GRN-MORE",
        )


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=steps)
def test_the_funnel_equals_the_ledgers_after_random_operations(
    scene: tuple[list[Entitlement], list[Site], int],
    admin: User,
    operations: list[tuple[str, int, int, int]],
) -> None:
    entitlements, sites, _pledge = scene
    with transaction.atomic():
        for step in operations:
            # A refused step (too much, not in stock) writes nothing; the next goes on.
            with contextlib.suppress(DomainError, ValidationError):
                _apply(step, entitlements, sites)
        assert shown(funnel(user=admin)) == ledger_funnel()
        transaction.set_rollback(True)
