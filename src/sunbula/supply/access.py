"""Scoping rules of stock that differ between seeing and changing: a loss on a waybill line
is approved from the receiving end's country; in-kind contributions are the payments that
carry a quantity."""

from __future__ import annotations

from functools import partial

from django.db.models import QuerySet

from sunbula.core.access import fetch
from sunbula.core.scoping import ScopeRule
from sunbula.funding.models import Payment
from sunbula.supply.models import Waybill, WaybillLine
from sunbula.supply.permissions import SupplyPerm

RECEIVING_END = WaybillLine.scope_rule.with_country("waybill__destination__country")

# A waybill is seen from either end, but sent (drafted, corrected, dispatched, cancelled)
# only from its origin's country and received (and closed) only in its destination's.
SENDING_END = Waybill.scope_rule.with_country("origin__country")
ARRIVING_END = Waybill.scope_rule.with_country("destination__country")


def in_kind_contributions() -> QuerySet[Payment]:
    """Payments of in-kind pledges that carry a quantity of goods."""
    return Payment.objects.select_related("commitment__pledge__donor").filter(
        commitment__pledge__contribution_type="in_kind", quantity__isnull=False
    )


__all__ = ["ARRIVING_END", "RECEIVING_END", "SENDING_END", "ScopeRule", "in_kind_contributions"]


fetch_waybill = partial(
    fetch,
    Waybill.objects.select_related("origin", "destination", "transporter"),
    perm=SupplyPerm.VIEW_STOCK,
)
fetch_waybill_to_send = partial(fetch_waybill, write=SupplyPerm.MOVE_STOCK, write_rule=SENDING_END)
fetch_waybill_to_receive = partial(
    fetch_waybill, write=SupplyPerm.MOVE_STOCK, write_rule=ARRIVING_END
)
