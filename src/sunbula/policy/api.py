"""REST endpoints for policy records; reads go through selectors, writes through services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import require_permission, signed_in
from sunbula.core.api import (
    ImportRefusalSerializer,
    LocalizedTextField,
    ScopedSlugRelatedField,
    country_shown_by_iso3,
    create_through,
    import_refusal,
    perform_action,
    read_body,
)
from sunbula.core.models import Country
from sunbula.policy import selectors, services
from sunbula.policy.access import fetch_profile
from sunbula.policy.errors import ImportRejected
from sunbula.policy.models import (
    AssessmentFramework,
    Criterion,
    IndicatorValue,
    PolicyProfile,
    ReportSnapshot,
)
from sunbula.policy.permissions import PolicyPerm


class PolicyProfileSerializer(serializers.ModelSerializer[PolicyProfile]):
    country = country_shown_by_iso3()

    class Meta:
        model = PolicyProfile
        fields = ("id", "country", "status", "validated_at", "published_at", "is_illustrative")


# What a value recorded by hand gives; the API shows it with its id and demonstration flag.
INDICATOR_VALUE_GIVEN = (
    "country",
    "series_code",
    "year",
    "value",
    "qualifier",
    "units",
    "source",
    "retrieved_on",
)


class IndicatorValueSerializer(serializers.ModelSerializer[IndicatorValue]):
    country = country_shown_by_iso3()

    class Meta:
        model = IndicatorValue
        fields = ("id", *INDICATOR_VALUE_GIVEN, "is_illustrative")


class IndicatorValueInput(serializers.ModelSerializer[IndicatorValue]):
    """A value recorded by hand: a member state among those the caller may record for (one
    outside them is refused like one that does not exist), by ISO3 code."""

    country = ScopedSlugRelatedField(
        perm=PolicyPerm.IMPORT_INDICATORS,
        slug_field="iso3",
        queryset=Country.objects.filter(member_state__isnull=False),
    )

    class Meta:
        model = IndicatorValue
        fields = INDICATOR_VALUE_GIVEN
        validators: list[Any] = []  # a value held for that series, country and year is corrected


class ReportSnapshotSerializer(serializers.ModelSerializer[ReportSnapshot]):
    class Meta:
        model = ReportSnapshot
        fields = ("id", "taken_on", "content_sha256", "content")


class PolicyProfileViewSet(viewsets.ReadOnlyModelViewSet[PolicyProfile]):
    """Member-state policy profiles in the caller's countries, with their workflow steps."""

    serializer_class = PolicyProfileSerializer
    queryset = PolicyProfile.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("status",)

    def get_queryset(self) -> QuerySet[PolicyProfile]:
        return selectors.profile_list(user=self.request.user)

    def get_object(self) -> PolicyProfile:
        pk = self.kwargs["pk"]
        return fetch_profile(self.request.user, pk)

    def _step(self, request: Request, step: Callable[..., PolicyProfile]) -> Response:
        """Move the profile one step along its workflow; the service checks who may."""
        return perform_action(
            request, step, answer=PolicyProfileSerializer, profile=self.get_object()
        )

    @extend_schema(request=None, responses=PolicyProfileSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: int) -> Response:
        return self._step(request, services.profile_submit)

    @extend_schema(request=None, responses=PolicyProfileSerializer)
    @action(detail=True, methods=["post"])
    def validate(self, request: Request, pk: int) -> Response:
        return self._step(request, services.profile_validate)

    @extend_schema(request=None, responses=PolicyProfileSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: int) -> Response:
        return self._step(request, services.profile_publish)


class IndicatorsImportedSerializer(serializers.Serializer[Any]):
    rows = serializers.IntegerField()
    left_aside = serializers.IntegerField(help_text="Breakdown rows (by sex, age, …) left aside.")


class IndicatorImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()
    retrieved_on = serializers.DateField()
    source = serializers.CharField(max_length=120, default="UN SDG Global Database")  # type: ignore[assignment]


class IndicatorValueViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[IndicatorValue]):
    """SDG 2 values by UN series code and year, in the caller's countries; POST records one
    (or corrects the one held for that series, country and year) where the caller imports
    values."""

    serializer_class = IndicatorValueSerializer
    queryset = IndicatorValue.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("series_code", "year")

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        return selectors.indicator_list(
            user=self.request.user, country=self.request.query_params.get("country", "")
        )

    @extend_schema(request=IndicatorValueInput, responses={201: IndicatorValueSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a value, or correct the one held for that series, country and year."""
        require_permission(request.user, PolicyPerm.IMPORT_INDICATORS)
        return create_through(
            request,
            services.indicator_value_record,
            body=IndicatorValueInput,
            answer=IndicatorValueSerializer,
            listed=selectors.indicator_list(user=request.user),
        )

    @extend_schema(
        request=IndicatorImportSerializer,
        responses={201: IndicatorsImportedSerializer, 422: ImportRefusalSerializer},
    )
    @action(detail=False, methods=["post"], serializer_class=IndicatorImportSerializer)
    def import_file(self, request: Request) -> Response:
        """Import a UN SDG database CSV; 422 lists every bad row and writes nothing."""
        countries = list(selectors.indicator_import_countries(user=request.user))
        form = read_body(IndicatorImportSerializer, request)
        try:
            result = services.indicator_values_import(
                actor=signed_in(request.user),
                content=form["file"],
                retrieved_on=form["retrieved_on"],
                source=form["source"],
                countries=countries,
            )
        except ImportRejected as rejected:
            return import_refusal(rejected)
        return Response(
            {"rows": result.rows, "left_aside": result.left_aside}, status=status.HTTP_201_CREATED
        )


class ReportSnapshotViewSet(viewsets.ReadOnlyModelViewSet[ReportSnapshot]):
    """Dated snapshots of published profiles that the comparative report is built from."""

    serializer_class = ReportSnapshotSerializer
    queryset = ReportSnapshot.objects.none()  # the schema's model; rows come from get_queryset

    def get_queryset(self) -> QuerySet[ReportSnapshot]:
        return selectors.snapshot_list(user=self.request.user)


class CriterionSerializer(serializers.ModelSerializer[Criterion]):
    local_name = LocalizedTextField()

    class Meta:
        model = Criterion
        fields = ("code", "order", "name", "name_translations", "local_name")
        read_only_fields = ("order",)


class FrameworkSerializer(serializers.ModelSerializer[AssessmentFramework]):
    local_name = LocalizedTextField()
    criteria = CriterionSerializer(many=True)

    class Meta:
        model = AssessmentFramework
        fields = (
            "id",
            "code",
            "version",
            "name",
            "name_translations",
            "local_name",
            "reference",
            "criteria",
        )
        read_only_fields = ("id", "version")
        validators: list[Any] = []  # a code in use publishes its next version

    def validate_criteria(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        codes = [row["code"] for row in value]
        if not codes:
            raise serializers.ValidationError(_("Give at least one criterion."))
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError(_("Each criterion needs its own code."))
        return value


class FrameworkViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[AssessmentFramework]):
    """Assessment frameworks with their criteria; POST publishes one (a code in use: its
    next version)."""

    serializer_class = FrameworkSerializer
    queryset = AssessmentFramework.objects.none()  # the schema's model; rows come from get_queryset

    def get_queryset(self) -> QuerySet[AssessmentFramework]:
        return selectors.framework_list(user=self.request.user).prefetch_related("criteria")

    @extend_schema(request=FrameworkSerializer, responses={201: FrameworkSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_permission(request.user, PolicyPerm.MANAGE_ASSESSMENT)
        values = read_body(FrameworkSerializer, request)
        criteria = [
            (row["code"], row["name"], row.get("name_translations") or {})
            for row in values.pop("criteria")
        ]
        framework = services.framework_create(
            actor=signed_in(request.user), criteria=criteria, **values
        )
        return Response(FrameworkSerializer(framework).data, status=status.HTTP_201_CREATED)


def register(router: DefaultRouter) -> None:
    router.register("policy-profiles", PolicyProfileViewSet, basename="policy-profile")
    router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
    router.register("report-snapshots", ReportSnapshotViewSet, basename="report-snapshot")
    router.register("assessment-frameworks", FrameworkViewSet, basename="assessment-framework")
