"""Assistance pages: thin views that authorise, call one selector, and render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sunbula.assistance import selectors
from sunbula.assistance.access import cycle_for_user, lot_for_trace, pledge_for_trace
from sunbula.core.views import paginate


@require_GET
def cycle_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "assistance/cycle_list.html",
        {"page": paginate(request, selectors.cycle_list(user=request.user))},
    )


@require_GET
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for_user(request.user, pk)
    return render(
        request,
        "assistance/cycle_detail.html",
        {
            "cycle": cycle,
            "rules": cycle.rules.all(),
            "ration": cycle.ration_lines.select_related("commodity"),
            "eligible": selectors.eligible_count(user=request.user, cycle=cycle),
            "summary": selectors.entitlement_summary(user=request.user, cycle=cycle),
            "page": paginate(request, selectors.beneficiary_list(user=request.user, cycle=cycle)),
        },
    )


@require_GET
def pledge_trace(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = pledge_for_trace(request.user, pk)
    return render(
        request,
        "assistance/trace.html",
        {
            "subject": pledge.reference,
            "donor": pledge.donor,
            "lots": selectors.pledge_lots(user=request.user, pledge_id=pledge.pk),
            "trace": selectors.pledge_trace(user=request.user, pledge_id=pledge.pk),
        },
    )


@require_GET
def lot_trace(request: HttpRequest, pk: int) -> HttpResponse:
    lot = lot_for_trace(request.user, pk)
    return render(
        request,
        "assistance/trace.html",
        {
            "subject": lot.reference,
            "donor": lot.donor,
            "lots": [],
            "trace": selectors.lot_trace(user=request.user, lot_id=lot.pk),
        },
    )
