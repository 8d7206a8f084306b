"""REST endpoints of this domain, registered on the /api/v1/ router."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.assistance import selectors
from sunbula.assistance.models import Cycle, Distribution
from sunbula.assistance.offline import DistributionPointViewSet
from sunbula.assistance.permissions import AssistancePerm
from sunbula.core.access import fetch
from sunbula.funding.models import Pledge
from sunbula.supply.models import Lot


class CycleSerializer(serializers.ModelSerializer[Cycle]):
    class Meta:
        model = Cycle
        fields = (
            "id",
            "name",
            "name_translations",
            "project",
            "country",
            "period_start",
            "period_end",
            "modality",
            "ration_kind",
            "status",
            "is_illustrative",
        )


class DistributionSerializer(serializers.ModelSerializer[Distribution]):
    class Meta:
        model = Distribution
        fields = (
            "id",
            "entitlement",
            "beneficiary",
            "site",
            "quantity",
            "person_days",
            "distributed_on",
            "reference",
            "is_illustrative",
        )


class CycleViewSet(viewsets.ReadOnlyModelViewSet[Cycle]):
    """Cycles of assistance in the caller's countries."""

    serializer_class = CycleSerializer
    filterset_fields = ("project", "status", "ration_kind")
    scope_perm = AssistancePerm.VIEW_ASSISTANCE

    def get_queryset(self) -> QuerySet[Cycle]:
        return selectors.cycle_list(user=self.request.user).order_by("-period_start", "pk")


class DistributionViewSet(viewsets.ReadOnlyModelViewSet[Distribution]):
    """Distributions in the caller's countries, newest first."""

    serializer_class = DistributionSerializer
    filterset_fields = ("site", "entitlement__cycle")
    scope_perm = AssistancePerm.VIEW_ASSISTANCE

    def get_queryset(self) -> QuerySet[Distribution]:
        return selectors.distribution_list(user=self.request.user)


class PledgeTraceViewSet(viewsets.ViewSet):
    """The pledge-to-plate trace of a pledge: kilograms at each step and people reached."""

    def retrieve(self, request: Request, pk: int) -> Response:
        pledge = fetch(
            Pledge.objects.select_related("donor"),
            request.user,
            pk,
            perm=AssistancePerm.VIEW_TRACE,
        )
        trace = selectors.pledge_trace(user=request.user, pledge_id=pledge.pk)
        return Response({"pledge": pledge.reference, **trace.as_dict()})


class LotTraceViewSet(viewsets.ViewSet):
    """The trace of one lot."""

    def retrieve(self, request: Request, pk: int) -> Response:
        lot = fetch(
            Lot.objects.select_related("commodity", "donor", "pledge"),
            request.user,
            pk,
            perm=AssistancePerm.VIEW_TRACE,
        )
        trace = selectors.lot_trace(user=request.user, lot_id=lot.pk)
        return Response({"lot": lot.reference, **trace.as_dict()})


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("assistance/cycles", CycleViewSet, basename="assistance-cycle")
    router.register(
        "assistance/distributions", DistributionViewSet, basename="assistance-distribution"
    )
    router.register("assistance/point", DistributionPointViewSet, basename="assistance-point")
    router.register("trace/pledges", PledgeTraceViewSet, basename="trace-pledge")
    router.register("trace/lots", LotTraceViewSet, basename="trace-lot")
