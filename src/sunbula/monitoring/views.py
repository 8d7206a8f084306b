"""Situation pages: thin views that authorise, call one selector or service, and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sunbula.core.access import has_permission, require_permission, signed_in
from sunbula.monitoring import selectors, services
from sunbula.monitoring.access import dataset_for_user
from sunbula.monitoring.forms import DatasetImportForm, MapForm
from sunbula.monitoring.imports import ImportRejected
from sunbula.monitoring.models import IpcPhase, PeriodType
from sunbula.monitoring.permissions import MonitoringPerm
from sunbula.monitoring.selectors import P3PLUS_BANDS

PAGE_SIZE = 25


@require_GET
def dataset_list(request: HttpRequest) -> HttpResponse:
    datasets = selectors.dataset_list(user=request.user)
    return render(
        request,
        "monitoring/dataset_list.html",
        {
            "page": Paginator(datasets, PAGE_SIZE).get_page(request.GET.get("page")),
            "can_import": has_permission(request.user, MonitoringPerm.IMPORT_SITUATION),
        },
    )


@require_GET
def dataset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = dataset_for_user(request.user, pk)
    rows = selectors.phase_population_list(user=request.user, dataset=dataset)
    return render(
        request,
        "monitoring/dataset_detail.html",
        {
            "dataset": dataset,
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        },
    )


@require_http_methods(["GET", "POST"])
def dataset_import(request: HttpRequest) -> HttpResponse:
    scope = require_permission(request.user, MonitoringPerm.IMPORT_SITUATION)
    form = DatasetImportForm(request.POST or None, request.FILES or None, scope=scope)
    errors: list[object] = []
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        if not scope.covers_country(values["country"].pk):
            raise PermissionDenied
        try:
            result = services.situation_dataset_import(
                actor=signed_in(request.user),
                country=values["country"],
                name=values["name"],
                classification=values["classification"],
                source=values["source"],
                published_on=values["published_on"],
                period_type=values["period_type"],
                content=values["file"],
            )
        except ImportRejected as rejected:
            messages.error(request, str(rejected))
            errors = list(rejected.errors)
        else:
            messages.success(
                request,
                _("%(rows)s rows read: %(created)s new, %(updated)s changed.")
                % {"rows": result.rows, "created": result.created, "updated": result.updated},
            )
            return redirect(result.dataset)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "monitoring/dataset_import.html", {"form": form, "errors": errors}, status=status
    )


@require_GET
def dataset_map(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = dataset_for_user(request.user, pk)
    form = MapForm(request.GET)
    form.is_valid()
    choice = form.cleaned_data if form.is_bound else {}
    area_map = selectors.area_map(
        user=request.user,
        dataset=dataset,
        period_type=choice.get("period_type") or PeriodType.CURRENT,
        measure=choice.get("measure") or "phase",
    )
    return render(
        request,
        "monitoring/dataset_map.html",
        {
            "dataset": dataset,
            "form": form,
            "map": area_map,
            "phases": IpcPhase.choices,
            "bands": P3PLUS_BANDS,
        },
    )
