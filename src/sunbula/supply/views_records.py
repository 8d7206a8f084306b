"""Pages for the records a country office keeps itself: commodities, stock-keeping sites,
purchase orders with the goods received against them, and each lot with its chain."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core import exports
from sunbula.core.access import fetch, has_permission, require_permission, signed_in
from sunbula.core.chain import neighbours_of
from sunbula.core.exports import Column
from sunbula.core.models import Site
from sunbula.core.permissions import Perm
from sunbula.core.views import (
    ListPage,
    form_page,
    posted,
    refused_page,
    run_step,
    save_then_show,
    save_with,
    valid_filters,
)
from sunbula.supply import selectors, services
from sunbula.supply.forms import (
    CommodityFilterForm,
    CommodityForm,
    GoodsReceiptForm,
    LotFilterForm,
    PurchaseOrderFilterForm,
    PurchaseOrderForm,
    ReasonForm,
    StockSiteFilterForm,
    StockSiteForm,
)
from sunbula.supply.models import GRAM, Commodity, Lot, PurchaseOrder, StockSite
from sunbula.supply.permissions import SupplyPerm

# The page to add or change a supply record, and its form alone for htmx's in-place check.
RECORD_FORM = "supply/record_form.html"

COMMODITY_COLUMNS: tuple[Column[Commodity], ...] = (
    Column(gettext_lazy("Code"), lambda commodity: commodity.code),
    Column(gettext_lazy("Name"), lambda commodity: commodity.local_name),
    Column(gettext_lazy("Category"), exports.label(Commodity, "category")),
    Column(gettext_lazy("Base unit"), exports.label(Commodity, "base_unit")),
    Column(gettext_lazy("Package"), lambda commodity: commodity.package_name),
    Column(gettext_lazy("Shelf life (days)"), lambda commodity: commodity.shelf_life_days),
)
STOCK_SITE_COLUMNS: tuple[Column[StockSite], ...] = (
    Column(gettext_lazy("Site"), lambda stock_site: stock_site.site.local_name),
    Column(gettext_lazy("Country"), lambda stock_site: stock_site.site.country.local_name),
    Column(gettext_lazy("Storage capacity"), lambda stock_site: stock_site.capacity),
    Column(
        gettext_lazy("Holds stock"),
        lambda stock_site: _("Yes") if stock_site.is_active else _("No"),
    ),
)
PURCHASE_ORDER_COLUMNS: tuple[Column[PurchaseOrder], ...] = (
    Column(gettext_lazy("Order"), lambda order: order.reference),
    Column(gettext_lazy("Ordered on"), lambda order: order.ordered_on),
    Column(gettext_lazy("Supplier"), lambda order: order.supplier.local_name),
    Column(gettext_lazy("Commodity"), lambda order: order.commodity.local_name),
    Column(gettext_lazy("Quantity"), lambda order: order.quantity),
    Column(exports.UNIT, lambda order: order.unit),
    Column(gettext_lazy("Amount"), lambda order: order.amount),
    Column(gettext_lazy("Currency"), lambda order: order.currency.code),
    Column(gettext_lazy("Amount (USD)"), lambda order: order.amount_usd),
    Column(gettext_lazy("Pledge"), lambda order: order.commitment.pledge.reference),
    Column(gettext_lazy("Status"), exports.label(PurchaseOrder, "status")),
)


# Commodities


COMMODITY_LIST = ListPage(
    "supply/commodity_list.html",
    COMMODITY_COLUMNS,
    stem="commodities",
    adding=SupplyPerm.MANAGE_COMMODITY,
)
# A commodity has no page but its form: once saved, the list of commodities is shown.
_COMMODITIES = reverse_lazy("supply:commodity_list")


@require_GET
def commodity_list(request: HttpRequest) -> HttpResponseBase:
    form = CommodityFilterForm(request.GET)
    return COMMODITY_LIST.filtered(request, form, selectors.commodity_list)


@require_http_methods(["GET", "POST"])
def commodity_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in(request.user)
    require_permission(actor, SupplyPerm.MANAGE_COMMODITY)
    form = CommodityForm(posted(request))
    save = save_then_show(_COMMODITIES, services.commodity_create, actor=actor)
    context = {"title": _("Add a commodity"), "back": "supply:commodity_list"}
    return form_page(request, form, save, context, template=RECORD_FORM)


@require_http_methods(["GET", "POST"])
def commodity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    commodity = fetch(
        Commodity, actor, pk, perm=SupplyPerm.VIEW_STOCK, write=SupplyPerm.MANAGE_COMMODITY
    )
    form = CommodityForm(posted(request), instance=Commodity.objects.get(pk=commodity.pk))
    save = save_then_show(_COMMODITIES, services.commodity_update, actor=actor, commodity=commodity)
    context = {"title": commodity.local_name, "back": "supply:commodity_list"}
    return form_page(request, form, save, context, template=RECORD_FORM)


# Stock-keeping sites


STOCK_SITE_LIST = ListPage(
    "supply/stock_site_list.html",
    STOCK_SITE_COLUMNS,
    stem="stock-sites",
    adding=SupplyPerm.MOVE_STOCK,
)


def _then_its_site(
    save: Callable[[dict[str, Any]], StockSite],
) -> Callable[[dict[str, Any]], Site]:
    """A stock-keeping site, once saved, is shown on its site's page: where its lots on hand
    and its waybills are listed."""
    return lambda values: save(values).site


@require_GET
def stock_site_list(request: HttpRequest) -> HttpResponseBase:
    form = StockSiteFilterForm(request.GET)
    return STOCK_SITE_LIST.filtered(request, form, selectors.stock_site_list)


@require_http_methods(["GET", "POST"])
def stock_site_create(request: HttpRequest) -> HttpResponse:
    """Let a site of the user's countries hold stock."""
    actor = signed_in(request.user)
    sites = selectors.sites_without_stock(user=actor, permission=SupplyPerm.MOVE_STOCK)
    form = StockSiteForm(posted(request), sites=sites)
    save = _then_its_site(save_with(services.stock_site_register, actor=actor))
    context = {
        "title": _("Add a stock-keeping site"),
        "back": "supply:stock_site_list",
        "no_site": not sites.exists(),
        "can_add_site": has_permission(actor, Perm.MANAGE_SITE),
    }
    return form_page(request, form, save, context, template=RECORD_FORM)


@require_http_methods(["GET", "POST"])
def stock_site_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    stock_site = fetch(
        StockSite.objects.select_related("site"),
        actor,
        pk,
        perm=SupplyPerm.VIEW_STOCK,
        write=SupplyPerm.MOVE_STOCK,
    )
    form = StockSiteForm(posted(request), instance=StockSite.objects.get(pk=stock_site.pk))
    save = _then_its_site(save_with(services.stock_site_update, actor=actor, stock_site=stock_site))
    context = {"title": stock_site.site.local_name, "back": "supply:stock_site_list"}
    return form_page(request, form, save, context, template=RECORD_FORM)


# Purchases


def _order_form(request: HttpRequest, order: PurchaseOrder | None) -> PurchaseOrderForm:
    return PurchaseOrderForm(
        posted(request),
        instance=order,
        commitments=selectors.purchase_commitments(
            user=request.user, permission=SupplyPerm.MOVE_STOCK
        ),
        payments=selectors.purchase_payments(user=request.user, permission=SupplyPerm.MOVE_STOCK),
        initial={} if order else {"ordered_on": timezone.localdate(), "unit": "t"},
    )


PURCHASE_ORDER_LIST = ListPage(
    "supply/purchase_order_list.html",
    PURCHASE_ORDER_COLUMNS,
    stem="purchase-orders",
    adding=SupplyPerm.MOVE_STOCK,
)


@require_GET
def purchase_order_list(request: HttpRequest) -> HttpResponseBase:
    form = PurchaseOrderFilterForm(request.GET)
    filters = valid_filters(form)
    commodity = filters.get("commodity")
    orders = selectors.purchase_order_list(
        user=request.user,
        search=filters.get("q", ""),
        status=filters.get("status", ""),
        commodity_id=commodity.pk if commodity else None,
    )
    return PURCHASE_ORDER_LIST.render(request, orders, {"form": form})


@require_http_methods(["GET", "POST"])
def purchase_order_create(request: HttpRequest) -> HttpResponse:
    """Draft an order paid from a commitment or a payment in the user's scope."""
    actor = signed_in(request.user)
    require_permission(actor, SupplyPerm.MOVE_STOCK)
    form = _order_form(request, None)
    save = save_with(services.purchase_order_create, actor=actor)
    context = {"title": _("New purchase order"), "back": "supply:purchase_order_list"}
    return form_page(request, form, save, context, template=RECORD_FORM)


def _fetch_order(request: HttpRequest, pk: int, *, write: bool = False) -> PurchaseOrder:
    return fetch(
        PurchaseOrder.objects.select_related(
            "supplier",
            "commodity",
            "currency",
            "commitment__pledge__donor",
            "payment__currency",
            "payment__commitment__pledge",
        ),
        request.user,
        pk,
        perm=SupplyPerm.VIEW_STOCK,
        write=SupplyPerm.MOVE_STOCK if write else None,
    )


@require_http_methods(["GET", "POST"])
def purchase_order_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    order = _fetch_order(request, pk, write=True)
    refusal = order.change_problem()
    if refusal:
        return refused_page(request, refusal, 409, order)
    form = _order_form(request, PurchaseOrder.objects.get(pk=order.pk))
    save = save_with(services.purchase_order_update, actor=actor, order=order)
    context = {"title": order.reference, "back": "supply:purchase_order_list"}
    return form_page(request, form, save, context, template=RECORD_FORM)


def _order_page(
    request: HttpRequest, order: PurchaseOrder, receipt_form: GoodsReceiptForm | None = None
) -> dict[str, Any]:
    can_move = has_permission(request.user, SupplyPerm.MOVE_STOCK)
    received = selectors.received_so_far(order)
    return {
        "order": order,
        "receipts": selectors.purchase_receipts(user=request.user, order=order),
        "received": received,
        "remaining": order.quantity - received,
        "can_move": can_move,
        "cancel_form": ReasonForm(),
    }


@require_GET
def purchase_order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = _fetch_order(request, pk)
    context = _order_page(request, order)
    context["neighbours"] = neighbours_of(request.user, order)
    return render(request, "supply/purchase_order_detail.html", context)


def _order_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    order = _fetch_order(request, pk, write=True)
    actor = signed_in(request.user)
    if step == "place":
        place = partial(services.purchase_order_place, actor=actor, order=order)
        return run_step(request, place, _("Order placed."), order)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    cancel = partial(services.purchase_order_cancel, actor=actor, order=order, reason=reason)
    return run_step(request, cancel, _("Order cancelled."), order)


@require_POST
def purchase_order_place(request: HttpRequest, pk: int) -> HttpResponse:
    return _order_step(request, pk, "place")


@require_POST
def purchase_order_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _order_step(request, pk, "cancel")


@require_http_methods(["GET", "POST"])
def purchase_order_receive(request: HttpRequest, pk: int) -> HttpResponse:
    """Receive goods of a placed order into a site: a lot bought with the order's money."""
    actor = signed_in(request.user)
    order = _fetch_order(request, pk, write=True)
    remaining = order.quantity - selectors.received_so_far(order)
    form = GoodsReceiptForm(
        posted(request),
        sites=selectors.stock_sites(user=actor, permission=SupplyPerm.MOVE_STOCK),
        initial={"received_on": timezone.localdate(), "quantity": remaining},
    )
    receive = save_then_show(order, services.goods_receive, actor=actor, order=order)
    return form_page(
        request,
        form,
        receive,
        {
            "title": _("Receive goods of order %(reference)s") % {"reference": order.reference},
            "back": "supply:purchase_order_list",
            "order": order,
            "remaining": remaining,
        },
        success=_("Goods received."),
        template=RECORD_FORM,
    )


# Lots


# Lots


def _on_hand(lot: Lot) -> Decimal | None:
    """What is on hand of the lot, to the gram as its other quantities: a sum comes back from
    SQLite with the digits of a float ("2987.16700000000")."""
    on_hand: Decimal | None = getattr(lot, "on_hand", None)
    return None if on_hand is None else on_hand.quantize(GRAM)


LOT_COLUMNS: tuple[Column[Lot], ...] = (
    Column(gettext_lazy("Lot"), lambda lot: lot.reference),
    Column(gettext_lazy("Commodity"), lambda lot: lot.commodity.local_name),
    Column(gettext_lazy("Provenance"), exports.label(Lot, "provenance")),
    Column(gettext_lazy("Donor"), lambda lot: lot.donor.local_name if lot.donor else ""),
    Column(gettext_lazy("Pledge"), lambda lot: lot.pledge.reference if lot.pledge else ""),
    Column(gettext_lazy("Country"), lambda lot: lot.country.local_name),
    Column(gettext_lazy("Received on"), lambda lot: lot.received_on),
    Column(gettext_lazy("Received"), lambda lot: lot.quantity_received),
    Column(gettext_lazy("On hand"), _on_hand),
    Column(gettext_lazy("Expires on"), lambda lot: lot.expires_on),
    Column(exports.UNIT, lambda lot: lot.commodity.base_unit),
)
LOT_LIST = ListPage("supply/lot_list.html", LOT_COLUMNS, stem="lots")


@require_GET
def lot_list(request: HttpRequest) -> HttpResponseBase:
    """Every lot the reader sees, on hand or used up: the register of what came in."""
    form = LotFilterForm(request.GET, user=request.user)
    return LOT_LIST.filtered(request, form, selectors.lot_list)


@require_GET
def lot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A lot and its neighbours in the chain: where it came from, where it went, the trace."""
    lot = fetch(
        Lot.objects.select_related(
            "commodity",
            "donor",
            "country",
            "pledge",
            "payment__currency",
            "payment__commitment__pledge",
            "goods_receipt__order__commitment__pledge",
            "goods_receipt__order__payment__currency",
            "goods_receipt__order__payment__commitment__pledge",
        ),
        request.user,
        pk,
        perm=SupplyPerm.VIEW_STOCK,
    )
    return render(
        request,
        "supply/lot_detail.html",
        {
            "lot": lot,
            "chain": selectors.lot_chain(user=request.user, lot=lot),
            "neighbours": neighbours_of(request.user, lot),
        },
    )
