"""REST endpoints for policy records; reads go through selectors, writes through services."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import fetch, require_permission, signed_in
from sunbula.core.api import (
    ImportRefusalSerializer,
    LocalizedTextField,
    ScopedRelatedField,
    ScopedSlugRelatedField,
    ServicePatchMixin,
    ServiceRemoveWithReasonMixin,
    children_action,
    country_shown_by_iso3,
    create_through,
    import_refusal,
    perform_action,
    post_action,
    read_body,
)
from sunbula.core.models import Country
from sunbula.policy import selectors, services
from sunbula.policy.access import PROFILE_RECORDS, fetch_profile, fetch_profile_record
from sunbula.policy.errors import ImportRejected
from sunbula.policy.forms import (
    CoordinatingBodyForm,
    DecisionForm,
    LegalInstrumentForm,
    StrategyForm,
)
from sunbula.policy.models import (
    AssessmentFramework,
    CoordinatingBody,
    Criterion,
    CriterionScore,
    IndicatorValue,
    LegalInstrument,
    PolicyDecision,
    PolicyProfile,
    ReportSnapshot,
    Strategy,
)
from sunbula.policy.permissions import PolicyPerm


def member_state_by_iso3(perm: str) -> ScopedSlugRelatedField:
    """A member state by its ISO3 code, among those where the caller holds `perm`: one outside
    them is refused like one that does not exist."""
    return ScopedSlugRelatedField(
        perm=perm,
        slug_field="iso3",
        queryset=Country.objects.filter(member_state__isnull=False),
    )


class PolicyProfileSerializer(serializers.ModelSerializer[PolicyProfile]):
    country = country_shown_by_iso3()

    class Meta:
        model = PolicyProfile
        fields: tuple[str, ...] = (
            "id",
            "country",
            "status",
            "validated_at",
            "published_at",
            "is_illustrative",
        )


class ProfileCreateSerializer(serializers.Serializer[Any]):
    """A new draft profile: a member state among those whose profiles the caller edits."""

    country = member_state_by_iso3(PolicyPerm.EDIT_PROFILE)


# A profile's records with the fields their pages take, and the names in other languages; the
# answer adds the record's id.
class StrategySerializer(serializers.ModelSerializer[Strategy]):
    class Meta:
        model = Strategy
        fields = ("id", *StrategyForm.Meta.fields, "name_translations")
        read_only_fields = ("id",)


class LegalInstrumentSerializer(serializers.ModelSerializer[LegalInstrument]):
    # Another text the caller may edit; the service holds it to the same country.
    amends = ScopedRelatedField(
        perm=PolicyPerm.EDIT_PROFILE,
        rule=PROFILE_RECORDS,
        queryset=LegalInstrument.objects.all(),
        optional=True,
    )
    repeals = ScopedRelatedField(
        perm=PolicyPerm.EDIT_PROFILE,
        rule=PROFILE_RECORDS,
        queryset=LegalInstrument.objects.all(),
        optional=True,
    )

    class Meta:
        model = LegalInstrument
        fields = ("id", *LegalInstrumentForm.Meta.fields, "name_translations")
        read_only_fields = ("id",)


class CoordinatingBodySerializer(serializers.ModelSerializer[CoordinatingBody]):
    class Meta:
        model = CoordinatingBody
        fields = ("id", *CoordinatingBodyForm.Meta.fields, "name_translations")
        read_only_fields = ("id",)


class PolicyDecisionSerializer(serializers.ModelSerializer[PolicyDecision]):
    class Meta:
        model = PolicyDecision
        fields = ("id", *DecisionForm.Meta.fields, "name_translations")
        read_only_fields = ("id",)


class PolicyProfileDetailSerializer(PolicyProfileSerializer):
    """One profile with what it holds."""

    strategies = StrategySerializer(many=True, read_only=True)
    legal_instruments = LegalInstrumentSerializer(many=True, read_only=True)
    coordinating_bodies = CoordinatingBodySerializer(many=True, read_only=True)
    decisions = PolicyDecisionSerializer(many=True, read_only=True)

    class Meta(PolicyProfileSerializer.Meta):
        fields = (
            *PolicyProfileSerializer.Meta.fields,
            "strategies",
            "legal_instruments",
            "coordinating_bodies",
            "decisions",
        )


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

    country = member_state_by_iso3(PolicyPerm.IMPORT_INDICATORS)

    class Meta:
        model = IndicatorValue
        fields = INDICATOR_VALUE_GIVEN
        validators: list[Any] = []  # a value held for that series, country and year is corrected


class ReportSnapshotSerializer(serializers.ModelSerializer[ReportSnapshot]):
    """A snapshot; a new one is asked for by its day alone, the rest is what it froze."""

    class Meta:
        model = ReportSnapshot
        fields = ("id", "taken_on", "content_sha256", "content")
        read_only_fields = ("id", "content_sha256", "content")


class PolicyProfileViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[PolicyProfile]):
    """Member-state policy profiles in the caller's countries, listed by the country's name
    in the request's language (`Accept-Language`), with their workflow steps; POST starts a
    draft, and a draft's strategies, legal texts, coordinating bodies and decisions are added
    at its own addresses (and corrected or removed at theirs)."""

    serializer_class = PolicyProfileSerializer
    queryset = PolicyProfile.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("status",)

    def get_queryset(self) -> QuerySet[PolicyProfile]:
        profiles = selectors.profile_list(user=self.request.user)
        # The list reads as the page does: by the country's name in the request's language.
        return selectors.by_country_as_read(profiles) if self.action == "list" else profiles

    def get_object(self) -> PolicyProfile:
        pk = self.kwargs["pk"]
        return fetch_profile(self.request.user, pk)

    @extend_schema(responses=PolicyProfileDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        profile = self.get_object()
        return Response(PolicyProfileDetailSerializer(profile).data)

    @extend_schema(request=ProfileCreateSerializer, responses={201: PolicyProfileSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Start the draft profile of a member state; a member state has one profile (409)."""
        require_permission(request.user, PolicyPerm.EDIT_PROFILE)
        return create_through(
            request,
            services.profile_create,
            body=ProfileCreateSerializer,
            answer=PolicyProfileSerializer,
        )

    def _add(self, request: Request, pk: int, add: Callable[..., Any], body: type[Any]) -> Response:
        """Add a record to a draft profile the caller edits (409 once it is not a draft)."""
        profile = fetch_profile(request.user, pk, write=PolicyPerm.EDIT_PROFILE)
        return create_through(request, add, body=body, profile=profile)

    @post_action(StrategySerializer, body=StrategySerializer, status=201)
    def strategies(self, request: Request, pk: int) -> Response:
        return self._add(request, pk, services.strategy_add, StrategySerializer)

    @post_action(
        LegalInstrumentSerializer,
        body=LegalInstrumentSerializer,
        status=201,
        url_path="legal-instruments",
    )
    def legal_instruments(self, request: Request, pk: int) -> Response:
        return self._add(request, pk, services.legal_instrument_add, LegalInstrumentSerializer)

    @post_action(
        CoordinatingBodySerializer,
        body=CoordinatingBodySerializer,
        status=201,
        url_path="coordinating-bodies",
    )
    def coordinating_bodies(self, request: Request, pk: int) -> Response:
        return self._add(request, pk, services.coordinating_body_add, CoordinatingBodySerializer)

    @post_action(PolicyDecisionSerializer, body=PolicyDecisionSerializer, status=201)
    def decisions(self, request: Request, pk: int) -> Response:
        return self._add(request, pk, services.decision_add, PolicyDecisionSerializer)

    def _step(self, request: Request, step: Callable[..., PolicyProfile]) -> Response:
        """Move the profile one step along its workflow; the service checks who may."""
        return perform_action(
            request, step, answer=PolicyProfileSerializer, profile=self.get_object()
        )

    @post_action(PolicyProfileSerializer)
    def submit(self, request: Request, pk: int) -> Response:
        return self._step(request, services.profile_submit)

    @post_action(PolicyProfileSerializer)
    def validate(self, request: Request, pk: int) -> Response:
        return self._step(request, services.profile_validate)

    @post_action(PolicyProfileSerializer)
    def publish(self, request: Request, pk: int) -> Response:
        return self._step(request, services.profile_publish)

    @post_action(PolicyProfileSerializer)
    def reopen(self, request: Request, pk: int) -> Response:
        """Take the profile back to draft to change it; it is validated and published again."""
        return self._step(request, services.profile_reopen)


class IndicatorsImportedSerializer(serializers.Serializer[Any]):
    rows = serializers.IntegerField()
    left_aside = serializers.IntegerField(help_text="Breakdown rows (by sex, age, …) left aside.")


class IndicatorImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()
    retrieved_on = serializers.DateField()
    source = serializers.CharField(max_length=120, default="UN SDG Global Database")  # type: ignore[assignment]


class IndicatorValueViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[IndicatorValue]):
    """SDG 2 values by UN series code and year, in the caller's countries, listed by the
    country's name in the request's language (`Accept-Language`), then by series and the latest
    year first; POST records one (or corrects the one held for that series, country and year)
    where the caller imports values."""

    serializer_class = IndicatorValueSerializer
    queryset = IndicatorValue.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("series_code", "year")

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        values = selectors.indicator_list(
            user=self.request.user, country=self.request.query_params.get("country", "")
        )
        # The list reads as the pages do: by the country's name in the request's language.
        return selectors.indicators_as_read(values) if self.action == "list" else values

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

    @post_action(
        IndicatorsImportedSerializer,
        body=IndicatorImportSerializer,
        status=201,
        refusals={422: ImportRefusalSerializer},
        detail=False,
    )
    def import_file(self, request: Request) -> Response:
        """Import a UN SDG database download (CSV or XLSX); 422 lists every bad row and
        writes nothing."""
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


class ReportSnapshotViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[ReportSnapshot]):
    """Dated snapshots of published profiles that the comparative report is built from; POST
    takes one of the profiles as published on `taken_on`, where the caller builds reports."""

    serializer_class = ReportSnapshotSerializer
    queryset = ReportSnapshot.objects.none()  # the schema's model; rows come from get_queryset

    def get_queryset(self) -> QuerySet[ReportSnapshot]:
        return selectors.snapshot_list(user=self.request.user)

    @extend_schema(request=ReportSnapshotSerializer, responses={201: ReportSnapshotSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Take a snapshot of a day from 2000-01-01 to today (400 on `taken_on` otherwise)."""
        require_permission(request.user, PolicyPerm.BUILD_REPORT)
        return create_through(request, services.report_snapshot_take, body=ReportSnapshotSerializer)


class _ProfileRecordViewSet(
    ServiceRemoveWithReasonMixin,
    ServicePatchMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Any],
):
    """A record of a profile the caller sees; PATCH corrects the fields given, and POST
    …/remove/ removes one added in error (with a reason, which the audit log keeps), while
    the profile is a draft (409 once it is not), where the caller edits its country's
    profile."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    write = PolicyPerm.EDIT_PROFILE

    def get_object(self) -> Any:
        return self.fetch_record(self.request.user, self.kwargs["pk"])


class StrategyViewSet(_ProfileRecordViewSet):
    """A strategy of a profile the caller sees; PATCH corrects it, POST …/remove/ removes it
    (with a reason), while the profile is a draft."""

    serializer_class = StrategySerializer
    change_serializer_class = StrategySerializer
    queryset = Strategy.objects.none()  # the schema's model; the record comes from get_object
    fetch_record = staticmethod(partial(fetch_profile_record, Strategy))
    record_name = "strategy"
    update_service = staticmethod(services.strategy_update)
    remove_service = staticmethod(services.strategy_remove)


class LegalInstrumentViewSet(_ProfileRecordViewSet):
    """A legal text of a profile the caller sees; PATCH corrects it (it amends or repeals
    only texts of its own country, and not itself), POST …/remove/ removes it (with a
    reason), while the profile is a draft. A text that another text still amends or repeals
    is not removed: 409 names them."""

    serializer_class = LegalInstrumentSerializer
    change_serializer_class = LegalInstrumentSerializer
    queryset = LegalInstrument.objects.none()  # the schema's model; the record from get_object
    fetch_record = staticmethod(partial(fetch_profile_record, LegalInstrument))
    record_name = "instrument"
    update_service = staticmethod(services.legal_instrument_update)
    remove_service = staticmethod(services.legal_instrument_remove)


class CoordinatingBodyViewSet(_ProfileRecordViewSet):
    """A coordinating body of a profile the caller sees; PATCH corrects it, POST …/remove/
    removes it (with a reason), while the profile is a draft."""

    serializer_class = CoordinatingBodySerializer
    change_serializer_class = CoordinatingBodySerializer
    queryset = CoordinatingBody.objects.none()  # the schema's model; the record: get_object
    fetch_record = staticmethod(partial(fetch_profile_record, CoordinatingBody))
    record_name = "coordinating_body"
    update_service = staticmethod(services.coordinating_body_update)
    remove_service = staticmethod(services.coordinating_body_remove)


class PolicyDecisionViewSet(_ProfileRecordViewSet):
    """A policy decision of a profile the caller sees; PATCH corrects it, POST …/remove/
    removes it (with a reason), while the profile is a draft."""

    serializer_class = PolicyDecisionSerializer
    change_serializer_class = PolicyDecisionSerializer
    queryset = PolicyDecision.objects.none()  # the schema's model; the record: get_object
    fetch_record = staticmethod(partial(fetch_profile_record, PolicyDecision))
    record_name = "decision"
    update_service = staticmethod(services.decision_update)
    remove_service = staticmethod(services.decision_remove)


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


# What a score gives besides its criterion, which is named by its code in the framework.
SCORE_GIVEN = ("country", "year", "score", "evidence", "evidence_translations")


class CriterionScoreSerializer(serializers.ModelSerializer[CriterionScore]):
    criterion = serializers.SlugRelatedField[Criterion](slug_field="code", read_only=True)
    country = country_shown_by_iso3()

    class Meta:
        model = CriterionScore
        fields = ("id", "criterion", *SCORE_GIVEN)


class CriterionScoreInput(serializers.ModelSerializer[CriterionScore]):
    """A country scored against one of the framework's criteria for a year, with the evidence:
    a member state among those the caller assesses (one outside them is refused like one that
    does not exist), by ISO3 code. A score held for that criterion, country and year is
    corrected."""

    criterion = serializers.CharField(max_length=20, help_text="The criterion's code.")
    country = member_state_by_iso3(PolicyPerm.MANAGE_ASSESSMENT)

    class Meta:
        model = CriterionScore
        fields = ("criterion", *SCORE_GIVEN)
        validators: list[Any] = []  # a score held for that criterion, country and year is corrected


def _criterion_of(framework: AssessmentFramework, code: str) -> Criterion:
    """The framework's criterion with `code` (400 on `criterion` if it has none)."""
    criterion = framework.criteria.filter(code=code).first()
    if criterion is None:
        refusal = _("%(framework)s has no criterion %(code)s.") % {
            "framework": framework.code,
            "code": code,
        }
        raise ValidationError({"criterion": [refusal]})
    return criterion


class FrameworkViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[AssessmentFramework]):
    """Assessment frameworks with their criteria; POST publishes one (a code in use: its
    next version), and …/scores/ lists and records how countries meet its criteria."""

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

    @children_action(CriterionScoreSerializer, body=CriterionScoreInput)
    def scores(self, request: Request, pk: int) -> Response:
        """The framework's scores in the caller's countries, by the country's name in the
        request's language (`Accept-Language`), then the latest year first; POST scores a country the
        caller assesses against one of its criteria for a year, with the evidence (or
        corrects the score held for that criterion, country and year)."""
        framework = fetch(AssessmentFramework, request.user, pk, perm=PolicyPerm.VIEW_PROFILE)
        if request.method == "GET":
            scores = selectors.score_list(user=request.user, framework=framework)
            return Response(CriterionScoreSerializer(scores, many=True).data)
        require_permission(request.user, PolicyPerm.MANAGE_ASSESSMENT)
        values = read_body(CriterionScoreInput, request)
        criterion = _criterion_of(framework, values.pop("criterion"))
        score = services.score_record(actor=signed_in(request.user), criterion=criterion, **values)
        return Response(CriterionScoreSerializer(score).data, status=status.HTTP_201_CREATED)


def register(router: DefaultRouter) -> None:
    router.register("policy-profiles", PolicyProfileViewSet, basename="policy-profile")
    router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
    router.register("report-snapshots", ReportSnapshotViewSet, basename="report-snapshot")
    router.register("policy-strategies", StrategyViewSet, basename="policy-strategy")
    router.register("legal-instruments", LegalInstrumentViewSet, basename="legal-instrument")
    router.register(
        "coordinating-bodies", CoordinatingBodyViewSet, basename="policy-coordinating-body"
    )
    router.register("policy-decisions", PolicyDecisionViewSet, basename="policy-decision")
    router.register("assessment-frameworks", FrameworkViewSet, basename="assessment-framework")
