"""Export pages: the IATI and HXL files a user may download, scoped to their countries."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sunbula.core.access import require_permission
from sunbula.programmes.access import fetch_programme, fetch_project
from sunbula.reports import dashboards, selectors
from sunbula.reports.access import country_for_dashboard
from sunbula.reports.hxl import four_w_csv, four_w_xlsx
from sunbula.reports.iati import iati_xml
from sunbula.reports.permissions import ReportPerm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, ReportPerm.EXPORT_OPEN_DATA)
    return render(request, "reports/export_list.html")


@require_GET
def iati_export(request: HttpRequest) -> HttpResponse:
    projects = selectors.iati_projects(user=request.user, codes=request.GET.getlist("project"))
    transactions = selectors.iati_transactions(user=request.user, projects=projects)
    document = iati_xml(projects, transactions)
    return _download(document, "application/xml", "sunbula-iati-activities.xml")


@require_GET
def four_w_csv_export(request: HttpRequest) -> HttpResponse:
    rows = selectors.four_w_export_rows(user=request.user, country=request.GET.get("country", ""))
    return _download(four_w_csv(rows), "text/csv; charset=utf-8", "sunbula-4w.csv")


@require_GET
def four_w_xlsx_export(request: HttpRequest) -> HttpResponse:
    rows = selectors.four_w_export_rows(user=request.user, country=request.GET.get("country", ""))
    return _download(four_w_xlsx(rows), XLSX, "sunbula-4w.xlsx")


# Dashboards


@require_GET
def dashboard_index(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, ReportPerm.VIEW_DASHBOARDS)
    return render(
        request, "reports/dashboard_index.html", selectors.dashboard_choices(user=request.user)
    )


@require_GET
def country_dashboard(request: HttpRequest, iso3: str) -> HttpResponse:
    country = country_for_dashboard(request.user, iso3)
    board = dashboards.country_dashboard(user=request.user, country=country)
    return render(request, "reports/country_dashboard.html", {"board": board})


@require_GET
def programme_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    require_permission(request.user, ReportPerm.VIEW_DASHBOARDS)
    programme = fetch_programme(request.user, pk)
    board = dashboards.programme_dashboard(user=request.user, programme=programme)
    return render(request, "reports/programme_dashboard.html", {"board": board})


@require_GET
def project_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    require_permission(request.user, ReportPerm.VIEW_DASHBOARDS)
    project = fetch_project(request.user, pk)
    board = dashboards.project_dashboard(user=request.user, project=project)
    return render(request, "reports/project_dashboard.html", {"board": board})
