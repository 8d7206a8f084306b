"""Stock pages: thin views that authorise, call one selector or service, and render."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core import exports
from sunbula.core.access import (
    annotate_reach,
    fetch,
    has_permission,
    may_approve,
    reaches,
    require_permission,
    signed_in,
)
from sunbula.core.chain import neighbours_of
from sunbula.core.errors import DomainError
from sunbula.core.exports import Column
from sunbula.core.http import int_param
from sunbula.core.multilingual import in_reading_order
from sunbula.core.views import (
    ListPage,
    form_errors_to,
    form_save,
    form_write,
    list_page,
    posted,
    refusal_text,
    refused_page,
    run_form_step,
    run_step,
    save_then_show,
)
from sunbula.funding.commodities import commodity_name
from sunbula.funding.models import Payment, Pledge
from sunbula.supply import selectors, services
from sunbula.supply.access import (
    ARRIVING_END,
    RECEIVING_END,
    SENDING_END,
    fetch_waybill,
    fetch_waybill_to_receive,
    fetch_waybill_to_send,
    in_kind_contributions,
)
from sunbula.supply.forms import (
    ContributionReceiveForm,
    DispatchForm,
    GoodsReceivedForm,
    ReasonForm,
    RejectionForm,
    StockCountForm,
    WaybillFilterForm,
    WaybillForm,
)
from sunbula.supply.models import StockBalance, StockCount, Waybill, WaybillLine
from sunbula.supply.permissions import SupplyPerm
from sunbula.supply.printing import document_pdf
from sunbula.supply.services import ReceivedLine
from sunbula.supply.views_losses import balance_for, loss_to_approve

# Labels the printed waybill and goods-received note show in English and Arabic.
PRINT_LABELS = (gettext_noop("Dispatched by"), gettext_noop("Received by"))

# What each list page downloads: the columns it shows, in the same words.
BALANCE_COLUMNS: tuple[Column[StockBalance], ...] = (
    Column(gettext_lazy("Site"), lambda balance: balance.site.local_name),
    Column(gettext_lazy("Commodity"), lambda balance: balance.lot.commodity.local_name),
    Column(gettext_lazy("Lot"), lambda balance: balance.lot.reference),
    Column(gettext_lazy("Expires on"), lambda balance: balance.lot.expires_on),
    Column(gettext_lazy("On hand"), lambda balance: balance.quantity),
    Column(exports.UNIT, lambda balance: balance.lot.commodity.base_unit),
)
EXPIRY_COLUMNS: tuple[Column[StockBalance], ...] = (
    BALANCE_COLUMNS[3],
    *BALANCE_COLUMNS[:3],
    *BALANCE_COLUMNS[4:],
)
WAYBILL_COLUMNS: tuple[Column[Waybill], ...] = (
    Column(gettext_lazy("Waybill"), lambda waybill: waybill.number),
    Column(gettext_lazy("Origin"), lambda waybill: waybill.origin.local_name),
    Column(gettext_lazy("Destination"), lambda waybill: waybill.destination.local_name),
    Column(gettext_lazy("Dispatched on"), lambda waybill: waybill.dispatched_on),
    Column(gettext_lazy("Quantity"), lambda waybill: getattr(waybill, "total", None)),
    Column(gettext_lazy("Packages"), lambda waybill: getattr(waybill, "packages", None)),
    Column(gettext_lazy("Status"), exports.label(Waybill, "status")),
)
CONTRIBUTION_COLUMNS: tuple[Column[Payment], ...] = (
    Column(gettext_lazy("Pledge"), lambda payment: payment.commitment.pledge.reference),
    Column(gettext_lazy("Donor"), lambda payment: payment.commitment.pledge.donor.local_name),
    Column(gettext_lazy("Commodity"), lambda payment: payment.commitment.pledge.commodity),
    Column(gettext_lazy("Quantity"), lambda payment: payment.quantity),
    Column(exports.UNIT, lambda payment: payment.commitment.pledge.unit),
    Column(gettext_lazy("Paid on"), lambda payment: payment.paid_on),
)
STOCK_COUNT_COLUMNS: tuple[Column[StockCount], ...] = (
    Column(gettext_lazy("Counted on"), lambda count: count.counted_on),
    Column(gettext_lazy("Site"), lambda count: count.site.local_name),
    Column(gettext_lazy("Reason"), lambda count: count.reason),
    Column(gettext_lazy("Status"), exports.label(StockCount, "status")),
)


@require_GET
def stock(request: HttpRequest) -> HttpResponse:
    """Stock by site and commodity."""
    return render(
        request,
        "supply/stock.html",
        {"rows": selectors.stock_by_site_and_commodity(user=request.user)},
    )


@require_GET
def balance_list(request: HttpRequest) -> HttpResponseBase:
    """The lots on hand; narrowed to a site the user keeps, the steps that start from there."""
    site_id = int_param(request, "site")
    balances = selectors.balance_list(
        user=request.user, site_id=site_id, commodity_id=int_param(request, "commodity")
    )
    kept = (
        site_id
        if site_id and selectors.keeps_stock_at(user=request.user, site_id=site_id)
        else None
    )
    return list_page(
        request,
        balances,
        "supply/balance_list.html",
        {"kept_site": kept},
        columns=BALANCE_COLUMNS,
        stem="lots-on-hand",
    )


@require_GET
def stock_card(request: HttpRequest, pk: int) -> HttpResponse:
    balance = balance_for(request, pk, write=False)
    return render(
        request,
        "supply/stock_card.html",
        {
            "balance": balance,
            "lines": selectors.stock_card(user=request.user, balance=balance),
            "today": timezone.localdate(),
            "can_move": reaches(request.user, SupplyPerm.MOVE_STOCK, balance),
        },
    )


EXPIRY_LIST = ListPage("supply/expiry_alerts.html", EXPIRY_COLUMNS, stem="expiry-alerts")


@require_GET
def expiry_alerts(request: HttpRequest) -> HttpResponseBase:
    """Stock that expires within STOCK_EXPIRY_NOTICE_DAYS, the days its notices look ahead."""
    today, days = timezone.localdate(), settings.STOCK_EXPIRY_NOTICE_DAYS
    balances = selectors.expiring_balances(user=request.user, today=today, within_days=days)
    return EXPIRY_LIST.render(request, balances, {"today": today, "notice_days": days})


@require_GET
def losses(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "supply/losses.html",
        {
            "by_cause": selectors.losses_by(user=request.user, dimension="cause"),
            "by_stage": selectors.losses_by(user=request.user, dimension="stage"),
            "by_route": selectors.losses_by(user=request.user, dimension="route"),
            "by_partner": selectors.losses_by(user=request.user, dimension="partner"),
            "flagged": selectors.flagged_losses(user=request.user),
        },
    )


@require_POST
def loss_approve(request: HttpRequest, pk: int) -> HttpResponse:
    line = loss_to_approve(
        request,
        WaybillLine.objects.select_related("waybill__destination"),
        pk,
        write_rule=RECEIVING_END,
    )
    return run_step(
        request,
        lambda: services.waybill_loss_approve(actor=signed_in(request.user), line=line),
        _("Loss approved."),
        line.waybill,
    )


WAYBILL_LIST = ListPage("supply/waybill_list.html", WAYBILL_COLUMNS, stem="waybills")


@require_GET
def waybill_list(request: HttpRequest) -> HttpResponseBase:
    form = WaybillFilterForm(request.GET, user=request.user)
    can_move = has_permission(request.user, SupplyPerm.MOVE_STOCK)
    return WAYBILL_LIST.filtered(request, form, selectors.waybill_list, {"can_move": can_move})


def _waybill_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    waybill = fetch_waybill(request.user, pk)
    move = SupplyPerm.MOVE_STOCK
    return {
        "waybill": waybill,
        "lines": selectors.waybill_lines(user=request.user, waybill=waybill),
        "can_send": reaches(request.user, move, waybill, rule=SENDING_END),
        "can_receive": reaches(request.user, move, waybill, rule=ARRIVING_END),
        # A loss in transport is approved where the goods arrive, as `loss_approve` asks.
        "can_approve": may_approve(
            request.user,
            SupplyPerm.APPROVE_LOSS,
            waybill,
            author_id=waybill.received_by_id,
            rule=ARRIVING_END,
        ),
        # Whoever booked the receipt is told that another person approves its losses.
        "received_it": waybill.received_by_id == request.user.pk,
        "dispatch_form": DispatchForm(initial={"dispatched_on": timezone.localdate()}),
    }


@require_GET
def waybill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = _waybill_context(request, pk)
    context["neighbours"] = neighbours_of(request.user, context["waybill"])
    return render(request, "supply/waybill_detail.html", context)


@require_GET
def waybill_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The waybill as a printable page, in English with Arabic beside it."""
    return render(request, "supply/waybill_print.html", _waybill_context(request, pk))


@require_GET
def grn_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The goods-received note as a printable page, in English with Arabic beside it."""
    return render(request, "supply/grn_print.html", _waybill_context(request, pk))


@require_GET
def waybill_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, pk, "supply/_waybill_document.html", "waybill")


@require_GET
def grn_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, pk, "supply/_grn_document.html", "grn")


def _pdf(request: HttpRequest, pk: int, document: str, kind: str) -> HttpResponse:
    context = _waybill_context(request, pk)
    response = HttpResponse(document_pdf(document, context), content_type="application/pdf")
    filename = f"{kind}-{context['waybill'].number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _waybill_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Dispatch a draft from its origin's country, or close a received waybill from its
    destination's."""
    fetch_for = fetch_waybill_to_send if step == "dispatch" else fetch_waybill_to_receive
    waybill = fetch_for(request.user, pk)
    actor = signed_in(request.user)
    dispatch = DispatchForm(request.POST)
    if step == "dispatch" and not dispatch.is_valid():
        context = {**_waybill_context(request, pk), "dispatch_form": dispatch}
        return render(request, "supply/waybill_detail.html", context, status=422)
    try:
        if step == "dispatch":
            services.waybill_dispatch(
                actor=actor, waybill=waybill, dispatched_on=dispatch.cleaned_data["dispatched_on"]
            )
        else:
            services.waybill_close(actor=actor, waybill=waybill)
    except ValidationError as refused:
        if step != "dispatch":
            return refused_page(request, refusal_text(refused), 422, waybill)
        form_errors_to(dispatch, refused)
        context = {**_waybill_context(request, pk), "dispatch_form": dispatch}
        return render(request, "supply/waybill_detail.html", context, status=422)
    except DomainError as error:
        return refused_page(request, str(error), error.status_code, waybill)
    messages.success(request, _("Saved."))
    return redirect(waybill)


@require_POST
def waybill_dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    return _waybill_step(request, pk, "dispatch")


@require_POST
def waybill_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _waybill_step(request, pk, "close")


@require_http_methods(["GET", "POST"])
def waybill_receive(request: HttpRequest, pk: int) -> HttpResponse:
    """The goods-received note, kept in the destination's country: what arrived per line;
    shortfalls need cause and stage."""
    waybill = fetch_waybill_to_receive(request.user, pk)
    if request.method == "GET" and waybill.status != Waybill.Status.DISPATCHED:
        # Nothing is on the road: the page says so instead of offering a note to fill in.
        why = _("Waybill %(number)s is %(status)s.") % {
            "number": waybill.number,
            "status": waybill.get_status_display(),
        }
        return render(request, "supply/waybill_receive.html", {"waybill": waybill, "why": why})
    lines = selectors.waybill_lines(user=request.user, waybill=waybill)
    form = GoodsReceivedForm(
        posted(request), lines=lines, initial={"received_on": timezone.localdate()}
    )

    def receive() -> object:
        data = form.cleaned_data
        return services.waybill_receive(
            actor=signed_in(request.user),
            waybill=waybill,
            received_on=data["received_on"],
            lines=[
                ReceivedLine(
                    line=line,
                    received_quantity=data[f"received_{line.pk}"],
                    loss_cause=data[f"cause_{line.pk}"],
                    loss_stage=data[f"stage_{line.pk}"],
                )
                for line in lines
            ],
        )

    status = 200
    if request.method == "POST":
        refusal = form_write(form, receive)
        if refusal is None:
            messages.success(request, _("Goods received."))
            return redirect(waybill)
        status = refusal
    return render(
        request, "supply/waybill_receive.html", {"waybill": waybill, "form": form}, status=status
    )


@require_GET
def pledge_pipeline(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = fetch(
        Pledge.objects.select_related("donor"), request.user, pk, perm=SupplyPerm.VIEW_STOCK
    )
    pipeline = selectors.pledge_pipeline(user=request.user, pledges=[pledge])
    context = {
        "pledge": pledge,
        "commodity_name": commodity_name(pledge.commodity),
        "pipeline": pipeline,
    }
    return render(request, "supply/pipeline.html", context)


CONTRIBUTION_LIST = ListPage(
    "supply/contribution_list.html", CONTRIBUTION_COLUMNS, stem="contributions-to-receive"
)


@require_GET
def contribution_list(request: HttpRequest) -> HttpResponseBase:
    contributions = selectors.contributions_awaiting_receipt(user=request.user)
    return CONTRIBUTION_LIST.render(
        request,
        annotate_reach(contributions, request.user, SupplyPerm.MOVE_STOCK, "may_receive"),
        {"commodity_names": selectors.pledged_commodity_names(contributions)},
    )


@require_http_methods(["GET", "POST"])
def contribution_receive(request: HttpRequest, pk: int) -> HttpResponse:
    """Receive an in-kind contribution into a site as its lot."""
    payment = fetch(
        in_kind_contributions(),
        request.user,
        pk,
        perm=SupplyPerm.VIEW_STOCK,
        write=SupplyPerm.MOVE_STOCK,
    )
    sites = selectors.stock_sites(user=request.user, permission=SupplyPerm.MOVE_STOCK)
    form = ContributionReceiveForm(posted(request), sites=sites)
    receive = save_then_show(
        "supply:balance_list",
        services.lot_receive_contribution,
        actor=signed_in(request.user),
        payment=payment,
    )
    context = {
        "payment": payment,
        "commodity_name": commodity_name(payment.commitment.pledge.commodity),
        "has_sites": sites.exists(),
        "can_register_site": has_permission(request.user, SupplyPerm.MOVE_STOCK),
    }
    template = "supply/contribution_receive.html"
    return form_save(request, form, receive, template, context, success=_("Goods received."))


STOCK_COUNT_LIST = ListPage(
    "supply/stock_count_list.html", STOCK_COUNT_COLUMNS, stem="stock-counts"
)


@require_GET
def stock_count_list(request: HttpRequest) -> HttpResponseBase:
    counts = annotate_reach(
        selectors.stock_count_list(user=request.user),
        request.user,
        SupplyPerm.APPROVE_LOSS,
        "may_approve",
        author="counted_by",
    )
    context = {"can_move": has_permission(request.user, SupplyPerm.MOVE_STOCK)}
    return STOCK_COUNT_LIST.render(request, counts, context)


@require_POST
def stock_count_approve(request: HttpRequest, pk: int) -> HttpResponse:
    count = loss_to_approve(request, StockCount.objects.select_related("site"), pk)
    return run_step(
        request,
        lambda: services.stock_count_approve(actor=signed_in(request.user), count=count),
        _("Count approved; differences booked as adjustments."),
        "supply:stock_count_list",
    )


@require_POST
def stock_count_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject a mistaken count, with why: nothing is booked and the site is counted again."""
    count = loss_to_approve(request, StockCount.objects.select_related("site"), pk)
    actor = signed_in(request.user)
    return run_form_step(
        request,
        RejectionForm(request.POST),
        _("Say why the count is rejected."),
        lambda values: services.stock_count_reject(actor=actor, count=count, **values),
        _("Count rejected; nothing was booked."),
        "supply:stock_count_list",
    )


def _waybill_form(request: HttpRequest, **given: Any) -> WaybillForm:
    """The waybill page's form: from the sites the user sends from, to any site they see."""
    return WaybillForm(
        posted(request),
        origins=selectors.stock_sites(user=request.user, permission=SupplyPerm.MOVE_STOCK),
        destinations=selectors.stock_sites(user=request.user),
        balances=selectors.balances_to_dispatch(user=request.user),
        **given,
    )


@require_http_methods(["GET", "POST"])
def waybill_create(request: HttpRequest) -> HttpResponse:
    """Draft a waybill from a site in the user's countries; nothing moves until dispatch."""
    require_permission(request.user, SupplyPerm.MOVE_STOCK)
    form = _waybill_form(request, initial={"origin": int_param(request, "origin")})
    return form_save(
        request,
        form,
        lambda data: services.waybill_create(actor=signed_in(request.user), **data),
        "supply/waybill_form.html",
        {"title": _("New waybill")},
    )


@require_http_methods(["GET", "POST"])
def stock_count_create(request: HttpRequest) -> HttpResponse:
    """Record a physical count of the lots at a site; someone else approves it."""
    require_permission(request.user, SupplyPerm.MOVE_STOCK)
    sites = selectors.stock_sites(user=request.user, permission=SupplyPerm.MOVE_STOCK)
    kept = in_reading_order(list(sites), lambda site: site.local_name)
    site = int_param(request, "site")
    site = site if site in {record.pk for record in kept} else None
    form = StockCountForm(
        posted(request),
        sites=sites,
        balances=selectors.balances_to_dispatch(user=request.user),
        initial={"counted_on": timezone.localdate(), "site": site},
    )

    def count(data: dict[str, Any]) -> str:
        services.stock_count_record(actor=signed_in(request.user), **data)
        return "supply:stock_count_list"

    context = {"sites": kept, "site_chosen": site is not None or form.is_bound}
    return form_save(request, form, count, "supply/stock_count_form.html", context)


@require_http_methods(["GET", "POST"])
def waybill_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a draft waybill (a wrong origin, destination, transporter or line, a line more
    or less); one that has left cannot change."""
    actor = signed_in(request.user)
    waybill = fetch_waybill_to_send(actor, pk)
    if refusal := waybill.change_problem():
        return refused_page(request, refusal, 409, waybill)
    form = _waybill_form(
        request,
        lines=selectors.waybill_lines(user=actor, waybill=waybill),
        initial={
            "origin": waybill.origin_id,
            "destination": waybill.destination_id,
            "transporter": waybill.transporter_id,
            "vehicle": waybill.vehicle,
        },
    )
    return form_save(
        request,
        form,
        lambda data: services.waybill_update(actor=actor, waybill=waybill, **data),
        "supply/waybill_form.html",
        {"title": _("Edit waybill %(number)s") % {"number": waybill.number}},
    )


@require_POST
def waybill_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a mistaken draft waybill; a dispatched one is refused with why."""
    waybill = fetch_waybill_to_send(request.user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    actor = signed_in(request.user)
    cancel = partial(services.waybill_cancel, actor=actor, waybill=waybill, reason=reason)
    return run_step(request, cancel, _("Waybill cancelled."), waybill)
