"""REST endpoints of this domain, registered on the /api/v1/ router."""

from __future__ import annotations

from django.http import HttpResponse
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import require_permission
from sunbula.reports import selectors
from sunbula.reports.hxl import four_w_csv, four_w_xlsx
from sunbula.reports.iati import iati_xml
from sunbula.reports.permissions import ReportPerm
from sunbula.reports.views import XLSX


class ExportViewSet(viewsets.ViewSet):
    """Open-data files of the caller's projects: IATI 2.03 XML and the HXL-tagged 4W."""

    def list(self, request: Request) -> Response:
        require_permission(request.user, ReportPerm.EXPORT_OPEN_DATA)
        return Response(
            {
                "iati": request.build_absolute_uri("iati/"),
                "four_w_csv": request.build_absolute_uri("4w-csv/"),
                "four_w_xlsx": request.build_absolute_uri("4w-xlsx/"),
            }
        )

    @action(detail=False, methods=["get"])
    def iati(self, request: Request) -> HttpResponse:
        projects = selectors.iati_projects(
            user=request.user, codes=request.query_params.getlist("project")
        )
        transactions = selectors.iati_transactions(user=request.user, projects=projects)
        return HttpResponse(iati_xml(projects, transactions), content_type="application/xml")

    @action(detail=False, methods=["get"], url_path="4w-csv")
    def four_w_csv(self, request: Request) -> HttpResponse:
        rows = selectors.four_w_export_rows(
            user=request.user, country=request.query_params.get("country", "")
        )
        return HttpResponse(four_w_csv(rows), content_type="text/csv; charset=utf-8")

    @action(detail=False, methods=["get"], url_path="4w-xlsx")
    def four_w_xlsx(self, request: Request) -> HttpResponse:
        rows = selectors.four_w_export_rows(
            user=request.user, country=request.query_params.get("country", "")
        )
        return HttpResponse(four_w_xlsx(rows), content_type=XLSX)


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("exports", ExportViewSet, basename="export")
