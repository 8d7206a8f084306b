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


def in_kind_contributions() -> QuerySet[Payment]:
    """Payments of in-kind pledges that carry a quantity of goods."""
    return Payment.objects.select_related("commitment__pledge__donor").filter(
        commitment__pledge__contribution_type="in_kind", quantity__isnull=False
    )


__all__ = ["RECEIVING_END", "ScopeRule", "in_kind_contributions"]


fetch_waybill = partial(
    fetch,
    Waybill.objects.select_related("origin", "destination", "transporter"),
    perm=SupplyPerm.VIEW_STOCK,
)
