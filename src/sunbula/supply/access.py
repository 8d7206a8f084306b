"""Fetch-and-authorise helpers: stock follows the country of its site; 404 outside the
user's countries, 403 where the role may only read.

A waybill is visible from the country of either end, and changed from the country of the
end that acts (origin to dispatch, destination to receive).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from sunbula.core.access import AnyUser, Scope, require_permission, scope_for
from sunbula.core.models import Site
from sunbula.funding.models import Payment, Pledge
from sunbula.supply.models import StockBalance, StockCount, Waybill, WaybillLine
from sunbula.supply.permissions import SupplyPerm


def waybill_q(scope: Scope) -> Q:
    return scope.q("origin__country") | scope.q("destination__country")


def balance_for_user(user: AnyUser, pk: int) -> StockBalance:
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    try:
        return scope.filter(
            StockBalance.objects.select_related("site", "lot__commodity"), "site__country"
        ).get(pk=pk)
    except StockBalance.DoesNotExist as missing:
        raise Http404 from missing


def stock_site_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Site:
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    try:
        site = scope.filter(Site.objects.filter(stock_keeping__isnull=False)).get(pk=pk)
    except Site.DoesNotExist as missing:
        raise Http404 from missing
    if write and not scope_for(user, SupplyPerm.MOVE_STOCK).covers_country(site.country_id):
        raise PermissionDenied
    return site


def waybill_for_user(
    user: AnyUser, pk: int, *, write: bool = False, permission: str = SupplyPerm.MOVE_STOCK
) -> Waybill:
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    try:
        waybill = (
            Waybill.objects.select_related("origin", "destination", "transporter")
            .filter(waybill_q(scope))
            .get(pk=pk)
        )
    except Waybill.DoesNotExist as missing:
        raise Http404 from missing
    if write:
        acting = scope_for(user, permission)
        if not (
            acting.covers_country(waybill.origin.country_id)
            or acting.covers_country(waybill.destination.country_id)
        ):
            raise PermissionDenied
    return waybill


def waybill_line_for_user(user: AnyUser, pk: int, *, write: bool = False) -> WaybillLine:
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    try:
        line = WaybillLine.objects.select_related("waybill__destination").get(
            Q(pk=pk)
            & (scope.q("waybill__origin__country") | scope.q("waybill__destination__country"))
        )
    except WaybillLine.DoesNotExist as missing:
        raise Http404 from missing
    if write and not scope_for(user, SupplyPerm.APPROVE_LOSS).covers_country(
        line.waybill.destination.country_id
    ):
        raise PermissionDenied
    return line


def stock_count_for_user(user: AnyUser, pk: int, *, write: bool = False) -> StockCount:
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    try:
        count = scope.filter(StockCount.objects.select_related("site"), "site__country").get(pk=pk)
    except StockCount.DoesNotExist as missing:
        raise Http404 from missing
    if write and not scope_for(user, SupplyPerm.APPROVE_LOSS).covers_country(count.site.country_id):
        raise PermissionDenied
    return count


def pledge_for_pipeline(user: AnyUser, pk: int) -> Pledge:
    """A pledge whose pipeline the user may follow: in the scope of the stock it became."""
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    try:
        return scope.filter(Pledge.objects.select_related("donor"), "country").get(pk=pk)
    except Pledge.DoesNotExist as missing:
        raise Http404 from missing


def contribution_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Payment:
    """An in-kind contribution (a payment with a quantity), by its pledge's country."""
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    try:
        payment = scope.filter(
            Payment.objects.select_related("commitment__pledge__donor").filter(
                commitment__pledge__contribution_type="in_kind", quantity__isnull=False
            ),
            "commitment__pledge__country",
        ).get(pk=pk)
    except Payment.DoesNotExist as missing:
        raise Http404 from missing
    country_id = payment.commitment.pledge.country_id
    if write and not scope_for(user, SupplyPerm.MOVE_STOCK).covers_country(country_id):
        raise PermissionDenied
    return payment
