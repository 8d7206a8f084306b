"""REST endpoints of this domain, registered on the /api/v1/ router."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.assistance.api import ByAgeGroupSerializer, BySexSerializer, TraceQuantitiesSerializer
from sunbula.core.access import AnyUser, require_permission, signed_in
from sunbula.core.api import read_body
from sunbula.core.openapi import OneObjectSchema, RefusalSerializer
from sunbula.funding.api import usd
from sunbula.reports import dashboards, selectors, tasks
from sunbula.reports.access import country_for_dashboard, run_for_requester
from sunbula.reports.forms import DONOR_MESSAGE, PLEDGE_MESSAGE, year_message
from sunbula.reports.hxl import four_w_csv, four_w_xlsx
from sunbula.reports.iati import iati_xml
from sunbula.reports.models import FIRST_YEAR, LAST_YEAR, ReportKind, ReportRun
from sunbula.reports.permissions import ReportPerm
from sunbula.reports.views import XLSX, kept_file


class ExportLinksSerializer(serializers.Serializer[Any]):
    iati = serializers.URLField()
    four_w_csv = serializers.URLField()
    four_w_xlsx = serializers.URLField()


COUNTRY_PARAMETER = OpenApiParameter("country", str, description="ISO3 code.")


class ExportViewSet(viewsets.ViewSet):
    """Open-data files of the caller's projects: IATI 2.03 XML and the HXL-tagged 4W."""

    schema = OneObjectSchema()

    @extend_schema(responses=ExportLinksSerializer)
    def list(self, request: Request) -> Response:
        require_permission(request.user, ReportPerm.EXPORT_OPEN_DATA)
        return Response(
            {
                "iati": request.build_absolute_uri("iati/"),
                "four_w_csv": request.build_absolute_uri("4w-csv/"),
                "four_w_xlsx": request.build_absolute_uri("4w-xlsx/"),
            }
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("project", str, many=True, description="Project codes (all: none).")
        ],
        responses={
            (200, "application/xml"): OpenApiTypes.BINARY,
            404: OpenApiResponse(
                response=RefusalSerializer,
                description="A code names no project in your scope, or there is none.",
            ),
        },
    )
    @action(detail=False, methods=["get"])
    def iati(self, request: Request) -> HttpResponse:
        projects = selectors.iati_export_projects(
            user=request.user, codes=request.query_params.getlist("project")
        )
        transactions = selectors.iati_transactions(user=request.user, projects=projects)
        return HttpResponse(iati_xml(projects, transactions), content_type="application/xml")

    @extend_schema(
        parameters=[COUNTRY_PARAMETER], responses={(200, "text/csv"): OpenApiTypes.BINARY}
    )
    @action(detail=False, methods=["get"], url_path="4w-csv")
    def four_w_csv(self, request: Request) -> HttpResponse:
        rows = selectors.four_w_export_rows(
            user=request.user, country=request.query_params.get("country", "")
        )
        return HttpResponse(four_w_csv(rows), content_type="text/csv; charset=utf-8")

    @extend_schema(parameters=[COUNTRY_PARAMETER], responses={(200, XLSX): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"], url_path="4w-xlsx")
    def four_w_xlsx(self, request: Request) -> HttpResponse:
        rows = selectors.four_w_export_rows(
            user=request.user, country=request.query_params.get("country", "")
        )
        return HttpResponse(four_w_xlsx(rows), content_type=XLSX)


class ReportRunSerializer(serializers.ModelSerializer[ReportRun]):
    html_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = (
            "id",
            "kind",
            "donor",
            "pledge",
            "year",
            "language",
            "status",
            "progress",
            "requested_at",
            "finished_at",
            "data_as_of",
            "error",
            "html_url",
            "pdf_url",
        )
        # An answer only: a run is requested through ReportRequestSerializer.
        read_only_fields = fields

    def _file_url(self, run: ReportRun, name: str) -> str | None:
        if not run.is_done:
            return None
        return reverse(f"report-run-{name}", args=[run.pk])

    def get_html_url(self, run: ReportRun) -> str | None:
        return self._file_url(run, "html")

    def get_pdf_url(self, run: ReportRun) -> str | None:
        return self._file_url(run, "pdf")


class ReportRequestSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    donor = serializers.IntegerField(required=False, allow_null=True)
    pledge = serializers.IntegerField(required=False, allow_null=True)
    year = serializers.IntegerField(required=False, allow_null=True)
    language = serializers.ChoiceField(choices=settings.LANGUAGES)

    def validate_year(self, year: int | None) -> int | None:
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError(year_message())
        return year


def _subject(user: AnyUser, values: dict[str, Any]) -> dict[str, Any]:
    """Donor and pledge by id, among those the caller may see: an unknown id and one outside
    the caller's scope get the same answer."""
    subject: dict[str, Any] = {"donor": None, "pledge": None}
    if values.get("donor") is not None:
        subject["donor"] = selectors.report_donors(user=user).filter(pk=values["donor"]).first()
        if subject["donor"] is None:
            raise ValidationError({"donor": [str(DONOR_MESSAGE)]})
    if values.get("pledge") is not None:
        subject["pledge"] = selectors.report_pledges(user=user).filter(pk=values["pledge"]).first()
        if subject["pledge"] is None:
            raise ValidationError({"pledge": [str(PLEDGE_MESSAGE)]})
        if subject["donor"] is None:  # a pledge names its donor
            subject["donor"] = subject["pledge"].donor
    return subject


class ReportRunViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[ReportRun]):
    """Donor and governing-body reports the caller asked for. POST asks for one; it is made in
    the background: follow `status` and `progress`, then fetch `html_url` or `pdf_url`."""

    serializer_class = ReportRunSerializer
    queryset = ReportRun.objects.none()  # for the schema; the caller's runs come from below

    def get_queryset(self) -> QuerySet[ReportRun]:
        return selectors.report_run_list(user=self.request.user)

    def get_object(self) -> ReportRun:
        return run_for_requester(self.request.user, self.kwargs["pk"])

    @extend_schema(request=ReportRequestSerializer, responses={201: ReportRunSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_permission(request.user, ReportPerm.REQUEST_REPORTS)
        values = read_body(ReportRequestSerializer, request)
        run = tasks.queue_report(
            actor=signed_in(request.user),
            kind=values["kind"],
            language=values["language"],
            year=values.get("year"),
            **_subject(request.user, values),
        )
        return Response(ReportRunSerializer(run).data, status=201)

    @extend_schema(responses={(200, "text/html"): bytes})
    @action(detail=True, methods=["get"])
    def html(self, request: Request, pk: int) -> FileResponse:
        return kept_file(
            self.get_object(), "html", as_attachment=True, content_type="text/html; charset=utf-8"
        )

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: int) -> FileResponse:
        return kept_file(
            self.get_object(), "pdf", as_attachment=True, content_type="application/pdf"
        )


class MoneySerializer(serializers.Serializer[Any]):
    pledges = serializers.IntegerField(help_text="How many pledges.")
    pledged = usd()
    committed = usd()
    paid = usd()


class DashboardByAgeGroupSerializer(ByAgeGroupSerializer):
    not_recorded = serializers.IntegerField()


class DashboardPeopleSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField()
    beneficiaries = serializers.IntegerField()
    by_sex = BySexSerializer()
    by_age_group = DashboardByAgeGroupSerializer()
    by_displacement = serializers.DictField(child=serializers.IntegerField())
    by_admin_area = serializers.DictField(
        child=serializers.IntegerField(), help_text="People reached by p-code."
    )
    kilograms_distributed = serializers.DecimalField(max_digits=None, decimal_places=None)


class DashboardSerializer(serializers.Serializer[Any]):
    money_usd = MoneySerializer()
    kilograms = TraceQuantitiesSerializer()
    people_reached = DashboardPeopleSerializer()


class AlertSerializer(serializers.Serializer[Any]):
    alert = serializers.CharField()
    count = serializers.IntegerField()


class HomeDashboardSerializer(DashboardSerializer):
    alerts = AlertSerializer(many=True, help_text="What needs acting on, and how many.")


class CountryDashboardSerializer(DashboardSerializer):
    country = serializers.CharField(help_text="ISO3 code.")


class DashboardViewSet(viewsets.ViewSet):
    """The home dashboard's figures for the caller's countries, and one country's."""

    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"
    schema = OneObjectSchema()

    @extend_schema(operation_id="v1_dashboards_list", responses=HomeDashboardSerializer)
    def list(self, request: Request) -> Response:
        require_permission(request.user, ReportPerm.VIEW_DASHBOARDS)
        board = dashboards.home_dashboard(user=request.user)
        return Response(
            {
                **dashboards.as_dict(board.funnel, board.reached),
                "alerts": [
                    {"alert": str(alert.label), "count": alert.count} for alert in board.alerts
                ],
            }
        )

    @extend_schema(responses=CountryDashboardSerializer)
    def retrieve(self, request: Request, iso3: str) -> Response:
        country = country_for_dashboard(request.user, iso3)
        board = dashboards.country_dashboard(user=request.user, country=country)
        return Response(
            {"country": country.iso3, **dashboards.as_dict(board.funnel, board.reached)}
        )


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("exports", ExportViewSet, basename="export")
    router.register("reports/runs", ReportRunViewSet, basename="report-run")
    router.register("dashboards", DashboardViewSet, basename="dashboard")
