"""Applying any adjusted proposal keeps every ledger invariant: the waybills it drafts can be
dispatched and received, balances stay equal to their movements and never negative, every
kilogram received is on hand, in transit, distributed or lost; and an entitlement never falls
below what was handed over. Adjustments beyond the stock are refused and leave nothing behind."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sunbula.allocation import services
from sunbula.assistance.models import Entitlement
from sunbula.core.models import User
from sunbula.supply import services as supply
from sunbula.supply.models import (
    MovementKind,
    StockBalance,
    StockMovement,
    Waybill,
    WaybillLine,
)
from sunbula.supply.services import ReceivedLine
from tests.allocation.scenario import june_cycle
from tests.conftest import Field, World

pytestmark = pytest.mark.django_db
ZERO = Decimal(0)


def _sum(rows: object) -> Decimal:
    return sum(rows.values_list("quantity", flat=True), ZERO)  # type: ignore[attr-defined]


def _check_the_ledger() -> None:
    for balance in StockBalance.objects.all():
        assert balance.quantity >= 0
        assert balance.quantity == _sum(
            StockMovement.objects.filter(site=balance.site, lot=balance.lot)
        )
    received = _sum(StockMovement.objects.filter(kind=MovementKind.RECEIPT))
    adjusted = _sum(StockMovement.objects.filter(kind=MovementKind.ADJUSTMENT))
    on_hand = _sum(StockBalance.objects.all())
    in_transit = _sum(WaybillLine.objects.filter(waybill__status=Waybill.Status.DISPATCHED))
    distributed = -_sum(StockMovement.objects.filter(kind=MovementKind.DISTRIBUTION))
    lost = -_sum(StockMovement.objects.filter(kind=MovementKind.LOSS))
    assert received + adjusted == on_hand + in_transit + distributed + lost
    for entitlement in Entitlement.objects.all():
        assert ZERO <= entitlement.distributed <= entitlement.quantity


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    mode=st.sampled_from(["caseload", "rations"]),
    kg=st.decimals(0, 400, places=3),
    received_share=st.sampled_from([Decimal(1), Decimal("0.99")]),
)
def test_applying_a_proposal_keeps_the_ledgers(
    mode: str,
    kg: Decimal,
    received_share: Decimal,
    field: Field,
    world: World,
    officer_afg: User,
    admin: User,
) -> None:
    with transaction.atomic():
        cycle = june_cycle(field, world)
        proposal = services.proposal_create(
            actor=officer_afg, cycle=cycle, mode=mode, floor_kcal=900
        )
        line = proposal.lines.get()
        try:
            with transaction.atomic():
                services.proposal_line_adjust(actor=officer_afg, line=line, kg=kg)
        except ValidationError:
            assert kg > Decimal(300)
            line.refresh_from_db()
            assert line.kg == Decimal(300)
        services.proposal_approve(actor=admin, proposal=proposal)
        services.proposal_apply(actor=admin, proposal=proposal)
        _check_the_ledger()
        for waybill in Waybill.objects.filter(status=Waybill.Status.DRAFT):
            supply.waybill_dispatch(
                actor=admin, waybill=waybill, dispatched_on=datetime.date(2024, 6, 1)
            )
            _check_the_ledger()
            sent = waybill.lines.get()
            supply.waybill_receive(
                actor=admin,
                waybill=waybill,
                received_on=datetime.date(2024, 6, 3),
                lines=[
                    ReceivedLine(
                        line=sent,
                        received_quantity=(sent.quantity * received_share).quantize(
                            Decimal("0.001")
                        ),
                        loss_cause="" if received_share == 1 else "transport_damage",
                        loss_stage="" if received_share == 1 else "before_custody",
                    )
                ],
            )
            _check_the_ledger()
        transaction.set_rollback(True)
