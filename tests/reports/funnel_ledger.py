"""The dashboard funnel computed straight from the ledgers, and the figures a board shows.

The goods stages are kilograms: litres and pieces are kept apart, never added in."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from sunbula.assistance.models import Distribution
from sunbula.funding.models import Commitment, Payment, Pledge
from sunbula.reports.dashboards import Funnel
from sunbula.supply.models import BaseUnit, MovementKind, StockMovement

ZERO = Decimal(0)


def _moved(kind: str, *, transit: bool | None = None) -> Decimal:
    movements = StockMovement.objects.filter(kind=kind, lot__commodity__base_unit=BaseUnit.KG)
    if transit is not None:
        movements = movements.filter(waybill_line__isnull=not transit)
    return movements.aggregate(total=Sum("quantity"))["total"] or ZERO


def ledger_funnel() -> dict[str, Decimal]:
    """The funnel computed straight from the ledgers: money tables and stock movements."""
    pledges = Pledge.objects.exclude(status=Pledge.Status.CANCELLED)
    transit_losses = -_moved(MovementKind.LOSS, transit=True)
    return {
        "pledged": pledges.aggregate(total=Sum("amount_usd"))["total"] or ZERO,
        "committed": Commitment.objects.filter(pledge__in=pledges).aggregate(
            total=Sum("amount_usd")
        )["total"]
        or ZERO,
        "paid": Payment.objects.filter(commitment__pledge__in=pledges).aggregate(
            total=Sum("amount_usd")
        )["total"]
        or ZERO,
        "received": _moved(MovementKind.RECEIPT),
        "dispatched": -_moved(MovementKind.DISPATCH),
        "delivered": _moved(MovementKind.TRANSFER_IN) - transit_losses,
        "distributed": Distribution.objects.filter(
            entitlement__commodity__base_unit=BaseUnit.KG
        ).aggregate(total=Sum("quantity"))["total"]
        or ZERO,
        "lost_in_transit": transit_losses,
        "lost_in_store": -_moved(MovementKind.LOSS, transit=False)
        - _moved(MovementKind.ADJUSTMENT),
        "in_stock": StockMovement.objects.filter(lot__commodity__base_unit=BaseUnit.KG).aggregate(
            total=Sum("quantity")
        )["total"]
        or ZERO,
    }


def shown(board: Funnel) -> dict[str, Decimal]:
    trace = board.trace
    return {
        "pledged": board.money.pledged_usd,
        "committed": board.money.committed_usd,
        "paid": board.money.paid_usd,
        "received": trace.received,
        "dispatched": trace.dispatched,
        "delivered": trace.delivered,
        "distributed": trace.distributed,
        "lost_in_transit": trace.lost_in_transit,
        "lost_in_store": trace.lost_in_store,
        "in_stock": trace.in_stock,
    }
