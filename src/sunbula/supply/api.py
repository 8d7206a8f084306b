"""REST endpoints for stock; reads through selectors, writes through services."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import fetch, signed_in
from sunbula.funding.models import Pledge
from sunbula.supply import selectors, services
from sunbula.supply.access import fetch_waybill
from sunbula.supply.models import (
    GRAM,
    Commodity,
    Lot,
    StockBalance,
    StockMovement,
    Waybill,
    WaybillLine,
)
from sunbula.supply.permissions import SupplyPerm


class CommoditySerializer(serializers.ModelSerializer[Commodity]):
    class Meta:
        model = Commodity
        fields = (
            "id",
            "code",
            "name",
            "name_translations",
            "local_name",
            "category",
            "base_unit",
            "package_size",
            "package_name",
            "kcal_per_kg",
            "shelf_life_days",
        )


class LotSerializer(serializers.ModelSerializer[Lot]):
    class Meta:
        model = Lot
        fields = (
            "id",
            "reference",
            "commodity",
            "provenance",
            "pledge",
            "payment",
            "donor",
            "country",
            "batch",
            "expires_on",
            "quantity_received",
            "received_on",
            "is_illustrative",
        )


class BalanceSerializer(serializers.ModelSerializer[StockBalance]):
    class Meta:
        model = StockBalance
        fields = ("id", "site", "lot", "quantity")


class MovementSerializer(serializers.ModelSerializer[StockMovement]):
    class Meta:
        model = StockMovement
        fields = (
            "id",
            "kind",
            "site",
            "lot",
            "quantity",
            "reference",
            "reason",
            "loss_cause",
            "loss_stage",
            "waybill_line",
            "actor",
            "occurred_at",
            "recorded_at",
        )


class WaybillLineSerializer(serializers.ModelSerializer[WaybillLine]):
    class Meta:
        model = WaybillLine
        fields = (
            "id",
            "lot",
            "quantity",
            "packages",
            "received_quantity",
            "lost_quantity",
            "loss_cause",
            "loss_stage",
            "loss_flagged",
            "loss_approved_by",
        )


class WaybillSerializer(serializers.ModelSerializer[Waybill]):
    lines = WaybillLineSerializer(many=True, read_only=True)

    class Meta:
        model = Waybill
        fields = (
            "id",
            "number",
            "origin",
            "destination",
            "transporter",
            "vehicle",
            "status",
            "dispatched_on",
            "received_on",
            "is_illustrative",
            "lines",
        )


class CommodityViewSet(viewsets.ReadOnlyModelViewSet[Commodity]):
    """Commodities with their names in several languages."""

    serializer_class = CommoditySerializer
    filterset_fields = ("category",)

    def get_queryset(self) -> QuerySet[Commodity]:
        return selectors.commodity_list(user=self.request.user)


class LotViewSet(viewsets.ReadOnlyModelViewSet[Lot]):
    """Lots with their provenance, in the caller's countries."""

    serializer_class = LotSerializer
    filterset_fields = ("commodity", "pledge", "provenance")
    scope_perm = SupplyPerm.VIEW_STOCK

    def get_queryset(self) -> QuerySet[Lot]:
        return selectors.lot_list(user=self.request.user).order_by("pk")


class BalanceViewSet(viewsets.ReadOnlyModelViewSet[StockBalance]):
    """Stock on hand per site and lot, in the caller's countries."""

    serializer_class = BalanceSerializer
    filterset_fields = ("site", "lot")
    scope_perm = SupplyPerm.VIEW_STOCK

    def get_queryset(self) -> QuerySet[StockBalance]:
        return selectors.balance_list(user=self.request.user)


class MovementViewSet(viewsets.ReadOnlyModelViewSet[StockMovement]):
    """The stock ledger, newest first, in the caller's countries."""

    serializer_class = MovementSerializer
    filterset_fields = ("site", "lot", "kind")
    scope_perm = SupplyPerm.VIEW_STOCK

    def get_queryset(self) -> QuerySet[StockMovement]:
        return selectors.movement_list(user=self.request.user)


class WaybillViewSet(viewsets.ReadOnlyModelViewSet[Waybill]):
    """Waybills from or to the caller's countries; POST …/dispatch/ sends a draft."""

    serializer_class = WaybillSerializer
    filterset_fields = ("status", "origin", "destination")
    scope_perm = SupplyPerm.VIEW_STOCK

    def get_queryset(self) -> QuerySet[Waybill]:
        return selectors.waybill_list(user=self.request.user).prefetch_related("lines")

    @action(detail=True, methods=["post"], url_path="dispatch")
    def dispatch_goods(self, request: Request, pk: int) -> Response:
        waybill = fetch_waybill(request.user, pk, write=SupplyPerm.MOVE_STOCK)
        services.waybill_dispatch(
            actor=signed_in(request.user), waybill=waybill, dispatched_on=timezone.localdate()
        )
        waybill.refresh_from_db()
        return Response(WaybillSerializer(waybill).data)


def _kg(quantity: Decimal) -> str:
    """Quantities to the gram, the same on every database."""
    return str(quantity.quantize(GRAM))


class PipelineViewSet(viewsets.ViewSet):
    """The pipeline of a pledge: pledged → received → in stock → … → lost, in kg."""

    def retrieve(self, request: Request, pk: int) -> Response:
        pledge = fetch(
            Pledge.objects.select_related("donor"),
            request.user,
            pk,
            perm=SupplyPerm.VIEW_STOCK,
        )
        pipeline = selectors.pledge_pipeline(user=request.user, pledges=[pledge])
        data: dict[str, Any] = {
            key: _kg(value) for key, value in asdict(pipeline).items() if key != "in_stock_by_site"
        }
        data["pledge"] = pledge.reference
        data["in_stock_by_site"] = [
            {"site": site, "quantity": _kg(quantity)}
            for site, quantity in pipeline.in_stock_by_site
        ]
        return Response(data)


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("supply/commodities", CommodityViewSet, basename="supply-commodity")
    router.register("supply/lots", LotViewSet, basename="supply-lot")
    router.register("supply/balances", BalanceViewSet, basename="supply-balance")
    router.register("supply/movements", MovementViewSet, basename="supply-movement")
    router.register("supply/waybills", WaybillViewSet, basename="supply-waybill")
    router.register("supply/pipeline", PipelineViewSet, basename="supply-pipeline")
