"""REST endpoints of the forecast: stored forecasts read through selectors, a run on request."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import DefaultRouter

from sunbula.core.access import reaches, require_permission, signed_in
from sunbula.core.api import (
    ScopedRelatedField,
    country_by_iso3,
    country_shown_by_iso3,
    post_action,
    read_body,
    record_of_path_among,
)
from sunbula.core.errors import NotPermitted
from sunbula.forecasting import selectors, services
from sunbula.forecasting.forms import PROGRAMME_NEEDED
from sunbula.forecasting.models import Forecast, ForecastLine, ForecastMonth
from sunbula.forecasting.permissions import ForecastPerm
from sunbula.programmes.models import Programme


class ForecastMonthSerializer(serializers.ModelSerializer[ForecastMonth]):
    class Meta:
        model = ForecastMonth
        fields = (
            "month",
            "starts_on",
            "need",
            "expected_arrivals",
            "expected_stock",
            "p_break",
            "naive_break",
        )


# The API address of each kind of record an arrival names.
RECORD_ADDRESSES = {"waybill": "supply-waybill-detail", "pledge": "funding-pledge-detail"}


class ForecastLineSerializer(serializers.ModelSerializer[ForecastLine]):
    """A line; its serializer's context holds the `records` its arrivals name
    (selectors.arrival_records) and the `request`."""

    commodity = serializers.CharField(source="commodity.code", read_only=True)
    p_code = serializers.CharField(source="admin_area.p_code", read_only=True)
    months = ForecastMonthSerializer(many=True, read_only=True)
    explanation = serializers.SerializerMethodField(
        help_text="What the line used. Each of its `arrivals` has `url`: the address of the "
        "waybill or pledge it names (a commitment's: its pledge), null where the caller may "
        "not see it."
    )

    class Meta:
        model = ForecastLine
        fields = ("id", "commodity", "p_code", "on_hand", "worst_p_break", "months", "explanation")

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_explanation(self, line: ForecastLine) -> dict[str, Any]:
        explanation: dict[str, Any] = line.explanation
        if "arrivals" not in explanation:
            return explanation
        request = self.context.get("request")
        arrivals = [
            {
                **arrival,
                "url": reverse(RECORD_ADDRESSES[record.kind], args=[record.pk], request=request)
                if record
                else None,
            }
            for arrival, record in selectors.arrivals_named(line, self.context.get("records", {}))
        ]
        return {**explanation, "arrivals": arrivals}


class ForecastSerializer(serializers.ModelSerializer[Forecast]):
    country = country_shown_by_iso3()

    class Meta:
        model = Forecast
        fields: tuple[str, ...] = (
            "id",
            "country",
            "programme",
            "made_on",
            "horizon",
            "draws",
            "seed",
            "created_at",
            "explanation",
        )


class ForecastDetailSerializer(ForecastSerializer):
    lines = serializers.SerializerMethodField()

    class Meta(ForecastSerializer.Meta):
        fields: tuple[str, ...] = (*ForecastSerializer.Meta.fields, "lines")

    @extend_schema_field(ForecastLineSerializer(many=True))
    def get_lines(self, forecast: Forecast) -> list[dict[str, Any]]:
        request = self.context["request"]
        lines = list(selectors.line_list(user=request.user, forecast=forecast))
        records = selectors.arrival_records(user=request.user, lines=lines)
        context = {"request": request, "records": records}
        return list(ForecastLineSerializer(lines, many=True, context=context).data)


class ForecastRunSerializer(serializers.Serializer[Any]):
    country = country_by_iso3(ForecastPerm.RUN_FORECAST)
    programme = ScopedRelatedField(
        perm=ForecastPerm.RUN_FORECAST, queryset=Programme.objects.all(), optional=True
    )
    horizon = serializers.IntegerField(min_value=3, max_value=6, default=6)
    draws = serializers.IntegerField(min_value=100, max_value=10000, default=2000)
    seed = serializers.IntegerField(min_value=0, max_value=2**31 - 1, default=0)
    as_of = serializers.DateField(required=False)


class ForecastViewSet(viewsets.ReadOnlyModelViewSet[Forecast]):
    """Stored pipeline-break forecasts in the caller's countries and programmes: per
    commodity and province, each month's need, expected arrivals, expected stock and break
    probability, with what the model used and learned."""

    serializer_class = ForecastSerializer
    queryset = Forecast.objects.none()  # the model, for the schema; get_queryset scopes
    filterset_fields = ("programme", "made_on")
    scope_perm = ForecastPerm.VIEW_FORECAST

    def get_queryset(self) -> QuerySet[Forecast]:
        return selectors.forecast_list(user=self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Forecast]]:
        if self.action == "retrieve":
            return ForecastDetailSerializer
        return super().get_serializer_class()

    def get_object(self) -> Forecast:
        forecasts = Forecast.objects.select_related("country", "programme")
        return record_of_path_among(self, forecasts, perm=ForecastPerm.VIEW_FORECAST)

    @post_action(ForecastDetailSerializer, body=ForecastRunSerializer, status=201, detail=False)
    def run(self, request: Request) -> Response:
        """Forecast now for a country (and a programme), and store the result."""
        require_permission(request.user, ForecastPerm.RUN_FORECAST)
        values = read_body(ForecastRunSerializer, request)
        programme = values.pop("programme", None)
        if not reaches(
            request.user,
            ForecastPerm.RUN_FORECAST,
            Forecast(country=values["country"], programme=programme),
        ):
            raise NotPermitted(str(PROGRAMME_NEEDED))
        forecast = services.forecast_run(
            actor=signed_in(request.user), programme=programme, **values
        )
        return Response(
            ForecastDetailSerializer(forecast, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


def register(router: DefaultRouter) -> None:
    router.register("forecasts", ForecastViewSet, basename="forecast")
