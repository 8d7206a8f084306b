"""REST endpoints for the situation records: read through selectors, import through services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import require_permission, signed_in
from sunbula.core.api import (
    CREATE_AND_PATCH,
    ImportRefusalSerializer,
    LocalizedTextField,
    ScopedRelatedField,
    ServiceRemoveMixin,
    ServiceRemoveWithReasonMixin,
    ServiceSaveMixin,
    admin_area_by_p_code,
    country_by_iso3,
    country_shown_by_iso3,
    currency_by_code,
    import_refusal,
    post_action,
    read_body,
    record_of_path_among,
)
from sunbula.core.models import Country, Site, User
from sunbula.monitoring import selectors, services
from sunbula.monitoring.imports import ImportRejected
from sunbula.monitoring.models import (
    Classification,
    Market,
    PeriodType,
    PhasePopulation,
    PriceObservation,
    SituationDataset,
)
from sunbula.monitoring.permissions import MonitoringPerm


class SituationDatasetSerializer(serializers.ModelSerializer[SituationDataset]):
    local_name = LocalizedTextField()
    country = country_shown_by_iso3()

    class Meta:
        model = SituationDataset
        fields = (
            "id",
            "name",
            "name_translations",
            "local_name",
            "country",
            "classification",
            "source",
            "published_on",
            "is_illustrative",
        )


class PhasePopulationSerializer(serializers.ModelSerializer[PhasePopulation]):
    p_code = serializers.CharField(source="admin_area.p_code", read_only=True)

    class Meta:
        model = PhasePopulation
        fields = (
            "id",
            "dataset",
            "p_code",
            "period_type",
            "period_start",
            "period_end",
            "analysed",
            "phase1",
            "phase2",
            "phase3",
            "phase4",
            "phase5",
            "phase3plus",
            "area_phase",
        )


class DatasetImportSerializer(serializers.Serializer[Any]):
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all())
    name = serializers.CharField(max_length=255)
    classification = serializers.ChoiceField(choices=Classification.choices)
    source = serializers.CharField(max_length=255)  # type: ignore[assignment]
    published_on = serializers.DateField()
    period_type = serializers.ChoiceField(choices=PeriodType.choices)
    file = serializers.FileField()


class DatasetImportedSerializer(serializers.Serializer[Any]):
    dataset = serializers.IntegerField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()


class SituationDatasetViewSet(ServiceRemoveMixin, viewsets.ReadOnlyModelViewSet[SituationDataset]):
    """IPC and Cadre Harmonisé analyses in the caller's countries; DELETE removes one
    imported by mistake, with its phase populations."""

    serializer_class = SituationDatasetSerializer
    queryset = SituationDataset.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("classification",)
    http_method_names = ["get", "post", "delete", "head", "options"]
    record_name = "dataset"
    remove_service = staticmethod(services.situation_dataset_remove)

    def get_queryset(self) -> QuerySet[SituationDataset]:
        return selectors.dataset_list(user=self.request.user)

    def get_object(self) -> SituationDataset:
        datasets = SituationDataset.objects.select_related("country")
        return record_of_path_among(
            self,
            datasets,
            perm=MonitoringPerm.VIEW_SITUATION,
            write=MonitoringPerm.IMPORT_SITUATION,
        )

    @post_action(
        DatasetImportedSerializer,
        body=DatasetImportSerializer,
        status=201,
        refusals={422: ImportRefusalSerializer},
        detail=False,
    )
    def import_file(self, request: Request) -> Response:
        """Import an HXL or plain CSV file; 422 lists every bad row and writes nothing."""
        scope = require_permission(request.user, MonitoringPerm.IMPORT_SITUATION)
        values = read_body(DatasetImportSerializer, request)
        if not scope.covers_country(values["country"].pk):
            raise PermissionDenied
        upload = values.pop("file")
        try:
            result = services.situation_dataset_import(
                actor=signed_in(request.user),
                content=upload,
                **values,
            )
        except ImportRejected as rejected:
            return import_refusal(rejected)
        return Response(
            {
                "dataset": result.dataset.pk,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
            },
            status=status.HTTP_201_CREATED,
        )


class PhasePopulationViewSet(viewsets.ReadOnlyModelViewSet[PhasePopulation]):
    """People in each IPC / CH phase by admin area and period, in the caller's countries."""

    serializer_class = PhasePopulationSerializer
    queryset = PhasePopulation.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("dataset", "period_type")
    scope_perm = MonitoringPerm.VIEW_SITUATION

    def get_queryset(self) -> QuerySet[PhasePopulation]:
        return selectors.phase_population_list(user=self.request.user)


class MarketSerializer(serializers.ModelSerializer[Market]):
    country = country_by_iso3(MonitoringPerm.RECORD_PRICES)
    admin_area = admin_area_by_p_code(MonitoringPerm.RECORD_PRICES)
    site = ScopedRelatedField(
        perm=MonitoringPerm.RECORD_PRICES, queryset=Site.objects.all(), optional=True
    )

    class Meta:
        model = Market
        fields = ("id", "name", "country", "admin_area", "site")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        """A market stays in its country, whose people read its prices: a change leaves it."""
        fields = super().get_fields()
        if self.instance is not None:
            fields["country"].read_only = True
        return fields


class MarketViewSet(
    ServiceSaveMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Market]
):
    """Markets where prices are read, in the caller's countries; POST adds one, PATCH
    renames one or places it in another area or at another site of its country."""

    serializer_class = MarketSerializer
    queryset = Market.objects.none()  # the schema's model; rows come from get_queryset
    search_fields = ("name",)
    http_method_names = CREATE_AND_PATCH
    manage = MonitoringPerm.RECORD_PRICES
    record_name = "market"
    create_service = staticmethod(services.market_create)
    update_service = staticmethod(services.market_update)

    def get_queryset(self) -> QuerySet[Market]:
        return selectors.market_list(user=self.request.user)

    def get_object(self) -> Market:
        return record_of_path_among(
            self,
            Market.objects.select_related("country", "admin_area", "site"),
            perm=MonitoringPerm.VIEW_SITUATION,
            write=MonitoringPerm.RECORD_PRICES,
        )


class PriceObservationSerializer(serializers.ModelSerializer[PriceObservation]):
    market = ScopedRelatedField(perm=MonitoringPerm.RECORD_PRICES, queryset=Market.objects.all())
    currency = currency_by_code()
    collected_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="email", read_only=True, allow_null=True
    )

    class Meta:
        model = PriceObservation
        fields = (
            "id",
            "market",
            "commodity",
            "category",
            "unit",
            "price_type",
            "price",
            "currency",
            "price_usd",
            "observed_on",
            "collected_by",
            "source",
        )
        read_only_fields = ("price_usd", "collected_by", "source")


class PriceObservationViewSet(
    ServiceRemoveWithReasonMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet[PriceObservation],
):
    """Prices read at the markets of the caller's countries, newest first; POST records one
    as the market page does, POST …/remove/ removes one read or typed in error (with a
    reason)."""

    serializer_class = PriceObservationSerializer
    queryset = PriceObservation.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("market", "category", "price_type", "observed_on")
    search_fields = ("commodity",)
    scope_perm = MonitoringPerm.VIEW_SITUATION
    fetch_record = staticmethod(selectors.fetch_price)
    write = MonitoringPerm.RECORD_PRICES
    record_name = "price"
    remove_service = staticmethod(services.price_remove)

    def get_queryset(self) -> QuerySet[PriceObservation]:
        return selectors.price_list(user=self.request.user)

    def perform_create(self, serializer: serializers.BaseSerializer[PriceObservation]) -> None:
        values = dict(serializer.validated_data)
        market = selectors.market_for(
            user=self.request.user, pk=values.pop("market").pk, write=True
        )
        serializer.instance = services.price_record(
            actor=signed_in(self.request.user), market=market, **values
        )


def register(router: DefaultRouter) -> None:
    router.register("situation-datasets", SituationDatasetViewSet, basename="situation-dataset")
    router.register("phase-populations", PhasePopulationViewSet, basename="phase-population")
    router.register("markets", MarketViewSet, basename="market")
    router.register("market-prices", PriceObservationViewSet, basename="market-price")
