"""REST endpoints of this domain, registered on the /api/v1/ router.

Cycles are planned (ration, rules, preview), their lists frozen, entitlements generated
and approved by another person; distributions are recorded one by one or as a list, and
corrected by reversal. Every write goes through a service.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.assistance import selectors, services
from sunbula.assistance.forms import ACTUALS_FIELDS
from sunbula.assistance.imports import BatchRow
from sunbula.assistance.models import (
    Beneficiary,
    Collector,
    Cycle,
    Distribution,
    EligibilityRule,
    Entitlement,
    RationLine,
    RuleField,
)
from sunbula.assistance.offline import DistributionPointViewSet
from sunbula.assistance.permissions import AssistancePerm
from sunbula.assistance.refusals import keyed_by_field
from sunbula.core.access import require_permission, signed_in
from sunbula.core.api import (
    CREATE_AND_PATCH,
    ScopedRelatedField,
    create_through,
    perform_action,
    post_action,
    read_body,
    record_of_path_among,
    write_permission,
)
from sunbula.core.models import Country, Site
from sunbula.funding.models import Pledge
from sunbula.learning.models import RESPONDENT_LANGUAGES, Survey
from sunbula.learning.permissions import LearningPerm
from sunbula.programmes.models import Indicator, Project, ReportingPeriod
from sunbula.programmes.permissions import ProgrammePerm
from sunbula.registry.models import Household, Institution, Person
from sunbula.registry.permissions import RegistryPerm
from sunbula.supply.api import SiteQuantitySerializer, kilograms
from sunbula.supply.models import Commodity, Lot

MANAGE = AssistancePerm.MANAGE_CYCLE
RECORD = AssistancePerm.RECORD_DISTRIBUTION


def _indicator() -> ScopedRelatedField:
    """An indicator of the cycle's project that its distributions feed (none: not fed)."""
    return ScopedRelatedField(
        perm=ProgrammePerm.VIEW_PROJECT, queryset=Indicator.objects.all(), optional=True
    )


def _reporting_period() -> ScopedRelatedField:
    """The period of the cycle's project that its actuals are recorded in."""
    return ScopedRelatedField(
        perm=ProgrammePerm.VIEW_PROJECT, queryset=ReportingPeriod.objects.all(), optional=True
    )


class CommodityFiguresSerializer(serializers.Serializer[Any]):
    """One commodity of a cycle, in its own unit, as the cycle's page sums it."""

    commodity = serializers.IntegerField(source="commodity_id")
    name = serializers.CharField(source="commodity", help_text="In the caller's language.")
    unit = serializers.CharField()
    entitled = serializers.DecimalField(
        source="planned",
        max_digits=None,
        decimal_places=3,
        help_text="Entitled to the beneficiaries, cancelled entitlements left out.",
    )
    distributed = serializers.DecimalField(
        source="handed", max_digits=None, decimal_places=3, help_text="Handed over so far."
    )


class CycleSerializer(serializers.ModelSerializer[Cycle]):
    """A cycle, with its figures as its pages show them: the beneficiaries listed and, per
    commodity, what is entitled and what was distributed (`progress` in the context, from
    `selectors.cycles_progress`)."""

    project = ScopedRelatedField(perm=MANAGE, queryset=Project.objects.all())
    country = ScopedRelatedField(perm=MANAGE, queryset=Country.objects.all())
    people_indicator = _indicator()
    kg_indicator = _indicator()
    inputs_indicator = _indicator()
    reporting_period = _reporting_period()
    beneficiaries = serializers.IntegerField(
        source="listed", read_only=True, help_text="On the cycle's list (none before it is drawn)."
    )
    commodities = serializers.SerializerMethodField(
        help_text="Per commodity of the ration: entitled and distributed, in its unit."
    )

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
            *ACTUALS_FIELDS,
            "status",
            "planned_by",
            "approved_by",
            "beneficiaries",
            "commodities",
            "is_illustrative",
        )
        read_only_fields = ("modality", "status", "planned_by", "approved_by", "is_illustrative")

    @extend_schema_field(CommodityFiguresSerializer(many=True))
    def get_commodities(self, cycle: Cycle) -> list[dict[str, Any]]:
        progress = self.context["progress"].get(cycle.pk, [])
        return list(CommodityFiguresSerializer(progress, many=True).data)


class CycleUpdateSerializer(serializers.ModelSerializer[Cycle]):
    people_indicator = _indicator()
    kg_indicator = _indicator()
    inputs_indicator = _indicator()
    reporting_period = _reporting_period()

    class Meta:
        model = Cycle
        fields = (
            "name",
            "name_translations",
            "period_start",
            "period_end",
            "ration_kind",
            *ACTUALS_FIELDS,
        )
        extra_kwargs = {name: {"required": False} for name in fields}


class RationLineSerializer(serializers.ModelSerializer[RationLine]):
    cycle = ScopedRelatedField(perm=MANAGE, queryset=Cycle.objects.all())
    unit = serializers.CharField(source="commodity.base_unit", read_only=True)

    class Meta:
        model = RationLine
        fields = ("id", "cycle", "commodity", "quantity", "unit")


class RuleSerializer(serializers.ModelSerializer[EligibilityRule]):
    class Meta:
        model = EligibilityRule
        fields = ("id", "field", "value")


class EntitlementSerializer(serializers.ModelSerializer[Entitlement]):
    reference = serializers.CharField(source="beneficiary.reference", read_only=True)
    kind = serializers.CharField(source="beneficiary.kind", read_only=True)
    people = serializers.IntegerField(source="beneficiary.people", read_only=True)
    unit = serializers.CharField(source="commodity.base_unit", read_only=True)

    class Meta:
        model = Entitlement
        fields = (
            "id",
            "cycle",
            "beneficiary",
            "reference",
            "kind",
            "people",
            "commodity",
            "unit",
            "quantity",
            "distributed",
            "status",
        )


class StepResultSerializer(serializers.Serializer[Any]):
    cycle = CycleSerializer()
    count = serializers.IntegerField(
        help_text="Beneficiaries on the list frozen, entitlements generated or approved."
    )


class PreviewSerializer(serializers.Serializer[Any]):
    current = serializers.IntegerField(help_text="Records the rules select now.")
    with_rule = serializers.IntegerField(
        allow_null=True, help_text="Records they would select with the rule asked about."
    )


class DistributionSerializer(serializers.ModelSerializer[Distribution]):
    entitlement = ScopedRelatedField(
        perm=RECORD,
        queryset=Entitlement.objects.all(),
        rule=Cycle.scope_rule.under("cycle"),
    )
    site = ScopedRelatedField(perm=RECORD, queryset=Site.objects.all())
    unit = serializers.CharField(source="entitlement.commodity.base_unit", read_only=True)
    cycle = serializers.IntegerField(source="entitlement.cycle_id", read_only=True)
    lots: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        source="draws",
        slug_field="lot_id",
        many=True,
        read_only=True,
        help_text="The lots it was drawn from: the step before it in the chain.",
    )
    reference = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        help_text="The hand-over's own reference; it must not contain the beneficiary's "
        "reference or external id. Left out, one that names no one is made.",
    )

    class Meta:
        model = Distribution
        fields = (
            "id",
            "cycle",
            "entitlement",
            "beneficiary",
            "site",
            "quantity",
            "unit",
            "person_days",
            "distributed_on",
            "reference",
            "collector",
            "reverses",
            "reason",
            "lots",
            "is_illustrative",
        )
        read_only_fields = (
            "beneficiary",
            "person_days",
            "reverses",
            "reason",
            "is_illustrative",
        )


class BulkRowSerializer(serializers.Serializer[Any]):
    reference = serializers.CharField(max_length=200)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=Decimal("0.001"))


class BulkSerializer(serializers.Serializer[Any]):
    cycle = ScopedRelatedField(perm=RECORD, queryset=Cycle.objects.all())
    commodity = serializers.PrimaryKeyRelatedField(queryset=Commodity.objects.all())
    site = ScopedRelatedField(perm=RECORD, queryset=Site.objects.all())
    distributed_on = serializers.DateField()
    rows = BulkRowSerializer(many=True, allow_empty=False, max_length=100_000)  # type: ignore[call-arg]


class BulkResultSerializer(serializers.Serializer[Any]):
    recorded = serializers.IntegerField()


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=255)


class ReduceSerializer(serializers.Serializer[Any]):
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=Decimal("0.001"))


class BeneficiaryAddSerializer(serializers.Serializer[Any]):
    """One of a person, a household or an institution, by id."""

    person = ScopedRelatedField(
        perm=RegistryPerm.VIEW_REGISTRY, queryset=Person.objects.all(), required=False
    )
    household = ScopedRelatedField(
        perm=RegistryPerm.VIEW_REGISTRY, queryset=Household.objects.all(), required=False
    )
    institution = ScopedRelatedField(
        perm=RegistryPerm.VIEW_INSTITUTION, queryset=Institution.objects.all(), required=False
    )


class BeneficiarySerializer(serializers.ModelSerializer[Beneficiary]):
    class Meta:
        model = Beneficiary
        fields = ("id", "cycle", "kind", "reference", "people", "females", "males")
        read_only_fields = fields


class MonitoringStartSerializer(serializers.Serializer[Any]):
    survey = ScopedRelatedField(
        perm=LearningPerm.VIEW_EVENT,
        queryset=Survey.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="A post-distribution monitoring survey not sent yet; none: the standard "
        "questionnaire is made (in English, Arabic, French and Russian).",
    )
    sample_size = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None
    )
    percent = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.1"),
        max_value=Decimal(100),
        required=False,
        allow_null=True,
        default=None,
        help_text="Instead of sample_size: this share of the beneficiaries served.",
    )
    seed = serializers.IntegerField(
        min_value=0, max_value=2_147_483_647, help_text="The same seed draws the same sample."
    )
    language = serializers.ChoiceField(choices=RESPONDENT_LANGUAGES, default="en")


class BarSerializer(serializers.Serializer[Any]):
    answer = serializers.CharField(source="label")
    count = serializers.IntegerField()
    percent = serializers.IntegerField()


class QuestionResultSerializer(serializers.Serializer[Any]):
    question = serializers.CharField(source="question.local_label")
    kind = serializers.CharField(source="question.kind")
    answered = serializers.IntegerField()
    mean = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    bars = BarSerializer(many=True)


class MonitoringSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="monitoring.pk")
    survey = serializers.IntegerField(source="monitoring.survey_id")
    title = serializers.CharField(source="monitoring.survey.local_title")
    started_at = serializers.DateTimeField(source="monitoring.started_at")
    seed = serializers.IntegerField(source="monitoring.seed")
    language = serializers.CharField(source="monitoring.language")
    served = serializers.IntegerField(source="monitoring.served")
    sampled = serializers.IntegerField(source="monitoring.sampled")
    answered = serializers.IntegerField()
    response_rate = serializers.IntegerField(source="rate", help_text="Whole percent.")
    results = QuestionResultSerializer(many=True)


class SampledLinkSerializer(serializers.Serializer[Any]):
    beneficiary = serializers.IntegerField(source="beneficiary.pk")
    reference = serializers.CharField(source="beneficiary.reference")
    link = serializers.CharField()


class MonitoringStartedSerializer(serializers.Serializer[Any]):
    monitoring = MonitoringSerializer()
    links = SampledLinkSerializer(
        many=True, help_text="Each sampled beneficiary's survey link; given only in this answer."
    )


def _cycle(user: Any, pk: object, write: str | None = MANAGE) -> Cycle:
    return selectors.cycle_for_user(user, pk, write=write)


def _cycles_answer(request: Request, cycles: Sequence[Cycle]) -> list[dict[str, Any]]:
    """Cycles read through `selectors.cycle_list` as the API answers them: the figures of
    all of them in one query, by the selector the cycle's page reads."""
    progress = selectors.cycles_progress(
        user=request.user, cycle_ids=[cycle.pk for cycle in cycles]
    )
    context = {"request": request, "progress": progress}
    return list(CycleSerializer(cycles, many=True, context=context).data)


def _cycle_answer(request: Request, cycle: Cycle) -> dict[str, Any]:
    """One cycle, read again as the list reads it (with the beneficiaries it counts)."""
    return _cycles_answer(request, [selectors.cycle_list(user=request.user).get(pk=cycle.pk)])[0]


def _entitlement(user: Any, pk: object, write: str) -> Entitlement:
    """An entitlement of a cycle the caller may see, where `write` reaches the cycle."""
    entitlements = Entitlement.objects.select_related("cycle")
    return selectors.record_for_user(
        entitlements, user, pk, write=write, rule=selectors.OF_ITS_CYCLE
    )


class CycleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Cycle]):
    """Cycles of assistance in the caller's countries: planned, frozen, entitled, closed."""

    serializer_class = CycleSerializer
    queryset = Cycle.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("project", "status", "ration_kind")
    scope_perm = AssistancePerm.VIEW_ASSISTANCE
    http_method_names = CREATE_AND_PATCH

    def get_queryset(self) -> QuerySet[Cycle]:
        return selectors.cycle_list(user=self.request.user).order_by("-period_start", "pk")

    def get_object(self) -> Cycle:
        return _cycle(self.request.user, self.kwargs["pk"], write_permission(self.request, MANAGE))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cycles = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(cycles)
        if page is None:
            return Response(_cycles_answer(request, list(cycles)))
        return self.get_paginated_response(_cycles_answer(request, page))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(_cycle_answer(request, self.get_object()))

    @extend_schema(request=CycleSerializer, responses={201: CycleSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        values = read_body(CycleSerializer, request)
        scope = require_permission(request.user, MANAGE)
        if not scope.covers_country(values["country"].pk):
            raise PermissionDenied
        cycle = services.cycle_create(actor=signed_in(request.user), **values)
        return Response(_cycle_answer(request, cycle), status=status.HTTP_201_CREATED)

    @extend_schema(request=CycleUpdateSerializer, responses=CycleSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cycle = self.get_object()
        changes = read_body(CycleUpdateSerializer, request, partial=True)
        cycle = services.cycle_update(actor=signed_in(request.user), cycle=cycle, **changes)
        return Response(_cycle_answer(request, cycle))

    @post_action(RuleSerializer, body=RuleSerializer, status=201)
    def rules(self, request: Request, pk: int) -> Response:
        """Add a targeting rule (rules on one field are alternatives, across fields all hold)."""
        return create_through(
            request,
            services.eligibility_rule_add,
            body=RuleSerializer,
            cycle=_cycle(request.user, pk),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("field", str, enum=RuleField.values),
            OpenApiParameter("value", str),
        ],
        responses=PreviewSerializer,
    )
    @action(detail=True, methods=["get"], serializer_class=PreviewSerializer)
    def preview(self, request: Request, pk: int) -> Response:
        """How many records the rules select, and would with one more rule."""
        cycle = _cycle(request.user, pk, None)
        return Response(
            {
                "current": selectors.eligible_count(user=request.user, cycle=cycle),
                "with_rule": selectors.preview_count(
                    user=request.user,
                    cycle=cycle,
                    field=request.query_params.get("field", ""),
                    value=request.query_params.get("value", ""),
                ),
            }
        )

    def _step(self, request: Request, pk: int, step: str) -> Response:
        cycle = _cycle(request.user, pk)
        actor = signed_in(request.user)
        count = 0
        if step == "freeze":
            services.beneficiary_list_freeze(actor=actor, cycle=cycle)
        elif step == "generate":
            count = services.entitlements_compute(actor=actor, cycle=cycle)
        elif step == "approve":
            count = services.entitlements_approve(actor=actor, cycle=cycle)
        else:
            services.cycle_close(actor=actor, cycle=cycle)
        answer = _cycle_answer(request, cycle)
        if step == "freeze":
            count = answer["beneficiaries"]
        return Response({"cycle": answer, "count": count})

    @post_action(StepResultSerializer)
    def freeze(self, request: Request, pk: int) -> Response:
        """Draw the beneficiary list from the rules and freeze it; `count` is how many
        beneficiaries the frozen list holds (those added by hand before with them)."""
        return self._step(request, pk, "freeze")

    @post_action(StepResultSerializer)
    def generate(self, request: Request, pk: int) -> Response:
        """Generate the draft entitlements of the frozen list from the ration."""
        return self._step(request, pk, "generate")

    @post_action(StepResultSerializer)
    def approve(self, request: Request, pk: int) -> Response:
        """Approve the draft entitlements; refused (403) to whoever generated them."""
        return self._step(request, pk, "approve")

    @post_action(StepResultSerializer)
    def close(self, request: Request, pk: int) -> Response:
        """Close the cycle: what was not handed over expires."""
        return self._step(request, pk, "close")

    @post_action(CycleSerializer)
    def actuals(self, request: Request, pk: int) -> Response:
        """Send people reached and kilograms distributed to the project's indicator actuals;
        a cycle without a reporting period, or a locked period, answers 400."""
        cycle = _cycle(request.user, pk)
        services.cycle_actuals_feed(actor=signed_in(request.user), cycle=cycle)
        return Response(_cycle_answer(request, cycle))

    @post_action(BeneficiarySerializer, body=BeneficiaryAddSerializer, status=201)
    def beneficiaries(self, request: Request, pk: int) -> Response:
        """Add one person, household or institution of the cycle's country by hand."""
        return create_through(
            request,
            services.beneficiary_add,
            body=BeneficiaryAddSerializer,
            answer=BeneficiarySerializer,
            cycle=_cycle(request.user, pk),
        )

    @extend_schema(methods=["GET"], request=None, responses=MonitoringSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=MonitoringStartSerializer,
        responses={201: MonitoringStartedSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=MonitoringStartSerializer,
        pagination_class=None,
    )
    def monitoring(self, request: Request, pk: int) -> Response:
        """Post-distribution monitoring. GET: the cycle's rounds, each with its response rate
        and results per question. POST: draw a sample of the beneficiaries served (not
        institutions), reproducible from its seed, and invite each to the survey; the answer
        carries their links, which are given only once."""
        if request.method == "GET":
            cycle = _cycle(request.user, pk, None)
            rounds = selectors.cycle_monitorings(user=request.user, cycle=cycle)
            return Response(MonitoringSerializer(rounds, many=True).data)
        cycle = _cycle(request.user, pk, AssistancePerm.RUN_MONITORING)
        sampling = read_body(MonitoringStartSerializer, request)
        monitoring, links = services.monitoring_start(
            actor=signed_in(request.user), cycle=cycle, **sampling
        )
        answered = selectors.MonitoringResults(monitoring, 0, [])
        return Response(
            MonitoringStartedSerializer({"monitoring": answered, "links": links}).data,
            status=status.HTTP_201_CREATED,
        )


class RationLineViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[RationLine]):
    """Rations and baskets: how much of each commodity, in its own unit, per the cycle's kind;
    POST sets a line (again for the same commodity: changes it)."""

    serializer_class = RationLineSerializer
    queryset = RationLine.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("cycle",)
    scope_perm = AssistancePerm.VIEW_ASSISTANCE

    def get_queryset(self) -> QuerySet[RationLine]:
        cycles = selectors.cycle_list(user=self.request.user)
        return (
            RationLine.objects.filter(cycle__in=cycles.values("pk"))
            .select_related("commodity")
            .order_by("cycle", "commodity__name", "pk")
        )

    def perform_create(self, serializer: serializers.BaseSerializer[RationLine]) -> None:
        values = serializer.validated_data
        cycle = _cycle(self.request.user, values["cycle"].pk)
        serializer.instance = services.ration_line_set(
            actor=signed_in(self.request.user),
            cycle=cycle,
            commodity=values["commodity"],
            quantity=values["quantity"],
        )


class EntitlementViewSet(viewsets.ReadOnlyModelViewSet[Entitlement]):
    """Entitlements to review, by cycle; generate and approve them on the cycle."""

    serializer_class = EntitlementSerializer
    queryset = Entitlement.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("cycle", "status", "commodity")
    scope_perm = AssistancePerm.VIEW_ASSISTANCE

    def get_queryset(self) -> QuerySet[Entitlement]:
        cycles = selectors.cycle_list(user=self.request.user)
        return (
            Entitlement.objects.filter(cycle__in=cycles.values("pk"))
            .select_related("beneficiary", "commodity")
            .order_by("cycle", "beneficiary__reference", "commodity__name", "pk")
        )

    @post_action(EntitlementSerializer)
    def cancel(self, request: Request, pk: int) -> Response:
        """Cancel an entitlement not yet distributed; a distributed one answers 409."""
        return perform_action(
            request,
            services.entitlement_cancel,
            answer=EntitlementSerializer,
            entitlement=_entitlement(request.user, pk, MANAGE),
        )

    @post_action(EntitlementSerializer, body=ReduceSerializer)
    def reduce(self, request: Request, pk: int) -> Response:
        """Lower an open entitlement (a ration cut): never up, never below what was handed
        over; a closed one answers 409."""
        return perform_action(
            request,
            services.entitlement_reduce,
            body=ReduceSerializer,
            answer=EntitlementSerializer,
            entitlement=_entitlement(request.user, pk, MANAGE),
        )


class DistributionFilter(django_filters.FilterSet):
    lot = django_filters.ModelChoiceFilter(
        field_name="draws__lot", queryset=Lot.objects.all(), distinct=True, label="Lot drawn from"
    )

    class Meta:
        model = Distribution
        fields = ("site", "entitlement__cycle", "lot")


class DistributionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Distribution]):
    """Distributions in the caller's countries, newest first; POST records one against an
    entitlement (first expiry first out), …/bulk/ a whole list, …/reverse/ corrects one."""

    serializer_class = DistributionSerializer
    queryset = Distribution.objects.none()  # the schema's model; rows come from get_queryset
    filterset_class = DistributionFilter
    scope_perm = AssistancePerm.VIEW_ASSISTANCE

    def get_queryset(self) -> QuerySet[Distribution]:
        return (
            selectors.distribution_list(user=self.request.user)
            .select_related("entitlement__commodity")
            .prefetch_related("draws")
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Distribution]) -> None:
        values = serializer.validated_data
        entitlement = _entitlement(self.request.user, values["entitlement"].pk, RECORD)
        with keyed_by_field():
            serializer.instance = services.distribution_record(
                actor=signed_in(self.request.user),
                entitlement=entitlement,
                site=values["site"],
                quantity=values["quantity"],
                distributed_on=values["distributed_on"],
                reference=values.get("reference", ""),
                collector=values.get("collector", Collector.BENEFICIARY),
            )

    @post_action(BulkResultSerializer, body=BulkSerializer, status=201, detail=False)
    def bulk(self, request: Request) -> Response:
        """Record a whole list: every row or none; a refused list answers 400 with every bad
        row named by its place under `rows`."""
        values = read_body(BulkSerializer, request)
        cycle = _cycle(request.user, values["cycle"].pk, RECORD)
        made = services.distribution_batch_record(
            actor=signed_in(request.user),
            cycle=cycle,
            commodity=values["commodity"],
            site=values["site"],
            distributed_on=values["distributed_on"],
            rows=[
                BatchRow(row["reference"], row["quantity"], place)
                for place, row in enumerate(values["rows"], start=1)
            ],
        )
        return Response({"recorded": len(made)}, status=status.HTTP_201_CREATED)

    @post_action(DistributionSerializer, body=ReasonSerializer, status=201)
    def reverse(self, request: Request, pk: int) -> Response:
        """Correct a distribution with a reversing entry; the goods go back to their lots."""
        distribution = selectors.record_for_user(
            Distribution.objects.all(), request.user, pk, write=RECORD
        )
        return create_through(
            request,
            services.distribution_reverse,
            body=ReasonSerializer,
            answer=DistributionSerializer,
            distribution=distribution,
        )


class TraceQuantitiesSerializer(serializers.Serializer[Any]):
    """Quantities at each step of the chain, all in `unit` (kg for food)."""

    received = kilograms()
    dispatched = kilograms()
    in_transit = kilograms()
    delivered = kilograms()
    lost_in_transit = kilograms()
    lost_in_store = kilograms()
    lost = kilograms("Lost in transit and in store.")
    distributed = kilograms()
    distributed_at_origin = kilograms()
    distributed_at_destination = kilograms()
    in_stock = kilograms()
    in_stock_at_origin = kilograms()
    in_stock_at_destination = kilograms()
    institution_kg = kilograms("Handed to institutions (counted by headcount, not people).")
    unit = serializers.CharField()


class BySexSerializer(serializers.Serializer[Any]):
    female = serializers.IntegerField()
    male = serializers.IntegerField()
    not_recorded = serializers.IntegerField()


class ByAgeGroupSerializer(serializers.Serializer[Any]):
    children = serializers.IntegerField()
    adults = serializers.IntegerField()
    elderly = serializers.IntegerField()


class PeopleReachedSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField()
    by_sex = BySexSerializer()
    by_age_group = ByAgeGroupSerializer()
    by_displacement = serializers.DictField(child=serializers.IntegerField())


class TraceSerializer(TraceQuantitiesSerializer):
    person_days = serializers.DecimalField(max_digits=None, decimal_places=None)
    people_reached = PeopleReachedSerializer()
    in_stock_by_site = SiteQuantitySerializer(many=True)


class PledgeTraceSerializer(TraceSerializer):
    pledge = serializers.CharField(help_text="The pledge's reference.")


class LotTraceSerializer(TraceSerializer):
    lot = serializers.CharField(help_text="The lot's reference.")


class PledgeTraceViewSet(viewsets.ViewSet):
    """The pledge-to-plate trace of a pledge: kilograms at each step and people reached."""

    queryset = Pledge.objects.none()  # the schema's model: the path's id is a pledge's

    @extend_schema(responses=PledgeTraceSerializer)
    def retrieve(self, request: Request, pk: int) -> Response:
        pledges = Pledge.objects.select_related("donor")
        pledge = record_of_path_among(self, pledges, perm=AssistancePerm.VIEW_TRACE)
        trace = selectors.pledge_trace(user=request.user, pledge_id=pledge.pk)
        return Response({"pledge": pledge.reference, **trace.as_dict()})


class LotTraceViewSet(viewsets.ViewSet):
    """The trace of one lot."""

    queryset = Lot.objects.none()  # the schema's model: the path's id is a lot's

    @extend_schema(responses=LotTraceSerializer)
    def retrieve(self, request: Request, pk: int) -> Response:
        lots = Lot.objects.select_related("commodity", "donor", "pledge")
        lot = record_of_path_among(self, lots, perm=AssistancePerm.VIEW_TRACE)
        trace = selectors.lot_trace(user=request.user, lot_id=lot.pk)
        return Response({"lot": lot.reference, **trace.as_dict()})


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("assistance/cycles", CycleViewSet, basename="assistance-cycle")
    router.register("assistance/rations", RationLineViewSet, basename="assistance-ration")
    router.register(
        "assistance/entitlements", EntitlementViewSet, basename="assistance-entitlement"
    )
    router.register(
        "assistance/distributions", DistributionViewSet, basename="assistance-distribution"
    )
    router.register("assistance/point", DistributionPointViewSet, basename="assistance-point")
    router.register("trace/pledges", PledgeTraceViewSet, basename="trace-pledge")
    router.register("trace/lots", LotTraceViewSet, basename="trace-lot")
