"""Stock that leaves a store other than by waybill: a loss recorded on the stock card, and
expired stock written off once another person approves."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core.access import annotate_reach, fetch, signed_in
from sunbula.core.scoping import ScopeRule
from sunbula.core.views import form_page, posted, run_step
from sunbula.supply import selectors, services
from sunbula.supply.loss_forms import StockLossForm, WriteOffForm
from sunbula.supply.models import ExpiryWriteOff, StockBalance
from sunbula.supply.permissions import SupplyPerm

M = TypeVar("M", bound=Model)


def balance_for(request: HttpRequest, pk: int, *, write: bool = True) -> StockBalance:
    """A lot's balance at a site the user may see, and with `write` move stock from."""
    return fetch(
        StockBalance.objects.select_related("site", "lot__commodity"),
        request.user,
        pk,
        perm=SupplyPerm.VIEW_STOCK,
        write=SupplyPerm.MOVE_STOCK if write else None,
    )


def loss_to_approve(
    request: HttpRequest, records: QuerySet[M], pk: int, *, write_rule: ScopeRule | None = None
) -> M:
    """A loss waiting for approval (a waybill line, a count, a write-off) the user may see;
    403 unless they may approve losses where it is (`write_rule`: where the model's rule
    does not say)."""
    return fetch(
        records,
        request.user,
        pk,
        perm=SupplyPerm.VIEW_STOCK,
        write=SupplyPerm.APPROVE_LOSS,
        write_rule=write_rule,
    )


@require_http_methods(["GET", "POST"])
def stock_loss(request: HttpRequest, pk: int) -> HttpResponse:
    """Record stock lost at a site (after custody passed), with its cause."""
    actor = signed_in(request.user)
    balance = balance_for(request, pk)

    def save(values: dict[str, object]) -> StockBalance:
        services.stock_loss_record(actor=actor, site=balance.site, lot=balance.lot, **values)  # type: ignore[arg-type]
        return balance

    form = StockLossForm(posted(request))
    context = {"title": _("Record a loss"), "balance": balance}
    return form_page(
        request,
        form,
        save,
        context,
        success=_("The loss is recorded."),
        template="supply/balance_form.html",
    )


@require_GET
def writeoff_list(request: HttpRequest) -> HttpResponse:
    """Expired stock still on hand, to write off, and write-offs waiting for approval."""
    today = timezone.localdate()
    return render(
        request,
        "supply/writeoff_list.html",
        {
            "expired": annotate_reach(
                selectors.expired_balances(user=request.user, today=today),
                request.user,
                SupplyPerm.MOVE_STOCK,
                "may_write_off",
            )[:200],
            "requested": annotate_reach(
                selectors.writeoffs_requested(user=request.user),
                request.user,
                SupplyPerm.APPROVE_LOSS,
                "may_approve",
                author="requested_by",
            )[:200],
        },
    )


@require_http_methods(["GET", "POST"])
def writeoff_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Put forward expired stock of a lot at a site for writing off."""
    actor = signed_in(request.user)
    balance = balance_for(request, pk)

    def save(values: dict[str, object]) -> str:
        services.expiry_writeoff_request(
            actor=actor,
            site=balance.site,
            lot=balance.lot,
            quantity=values.get("quantity"),  # type: ignore[arg-type]
        )
        return "supply:writeoff_list"

    form = WriteOffForm(posted(request))
    context = {"title": _("Write off expired stock"), "balance": balance}
    success = _("The write-off is put forward; another person approves it.")
    return form_page(
        request,
        form,
        save,
        context,
        success=success,
        template="supply/balance_form.html",
    )


@require_POST
def writeoff_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve a write-off someone else put forward: the stock leaves as a loss."""
    writeoff = loss_to_approve(request, ExpiryWriteOff.objects.select_related("site", "lot"), pk)
    return run_step(
        request,
        lambda: services.expiry_writeoff_approve(actor=signed_in(request.user), writeoff=writeoff),
        _("The write-off is approved; the stock is no longer on hand."),
        "supply:writeoff_list",
    )
