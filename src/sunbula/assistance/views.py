"""Assistance pages: thin views that authorise, call one selector, and render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from sunbula.assistance import offline, selectors
from sunbula.assistance.models import Beneficiary, Cycle
from sunbula.assistance.permissions import AssistancePerm
from sunbula.core import exports
from sunbula.core.access import fetch
from sunbula.core.exports import Column
from sunbula.core.views import list_page
from sunbula.funding.models import Pledge
from sunbula.supply.models import Lot

# What each list downloads: the columns it shows, in the same words.
CYCLE_COLUMNS: tuple[Column[Cycle], ...] = (
    Column(gettext_lazy("Cycle"), lambda cycle: cycle.local_name),
    Column(gettext_lazy("Project"), lambda cycle: cycle.project.code),
    Column(capfirst(gettext_lazy("period start")), lambda cycle: cycle.period_start),
    Column(capfirst(gettext_lazy("period end")), lambda cycle: cycle.period_end),
    Column(gettext_lazy("Ration"), exports.label(Cycle, "ration_kind")),
    Column(gettext_lazy("Beneficiaries"), lambda cycle: getattr(cycle, "listed", None)),
    Column(gettext_lazy("Status"), exports.label(Cycle, "status")),
)
BENEFICIARY_COLUMNS: tuple[Column[Beneficiary], ...] = (
    Column(gettext_lazy("Reference"), lambda row: row.reference),
    Column(gettext_lazy("Kind"), exports.label(Beneficiary, "kind")),
    Column(gettext_lazy("People"), lambda row: row.people),
    Column(gettext_lazy("Females"), lambda row: row.females),
    Column(gettext_lazy("Males"), lambda row: row.males),
)


@require_GET
def cycle_list(request: HttpRequest) -> HttpResponseBase:
    cycles = selectors.cycle_list(user=request.user)
    return list_page(
        request, cycles, "assistance/cycle_list.html", columns=CYCLE_COLUMNS, stem="cycles"
    )


@require_GET
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    cycle = fetch(
        Cycle.objects.select_related("project", "country"),
        request.user,
        pk,
        perm=AssistancePerm.VIEW_ASSISTANCE,
    )
    beneficiaries = selectors.beneficiary_list(user=request.user, cycle=cycle)
    return list_page(
        request,
        beneficiaries,
        "assistance/cycle_detail.html",
        {
            "cycle": cycle,
            "rules": cycle.rules.all(),
            "ration": cycle.ration_lines.select_related("commodity"),
            "eligible": selectors.eligible_count(user=request.user, cycle=cycle),
            "summary": selectors.entitlement_summary(user=request.user, cycle=cycle),
            "points": offline.point_sites(user=request.user, cycle=cycle),
        },
        columns=BENEFICIARY_COLUMNS,
        stem=f"cycle-{cycle.pk}-beneficiaries",
    )


@require_GET
def pledge_trace(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = fetch(
        Pledge.objects.select_related("donor"), request.user, pk, perm=AssistancePerm.VIEW_TRACE
    )
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
    lot = fetch(
        Lot.objects.select_related("commodity", "donor", "pledge"),
        request.user,
        pk,
        perm=AssistancePerm.VIEW_TRACE,
    )
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
