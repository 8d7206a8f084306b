"""REST endpoints of allocation: proposals drawn up by the model for a cycle, their lines
adjusted, approved by another person and applied; the least-cost food basket. Every write goes
through a service."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.allocation import selectors, services
from sunbula.allocation.basket import BasketInfeasible, basket_asked, least_cost_basket
from sunbula.allocation.forms import MAX_GRAMS_PER_DAY, MAX_KCAL_PER_DAY
from sunbula.allocation.models import AllocationProposal, ProposalLine
from sunbula.allocation.permissions import AllocationPerm
from sunbula.assistance.models import Cycle
from sunbula.core.access import require_permission, signed_in
from sunbula.core.api import ScopedRelatedField, perform_action, post_action, read_body
from sunbula.core.errors import DomainError
from sunbula.core.openapi import rule_unmet
from sunbula.core.validation import MAX_HEADCOUNT

PROPOSE = AllocationPerm.PROPOSE_ALLOCATION
APPROVE = AllocationPerm.APPROVE_ALLOCATION


class LineSerializer(serializers.ModelSerializer[ProposalLine]):
    class Meta:
        model = ProposalLine
        fields = ("id", "lot", "origin", "site", "month", "proposed_kg", "kg", "waybill")
        read_only_fields = ("id", "lot", "origin", "site", "month", "proposed_kg", "waybill")


# What the model and the people after it decide about a proposal: a client reads it only.
PROPOSAL_OUTCOME = (
    "status",
    "months",
    "explanation",
    "proposed_by",
    "approved_by",
    "created_at",
)


class ProposalSerializer(serializers.ModelSerializer[AllocationProposal]):
    cycle = ScopedRelatedField(perm=PROPOSE, queryset=Cycle.objects.all())
    lines = LineSerializer(many=True, read_only=True)
    cost_per_tonne_km = serializers.DecimalField(
        max_digits=8,
        decimal_places=4,
        min_value=Decimal(0),
        default=Decimal("0.10"),
        write_only=True,
        help_text="Transport cost in US dollars per tonne-kilometre between the sites.",
    )

    class Meta:
        model = AllocationProposal
        fields = (
            "id",
            "cycle",
            "mode",
            "floor_kcal",
            *PROPOSAL_OUTCOME,
            "lines",
            "cost_per_tonne_km",
        )
        read_only_fields = PROPOSAL_OUTCOME


class ProposalViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[AllocationProposal]):
    """Allocation proposals in the caller's countries and programmes: the model proposes
    (POST), another person approves, then someone applies (draft waybills, entitlement
    changes)."""

    serializer_class = ProposalSerializer
    queryset = AllocationProposal.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("cycle", "status", "mode")
    scope_perm = AllocationPerm.VIEW_ALLOCATION

    def get_queryset(self) -> QuerySet[AllocationProposal]:
        return selectors.proposal_list(user=self.request.user).prefetch_related("lines")

    def perform_create(self, serializer: serializers.BaseSerializer[AllocationProposal]) -> None:
        data = serializer.validated_data
        cycle = selectors.cycle_for_user(user=self.request.user, pk=data["cycle"].pk, write=PROPOSE)
        serializer.instance = services.proposal_create(
            actor=signed_in(self.request.user),
            cycle=cycle,
            mode=data["mode"],
            floor_kcal=data["floor_kcal"],
            cost_per_tonne_km=data["cost_per_tonne_km"],
        )

    def _step(self, request: Request, pk: int, step: Callable[..., AllocationProposal]) -> Response:
        """Take the proposal one step on, where the caller approves allocations."""
        proposal = selectors.proposal_for_user(user=request.user, pk=pk, write=APPROVE)
        return perform_action(request, step, answer=ProposalSerializer, proposal=proposal)

    @post_action(ProposalSerializer)
    def approve(self, request: Request, pk: int) -> Response:
        """Approve a draft (not by the person who proposed it)."""
        return self._step(request, pk, services.proposal_approve)

    @post_action(ProposalSerializer)
    def reject(self, request: Request, pk: int) -> Response:
        return self._step(request, pk, services.proposal_reject)

    @post_action(ProposalSerializer)
    def apply(self, request: Request, pk: int) -> Response:
        """Turn an approved proposal into draft waybills and entitlement changes."""
        return self._step(request, pk, services.proposal_apply)


class LineViewSet(mixins.UpdateModelMixin, viewsets.GenericViewSet[ProposalLine]):
    """Adjust the kilograms of a line of a draft proposal."""

    serializer_class = LineSerializer
    queryset = ProposalLine.objects.none()  # the schema's model; rows come from get_queryset
    http_method_names = ["patch", "options"]
    scope_perm = AllocationPerm.VIEW_ALLOCATION

    def get_queryset(self) -> QuerySet[ProposalLine]:
        return ProposalLine.objects.none()

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        line = selectors.line_for_user(user=request.user, pk=kwargs["pk"])
        # The one field a client may change, so it is asked for even in a PATCH.
        kg = read_body(LineSerializer, request, line)["kg"]
        line = services.proposal_line_adjust(actor=signed_in(request.user), line=line, kg=kg)
        return Response(LineSerializer(line).data)


class BasketRequestSerializer(serializers.Serializer[Any]):
    people = serializers.IntegerField(min_value=1, max_value=MAX_HEADCOUNT)
    days = serializers.IntegerField(min_value=1, max_value=366, default=30)
    kcal = serializers.FloatField(min_value=1, max_value=MAX_KCAL_PER_DAY, default=2100)
    protein_g = serializers.FloatField(
        min_value=0, max_value=float(MAX_GRAMS_PER_DAY), default=52.5
    )
    fat_g = serializers.FloatField(min_value=0, max_value=float(MAX_GRAMS_PER_DAY), default=40)
    country = serializers.IntegerField(required=False)


class BasketSerializer(serializers.Serializer[Any]):
    kg_per_day = serializers.DictField(child=serializers.FloatField())
    cost_per_day = serializers.FloatField()
    kcal = serializers.FloatField()
    protein_g = serializers.FloatField()
    fat_g = serializers.FloatField()
    constraints = serializers.ListField(child=serializers.DictField())
    scarcest_commodity = serializers.CharField(allow_null=True)
    scarcest_shadow_price = serializers.FloatField()
    person_days_fed = serializers.FloatField(allow_null=True)
    person_days_per_tonne = serializers.FloatField()


class BasketInfeasibleError(DomainError):
    status_code = 422


class BasketViewSet(viewsets.ViewSet):
    """The least-cost basket of the food on hand in the caller's countries."""

    scope_perm = AllocationPerm.VIEW_ALLOCATION

    @extend_schema(
        request=BasketRequestSerializer,
        responses={
            200: BasketSerializer,
            422: rule_unmet("No basket of the food on hand meets the nutrition asked for."),
        },
    )
    def create(self, request: Request) -> Response:
        require_permission(request.user, AllocationPerm.VIEW_ALLOCATION)
        values = read_body(BasketRequestSerializer, request)
        items = selectors.basket_items(user=request.user, country_id=values.get("country"))
        try:
            basket = least_cost_basket(basket_asked(items, values))
        except BasketInfeasible as failed:
            raise BasketInfeasibleError(failed.message()) from failed
        return Response(basket.as_dict(), status=status.HTTP_200_OK)


def register(router: DefaultRouter) -> None:
    router.register("allocation/proposals", ProposalViewSet, basename="allocation-proposal")
    router.register("allocation/lines", LineViewSet, basename="allocation-line")
    router.register("allocation/basket", BasketViewSet, basename="allocation-basket")
