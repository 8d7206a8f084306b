"""REST endpoints of this domain, registered on the /api/v1/ router.

Reads come from selectors (scoped by the project's recipient country), writes call services.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import require_permission, signed_in
from sunbula.core.api import (
    CreateAndPatchMixin,
    LocalizedTextField,
    RecordActionsMixin,
    ScopedRelatedField,
    ScopedSlugRelatedField,
    ServicePatchMixin,
    ServiceRemoveMixin,
    ServiceRemoveWithReasonMixin,
    ServiceWritesMixin,
    country_by_iso3,
    country_shown_by_iso3,
    create_through,
    currency_by_code,
    currency_shown_by_code,
    organisation_by_id,
    post_action,
    read_body,
    record_of_path,
)
from sunbula.core.models import Country
from sunbula.core.openapi import rule_unmet
from sunbula.programmes import asset_api, selectors, services
from sunbula.programmes.access import (
    fetch_budget,
    fetch_decision,
    fetch_document,
    fetch_indicator,
    fetch_period,
    fetch_programme,
    fetch_project,
    fetch_result,
    require_programme_manager,
)
from sunbula.programmes.models import (
    AgeGroup,
    Budget,
    Displacement,
    GoverningBodyDecision,
    Indicator,
    IndicatorActual,
    IndicatorTarget,
    ParticipatingOrganisation,
    Programme,
    Project,
    ProjectDocument,
    ProjectLocation,
    ProjectSector,
    ReportingPeriod,
    Result,
    Sex,
    TargetGroup,
)
from sunbula.programmes.permissions import ProgrammePerm


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    """A programme with all that a client writes of it (`ProgrammeWriteSerializer`)."""

    local_name = LocalizedTextField()

    class Meta:
        model = Programme
        fields = (
            "id",
            "code",
            "name",
            "name_translations",
            "local_name",
            "description",
            "description_translations",
            "reporting_organisation",
            "iati_reporting_ref",
        )


class LocationSerializer(serializers.ModelSerializer[ProjectLocation]):
    p_code = serializers.CharField(source="admin_area.p_code")
    name = serializers.CharField(source="admin_area.name")

    class Meta:
        model = ProjectLocation
        fields = ("p_code", "name", "percentage")


class SectorSerializer(serializers.ModelSerializer[ProjectSector]):
    class Meta:
        model = ProjectSector
        fields = ("vocabulary", "code", "percentage")
        read_only_fields = ("vocabulary",)


class LocationInputSerializer(serializers.Serializer[ProjectLocation]):
    p_code = serializers.CharField(max_length=20)
    percentage = serializers.DecimalField(max_digits=5, decimal_places=2)


class ParticipantSerializer(serializers.ModelSerializer[ParticipatingOrganisation]):
    organisation = serializers.CharField(source="organisation.name")

    class Meta:
        model = ParticipatingOrganisation
        fields = ("organisation", "role", "funding_share")


class ProjectSerializer(serializers.ModelSerializer[Project]):
    """A project with all that a client writes of it (`ProjectWriteSerializer`), and its
    locations, sectors and participants."""

    local_title = LocalizedTextField()
    programme = serializers.CharField(source="programme.code")
    recipient_country = country_shown_by_iso3(allow_null=True)
    currency = currency_shown_by_code()
    locations = LocationSerializer(many=True, read_only=True)
    sectors = SectorSerializer(many=True, read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = (
            "id",
            "code",
            "title",
            "title_translations",
            "local_title",
            "description",
            "description_translations",
            "programme",
            "recipient_country",
            "recipient_region",
            "status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "currency",
            "humanitarian",
            "humanitarian_scope_type",
            "humanitarian_scope_code",
            "is_illustrative",
            "locations",
            "sectors",
            "participants",
        )


class ReportingPeriodSerializer(serializers.ModelSerializer[ReportingPeriod]):
    is_locked = serializers.BooleanField(read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = ("id", "project", "period_start", "period_end", "approved_at", "is_locked")
        read_only_fields = ("project", "approved_at")


class PeriodWriteSerializer(serializers.ModelSerializer[ReportingPeriod]):
    """A period to open: the project by id, among those the caller manages."""

    project = ScopedRelatedField(perm=ProgrammePerm.MANAGE_PROJECT, queryset=Project.objects.all())

    class Meta:
        model = ReportingPeriod
        fields = ("project", "period_start", "period_end")
        validators: list[Any] = []  # the service refuses a period that overlaps another


class PeriodChangeSerializer(serializers.ModelSerializer[ReportingPeriod]):
    """A period's corrected dates."""

    class Meta:
        model = ReportingPeriod
        fields = services.PERIOD_CHANGES


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    local_title = LocalizedTextField()

    class Meta:
        model = Indicator
        fields = ("id", "result", "local_title", *services.INDICATOR_CHANGES)
        read_only_fields = ("result",)


class IndicatorWriteSerializer(serializers.ModelSerializer[Indicator]):
    """A new indicator of a result, by id, of a project the caller manages."""

    result = ScopedRelatedField(perm=ProgrammePerm.MANAGE_PROJECT, queryset=Result.objects.all())

    class Meta:
        model = Indicator
        fields = ("result", *services.INDICATOR_CHANGES)


class IndicatorChangeSerializer(serializers.ModelSerializer[Indicator]):
    """What correcting an indicator may change; its result stays."""

    class Meta:
        model = Indicator
        fields = services.INDICATOR_CHANGES


class ResultSerializer(serializers.ModelSerializer[Result]):
    local_title = LocalizedTextField()
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Result
        fields = (
            "id",
            "project",
            "level",
            "title",
            "title_translations",
            "local_title",
            "indicators",
        )
        read_only_fields = ("project",)


class ResultWriteSerializer(serializers.ModelSerializer[Result]):
    """A new output, outcome or impact of a project the caller manages (by id)."""

    project = ScopedRelatedField(perm=ProgrammePerm.MANAGE_PROJECT, queryset=Project.objects.all())

    class Meta:
        model = Result
        fields = ("project", "level", "title", "title_translations")


class TargetInputSerializer(serializers.Serializer[IndicatorTarget]):
    indicator = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2)


class TargetSerializer(serializers.ModelSerializer[IndicatorTarget]):
    class Meta:
        model = IndicatorTarget
        fields = ("id", "indicator", "period", "value", "is_illustrative")


class ActualInputSerializer(serializers.Serializer[IndicatorActual]):
    indicator = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2)
    sex = serializers.ChoiceField(choices=[("", ""), *Sex.choices], required=False, default="")
    age_group = serializers.ChoiceField(
        choices=[("", ""), *AgeGroup.choices], required=False, default=""
    )
    displacement = serializers.ChoiceField(
        choices=[("", ""), *Displacement.choices], required=False, default=""
    )
    comment = serializers.CharField(required=False, default="", max_length=255)


class ActualSerializer(serializers.ModelSerializer[IndicatorActual]):
    class Meta:
        model = IndicatorActual
        fields = (
            "id",
            "indicator",
            "period",
            "sex",
            "age_group",
            "displacement",
            "value",
            "source",
        )


class UnlockSerializer(serializers.Serializer[ReportingPeriod]):
    reason = serializers.CharField(max_length=500)


class ProgrammeWriteSerializer(serializers.ModelSerializer[Programme]):
    """What a client sends to create or change a programme; the service writes it."""

    reporting_organisation = organisation_by_id()

    class Meta:
        model = Programme
        fields = services.PROGRAMME_INPUTS


class ProjectWriteSerializer(serializers.ModelSerializer[Project]):
    """A project as a client sends it: programme by code, recipient country by ISO3 code,
    limited to the countries where the caller manages projects."""

    programme = ScopedSlugRelatedField(
        perm=ProgrammePerm.MANAGE_PROJECT, slug_field="code", queryset=Programme.objects.all()
    )
    recipient_country = country_by_iso3(ProgrammePerm.MANAGE_PROJECT, optional=True)
    currency = currency_by_code()

    class Meta:
        model = Project
        fields = services.PROJECT_INPUTS

    def __init__(
        self, *args: Any, countries: QuerySet[Country] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if countries is not None:  # None: drawn for the schema, for no one in particular
            self.fields["recipient_country"].queryset = countries  # type: ignore[attr-defined]


class LocationsInputSerializer(serializers.Serializer[ProjectLocation]):
    locations = LocationInputSerializer(many=True)


class SectorsInputSerializer(serializers.Serializer[ProjectSector]):
    sectors = SectorSerializer(many=True)


class GoverningDecisionSerializer(serializers.ModelSerializer[GoverningBodyDecision]):
    local_body = LocalizedTextField()

    class Meta:
        model = GoverningBodyDecision
        fields = ("id", "programme", "local_body", *services.DECISION_CHANGES)
        read_only_fields = ("id", "programme")


class GoverningDecisionChangeSerializer(serializers.ModelSerializer[GoverningBodyDecision]):
    """What correcting a decision may change, and what recording one takes; its programme
    is the one of the path."""

    class Meta:
        model = GoverningBodyDecision
        fields = services.DECISION_CHANGES


class ProgrammeViewSet(ServiceWritesMixin, viewsets.ReadOnlyModelViewSet[Programme]):
    """Programmes, e.g. the Afghanistan Food Security Programme; POST and PATCH need the
    programme-manager permission in every country. POST …/decisions/ records a governing
    body's decision on one, for a caller who may change it."""

    serializer_class = ProgrammeSerializer
    write_serializer_class = change_serializer_class = ProgrammeWriteSerializer
    write_actions = ("create", "partial_update", "update")
    queryset = Programme.objects.none()  # the schema's model; rows come from get_queryset
    search_fields = ("name", "code")
    write = ProgrammePerm.MANAGE_PROGRAMME
    fetch_record = staticmethod(fetch_programme)
    record_name = "programme"
    create_service = staticmethod(services.programme_create)
    update_service = staticmethod(services.programme_update)

    def get_queryset(self) -> QuerySet[Programme]:
        return selectors.programme_list(user=self.request.user)

    def get_object(self) -> Programme:
        return fetch_programme(self.request.user, self.kwargs["pk"])

    def authorise_create(self, request: Request) -> None:
        require_programme_manager(request.user)

    @post_action(GoverningDecisionSerializer, body=GoverningDecisionChangeSerializer, status=201)
    def decisions(self, request: Request, pk: int) -> Response:
        """Record a governing body's decision on the programme (the same session again:
        correct it)."""
        programme = fetch_programme(request.user, pk, write=ProgrammePerm.MANAGE_PROGRAMME)
        return create_through(
            request,
            services.governing_decision_record,
            body=GoverningDecisionChangeSerializer,
            answer=GoverningDecisionSerializer,
            programme=programme,
        )


class TargetGroupSerializer(serializers.ModelSerializer[TargetGroup]):
    class Meta:
        model = TargetGroup
        fields = (
            "id",
            "group",
            "targeted",
            "targeted_female",
            "targeted_male",
            "reached",
            "is_illustrative",
        )
        read_only_fields = ("id",)
        validators: list[Any] = []  # setting a group again corrects it


class BudgetSerializer(serializers.ModelSerializer[Budget]):
    """A project's budget for one period, in the budget's currency (by its ISO 4217 code);
    what recording one takes, its project being the one of the path."""

    currency = currency_by_code()

    class Meta:
        model = Budget
        fields = (
            "id",
            "project",
            "period_start",
            "period_end",
            "amount",
            "currency",
            "status",
            "is_illustrative",
        )
        read_only_fields = ("id", "project", "is_illustrative")
        validators: list[Any] = []  # recording a period again corrects it


class DocumentSerializer(serializers.ModelSerializer[ProjectDocument]):
    class Meta:
        model = ProjectDocument
        fields = ("id", "project", *services.DOCUMENT_CHANGES)
        read_only_fields = ("id", "project")


class DocumentChangeSerializer(serializers.ModelSerializer[ProjectDocument]):
    """What correcting a document may change; its project stays."""

    class Meta:
        model = ProjectDocument
        fields = services.DOCUMENT_CHANGES


class DocumentViewSet(
    ServiceRemoveWithReasonMixin, ServicePatchMixin, viewsets.ReadOnlyModelViewSet[ProjectDocument]
):
    """Documents about the projects the caller sees (`?project=`); add one through
    /projects/{id}/documents/. PATCH corrects one, POST …/remove/ removes one attached by
    mistake (with a reason), where the caller manages projects."""

    serializer_class = DocumentSerializer
    change_serializer_class = DocumentChangeSerializer
    queryset = ProjectDocument.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("project",)
    scope_perm = ProgrammePerm.VIEW_PROJECT
    http_method_names = ["get", "post", "patch", "head", "options"]
    fetch_record = staticmethod(fetch_document)
    write = ProgrammePerm.MANAGE_PROJECT
    record_name = "document"
    update_service = staticmethod(services.document_update)
    remove_service = staticmethod(services.document_remove)

    def get_queryset(self) -> QuerySet[ProjectDocument]:
        return selectors.document_list(user=self.request.user)

    def get_object(self) -> ProjectDocument:
        return fetch_document(self.request.user, self.kwargs["pk"])


class BudgetViewSet(ServiceRemoveWithReasonMixin, viewsets.ReadOnlyModelViewSet[Budget]):
    """Period budgets of the projects the caller sees (`?project=`); record one through
    /projects/{id}/budgets/ (the same period again corrects it). POST …/remove/ removes one
    recorded by mistake (with a reason), where the caller manages projects."""

    serializer_class = BudgetSerializer
    queryset = Budget.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("project",)
    scope_perm = ProgrammePerm.VIEW_PROJECT
    http_method_names = ["get", "post", "head", "options"]
    fetch_record = staticmethod(fetch_budget)
    write = ProgrammePerm.MANAGE_PROJECT
    record_name = "budget"
    remove_service = staticmethod(services.budget_remove)

    def get_queryset(self) -> QuerySet[Budget]:
        return selectors.budget_list(user=self.request.user)

    def get_object(self) -> Budget:
        return fetch_budget(self.request.user, self.kwargs["pk"])


class GoverningDecisionViewSet(
    ServiceRemoveWithReasonMixin,
    ServicePatchMixin,
    viewsets.ReadOnlyModelViewSet[GoverningBodyDecision],
):
    """Governing-body decisions on the programmes the caller sees (`?programme=`); record
    one through /programmes/{id}/decisions/. PATCH corrects one, POST …/remove/ removes one
    recorded by mistake (with a reason), for a caller who may change its programme."""

    serializer_class = GoverningDecisionSerializer
    change_serializer_class = GoverningDecisionChangeSerializer
    queryset = GoverningBodyDecision.objects.none()  # the schema's model; rows: get_queryset
    filterset_fields = ("programme",)
    scope_perm = ProgrammePerm.VIEW_PROJECT
    http_method_names = ["get", "post", "patch", "head", "options"]
    fetch_record = staticmethod(fetch_decision)
    write = ProgrammePerm.MANAGE_PROGRAMME
    record_name = "decision"
    update_service = staticmethod(services.governing_decision_update)
    remove_service = staticmethod(services.governing_decision_remove)

    def get_queryset(self) -> QuerySet[GoverningBodyDecision]:
        return selectors.decision_list(user=self.request.user)

    def get_object(self) -> GoverningBodyDecision:
        return fetch_decision(self.request.user, self.kwargs["pk"])


class ProjectViewSet(
    RecordActionsMixin,
    CreateAndPatchMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet[Project],
):
    """Projects in the caller's countries (by recipient country); POST and PATCH in the
    countries where the caller manages projects; PUT replaces its locations or sectors."""

    serializer_class = ProjectSerializer
    write_serializer_class = ProjectWriteSerializer
    write_actions = ("create", "partial_update", "update")
    queryset = Project.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("status",)
    search_fields = ("title", "code")
    http_method_names = ["get", "post", "patch", "put", "head", "options"]
    fetch_record = staticmethod(fetch_project)
    write = ProgrammePerm.MANAGE_PROJECT
    record_name = "project"

    def get_queryset(self) -> QuerySet[Project]:
        return selectors.project_list(user=self.request.user).prefetch_related(
            "locations__admin_area", "sectors", "participants__organisation"
        )

    def get_object(self) -> Project:
        return fetch_project(self.request.user, self.kwargs["pk"])

    def get_serializer(self, *args: Any, **kwargs: Any) -> serializers.BaseSerializer[Project]:
        if self.get_serializer_class() is ProjectWriteSerializer:
            kwargs["countries"] = selectors.project_countries(user=self.request.user)
        return super().get_serializer(*args, **kwargs)

    @extend_schema(request=ProjectWriteSerializer, responses={201: ProjectSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_permission(request.user, ProgrammePerm.MANAGE_PROJECT)
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        project = services.project_create(actor=signed_in(request.user), **given.validated_data)
        return Response(ProjectSerializer(project).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProjectWriteSerializer, responses=ProjectSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        project = fetch_project(request.user, self.kwargs["pk"], write=ProgrammePerm.MANAGE_PROJECT)
        given = self.get_serializer(
            fetch_project(request.user, project.pk),
            data=request.data,
            partial=True,
        )
        given.is_valid(raise_exception=True)
        project = services.project_update(
            actor=signed_in(request.user), project=project, **given.validated_data
        )
        return Response(ProjectSerializer(project).data)

    @extend_schema(request=LocationsInputSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["put"], serializer_class=LocationsInputSerializer)
    def locations(self, request: Request, pk: int) -> Response:
        """Replace where the project works: [{"p_code": "AF32", "percentage": 100}]."""
        project = fetch_project(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
        locations = read_body(LocationsInputSerializer, request)["locations"]
        areas = {
            area.p_code: area
            for area in selectors.project_admin_areas(user=request.user, project=project)
        }
        rows = []
        for index, row in enumerate(locations):
            area = areas.get(row["p_code"])
            if area is None:
                raise ValidationError(
                    {"locations": [f"{index}: {row['p_code']} is not in the project's country."]}
                )
            rows.append((area, row["percentage"]))
        services.project_locations_set(
            actor=signed_in(request.user), project=project, locations=rows
        )
        return Response(ProjectSerializer(fetch_project(request.user, project.pk)).data)

    @extend_schema(request=SectorsInputSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["put"], serializer_class=SectorsInputSerializer)
    def sectors(self, request: Request, pk: int) -> Response:
        """Replace the project's DAC sectors: [{"code": "72040", "percentage": 100}]."""
        project = fetch_project(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
        sectors = read_body(SectorsInputSerializer, request)["sectors"]
        services.project_sectors_set(
            actor=signed_in(request.user),
            project=project,
            sectors=[(row["code"], row["percentage"]) for row in sectors],
        )
        return Response(ProjectSerializer(fetch_project(request.user, project.pk)).data)

    @post_action(TargetGroupSerializer, body=TargetGroupSerializer, url_path="target-groups")
    def target_groups(self, request: Request, pk: int) -> Response:
        """Set a group the project serves and how many (again for a group: correct it)."""
        body = TargetGroupSerializer
        return self.act(request, pk, services.target_group_set, body=body, answer=body)

    @post_action(DocumentSerializer, body=DocumentSerializer)
    def documents(self, request: Request, pk: int) -> Response:
        """Describe a document about the project (the same address again: correct it)."""
        body = DocumentSerializer
        return self.act(request, pk, services.document_add, body=body, answer=body)

    @post_action(BudgetSerializer, body=BudgetSerializer)
    def budgets(self, request: Request, pk: int) -> Response:
        """Record the project's budget for a period (the same period start again: correct
        it)."""
        body = BudgetSerializer
        return self.act(request, pk, services.budget_record, body=body, answer=body)


def _project_to_manage(request: Request, project: Project) -> None:
    """403 unless the caller manages the project (a link field checks only that it is seen)."""
    fetch_project(request.user, project.pk, write=ProgrammePerm.MANAGE_PROJECT)


# Refusals of a removal that reported figures depend on (services.FiguresRecorded).
FIGURES_RECORDED = rule_unmet("Actuals are recorded against it: it cannot be removed.")


class ResultViewSet(
    ServiceRemoveMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Result]
):
    """A project's results framework: outputs, outcomes and impacts with their indicators
    (`?project=`). POST adds one to a project the caller manages; DELETE removes one and its
    indicators, unless actuals are recorded against them."""

    serializer_class = ResultSerializer
    queryset = Result.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("project", "level")
    scope_perm = ProgrammePerm.VIEW_PROJECT
    http_method_names = ["get", "post", "delete", "head", "options"]
    record_name = "result"
    remove_service = staticmethod(services.result_remove)
    removal_refused = FIGURES_RECORDED

    def get_queryset(self) -> QuerySet[Result]:
        return selectors.result_list(user=self.request.user)

    def get_object(self) -> Result:
        return record_of_path(self, fetch_result, ProgrammePerm.MANAGE_PROJECT)

    @extend_schema(request=ResultWriteSerializer, responses={201: ResultSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        values = read_body(ResultWriteSerializer, request)
        _project_to_manage(request, values["project"])
        result = services.result_create(actor=signed_in(request.user), **values)
        return Response(ResultSerializer(result).data, status=status.HTTP_201_CREATED)


class IndicatorViewSet(
    ServicePatchMixin,
    ServiceRemoveMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet[Indicator],
):
    """Indicators of the results the caller sees (`?result=`). POST adds one to a result of
    a project the caller manages; PATCH corrects one (what its actuals are counted in and
    split by stays once one is recorded); DELETE removes one and its targets while no
    actual is recorded against it."""

    serializer_class = IndicatorSerializer
    change_serializer_class = IndicatorChangeSerializer
    queryset = Indicator.objects.none()  # the schema's model; rows come from get_queryset
    fetch_record = staticmethod(fetch_indicator)
    write = ProgrammePerm.MANAGE_PROJECT
    record_name = "indicator"
    update_service = staticmethod(services.indicator_update)
    remove_service = staticmethod(services.indicator_remove)
    removal_refused = FIGURES_RECORDED
    filterset_fields = ("result",)
    scope_perm = ProgrammePerm.VIEW_PROJECT
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Indicator]:
        return selectors.indicator_list(user=self.request.user)

    def get_object(self) -> Indicator:
        return record_of_path(self, fetch_indicator, ProgrammePerm.MANAGE_PROJECT)

    @extend_schema(request=IndicatorWriteSerializer, responses={201: IndicatorSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        values = read_body(IndicatorWriteSerializer, request)
        _project_to_manage(request, values["result"].project)
        indicator = services.indicator_create(actor=signed_in(request.user), **values)
        return Response(IndicatorSerializer(indicator).data, status=status.HTTP_201_CREATED)


class ReportingPeriodViewSet(
    ServicePatchMixin,
    ServiceRemoveMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet[ReportingPeriod],
):
    """Reporting periods of the projects the caller sees (`?project=`). POST opens one in a
    project the caller manages (within the project's dates, overlapping no other); PATCH
    corrects its dates and DELETE removes it (with its targets) while it is open and holds no
    actual. Record targets and actuals, approve (lock) and unlock with a reason."""

    serializer_class = ReportingPeriodSerializer
    change_serializer_class = PeriodChangeSerializer
    queryset = ReportingPeriod.objects.none()
    filterset_fields = ("project",)
    scope_perm = ProgrammePerm.VIEW_PROJECT
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    fetch_record = staticmethod(fetch_period)
    write = ProgrammePerm.MANAGE_PROJECT
    record_name = "period"
    update_service = staticmethod(services.reporting_period_update)
    remove_service = staticmethod(services.reporting_period_remove)
    removal_refused = FIGURES_RECORDED

    def get_queryset(self) -> QuerySet[ReportingPeriod]:
        return selectors.reporting_period_list(user=self.request.user)

    def get_object(self) -> ReportingPeriod:
        return record_of_path(self, fetch_period, ProgrammePerm.MANAGE_PROJECT)

    @extend_schema(request=PeriodWriteSerializer, responses={201: ReportingPeriodSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        values = read_body(PeriodWriteSerializer, request)
        _project_to_manage(request, values["project"])
        period = services.reporting_period_create(actor=signed_in(request.user), **values)
        return Response(ReportingPeriodSerializer(period).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=PeriodChangeSerializer,
        responses={200: ReportingPeriodSerializer, 422: FIGURES_RECORDED},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().partial_update(request, *args, **kwargs)

    @post_action(TargetSerializer, body=TargetInputSerializer)
    def targets(self, request: Request, pk: int) -> Response:
        """Set the value an indicator of the project should reach in the period (again for
        the same indicator: correct it)."""
        period = fetch_period(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
        data = read_body(TargetInputSerializer, request)
        indicator = fetch_indicator(
            request.user, data["indicator"], write=ProgrammePerm.MANAGE_PROJECT
        )
        target = services.indicator_target_set(
            actor=signed_in(request.user), indicator=indicator, period=period, value=data["value"]
        )
        return Response(TargetSerializer(target).data)

    @post_action(ActualSerializer, body=ActualInputSerializer, status=201)
    def actuals(self, request: Request, pk: int) -> Response:
        """Record what an indicator reached in the period, in total or for one group (sex,
        age group, displacement status); the same group again corrects its value."""
        period = fetch_period(request.user, pk, write=ProgrammePerm.RECORD_ACTUAL)
        data = read_body(ActualInputSerializer, request)
        indicator = fetch_indicator(
            request.user, data["indicator"], write=ProgrammePerm.RECORD_ACTUAL
        )
        actual = services.indicator_actual_record(
            actor=signed_in(request.user),
            indicator=indicator,
            period=period,
            value=data["value"],
            disaggregation=services.Disaggregation(
                sex=data["sex"], age_group=data["age_group"], displacement=data["displacement"]
            ),
            comment=data["comment"],
        )
        return Response(ActualSerializer(actual).data, status=status.HTTP_201_CREATED)

    @post_action(ReportingPeriodSerializer)
    def approve(self, request: Request, pk: int) -> Response:
        approve = services.reporting_period_approve
        return self.act(request, pk, approve, write=ProgrammePerm.APPROVE_PERIOD)

    @post_action(ReportingPeriodSerializer, body=UnlockSerializer)
    def unlock(self, request: Request, pk: int) -> Response:
        unlock = services.reporting_period_unlock
        return self.act(
            request, pk, unlock, body=UnlockSerializer, write=ProgrammePerm.UNLOCK_PERIOD
        )


class FourWRowSerializer(serializers.Serializer[Any]):
    """Who does what, where, when: one row of the 4W (HXL-tagged in the exports)."""

    organisation = serializers.CharField()
    organisation_type = serializers.CharField()
    sector = serializers.CharField(help_text="DAC sector code.")
    activity = serializers.CharField()
    country_iso3 = serializers.CharField()
    adm1_name = serializers.CharField()
    adm1_code = serializers.CharField(help_text="p-code.")
    start = serializers.DateField()
    end = serializers.DateField()
    status = serializers.CharField()
    targeted = serializers.IntegerField(allow_null=True)
    targeted_female = serializers.IntegerField(allow_null=True)
    targeted_male = serializers.IntegerField(allow_null=True)
    reached = serializers.IntegerField(
        allow_null=True, help_text="People reached, as the project's dashboard counts them."
    )
    source = serializers.CharField()  # type: ignore[assignment]  # a row field, not DRF's
    url = serializers.CharField()
    counted_under = serializers.CharField(
        help_text="On the rows of a project's other organisations: the organisation on whose "
        "rows its head counts are given (these rows leave them empty)."
    )
    past_end = serializers.BooleanField(
        help_text="The project is still marked in implementation though its end has passed."
    )


class OverlapSerializer(serializers.Serializer[Any]):
    first = FourWRowSerializer()
    second = FourWRowSerializer()


class ThreeWImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="HXL-tagged CSV.")
    country = serializers.CharField(help_text="ISO3 code of a country in your scope.")


class ThreeWImportedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(help_text="The import's source record.")
    rows = serializers.IntegerField()


class ThreeWProblemsSerializer(serializers.Serializer[Any]):
    problems = serializers.ListField(
        child=serializers.CharField(), help_text="Every bad line; nothing was imported."
    )


COUNTRY_PARAMETER = OpenApiParameter("country", str, description="ISO3 code.")


class FourWViewSet(viewsets.ViewSet):
    """The 4W rows of the caller's countries, their overlaps, and 3W imports."""

    parser_classes = (MultiPartParser, FormParser)

    @extend_schema(parameters=[COUNTRY_PARAMETER], responses=FourWRowSerializer(many=True))
    def list(self, request: Request) -> Response:
        rows = selectors.four_w_rows(
            user=request.user, country=request.query_params.get("country", "")
        )
        return Response([asdict(row) for row in rows])

    @extend_schema(parameters=[COUNTRY_PARAMETER], responses=OverlapSerializer(many=True))
    @action(detail=False, methods=["get"])
    def overlaps(self, request: Request) -> Response:
        overlaps = selectors.overlap_list(
            user=request.user, country=request.query_params.get("country", "")
        )
        return Response(
            [{"first": asdict(item.first), "second": asdict(item.second)} for item in overlaps]
        )

    @extend_schema(
        request=ThreeWImportSerializer,
        responses={201: ThreeWImportedSerializer, 422: ThreeWProblemsSerializer},
    )
    @action(detail=False, methods=["post"], url_path="import")
    def import_three_w(self, request: Request) -> Response:
        require_permission(request.user, ProgrammePerm.IMPORT_THREE_W)
        upload = request.FILES.get("file")
        iso3 = str(request.POST.get("country", "")).upper()
        country = selectors.three_w_import_countries(user=request.user).filter(iso3=iso3).first()
        if upload is None or country is None:
            return Response(
                {"detail": "Send `file` (HXL CSV) and `country` (ISO3, in your scope)."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            source = services.three_w_import(
                actor=signed_in(request.user),
                country=country,
                file_name=upload.name or "3w.csv",
                content=upload,
            )
        except services.ThreeWImportError as error:
            return Response({"problems": error.problems}, status=error.status_code)
        return Response(
            {"id": source.pk, "rows": source.activities.count()}, status=status.HTTP_201_CREATED
        )


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("programmes", ProgrammeViewSet, basename="programme")
    router.register("projects", ProjectViewSet, basename="project")
    router.register("results", ResultViewSet, basename="result")
    router.register("indicators", IndicatorViewSet, basename="indicator")
    router.register("reporting-periods", ReportingPeriodViewSet, basename="reporting-period")
    router.register("programme-decisions", GoverningDecisionViewSet, basename="programme-decision")
    router.register("project-documents", DocumentViewSet, basename="project-document")
    router.register("budgets", BudgetViewSet, basename="budget")
    router.register("4w", FourWViewSet, basename="four-w")
    asset_api.register(router)
