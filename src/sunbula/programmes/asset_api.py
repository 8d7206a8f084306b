"""REST endpoints of project assets and their maintenance visits (reads through selectors,
writes through services)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import require_permission, signed_in
from sunbula.core.api import (
    CreateAndPatchMixin,
    LocalizedTextField,
    ScopedRelatedField,
    ServicePatchMixin,
    ServiceRemoveWithReasonMixin,
    admin_area_by_p_code,
    admin_area_shown_by_p_code,
    children_action,
    create_through,
    currency_by_code,
    currency_shown_by_code,
    organisation_by_id,
    read_body,
    record_of_path,
)
from sunbula.core.http import int_param
from sunbula.core.models import Site
from sunbula.programmes import selectors, services
from sunbula.programmes.access import fetch_asset, fetch_visit
from sunbula.programmes.models import Asset, MaintenanceVisit, Project
from sunbula.programmes.permissions import ProgrammePerm


class AssetSerializer(serializers.ModelSerializer[Asset]):
    local_name = LocalizedTextField()
    project_code = serializers.CharField(source="project.code", read_only=True)
    country = serializers.CharField(source="site.country.iso3", read_only=True)
    admin_area = admin_area_shown_by_p_code()
    currency = currency_shown_by_code(allow_null=True)

    class Meta:
        model = Asset
        fields = (
            "id",
            "kind",
            "name",
            "name_translations",
            "local_name",
            "project",
            "project_code",
            "site",
            "country",
            "admin_area",
            *services.ASSET_DETAILS,
            "is_illustrative",
        )


class AssetWriteSerializer(serializers.ModelSerializer[Asset]):
    """An asset as a client sends it: project and site by id, P-code and currency by code,
    all within the countries and programmes where the caller manages projects."""

    project = ScopedRelatedField(perm=ProgrammePerm.MANAGE_PROJECT, queryset=Project.objects.all())
    site = ScopedRelatedField(perm=ProgrammePerm.MANAGE_PROJECT, queryset=Site.objects.all())
    admin_area = admin_area_by_p_code(ProgrammePerm.MANAGE_PROJECT)
    funded_by = organisation_by_id(optional=True)
    currency = currency_by_code(required=False, allow_null=True)

    class Meta:
        model = Asset
        fields = services.ASSET_INPUTS


class MaintenanceVisitSerializer(serializers.ModelSerializer[MaintenanceVisit]):
    class Meta:
        model = MaintenanceVisit
        fields = ("id", "asset", *services.VISIT_CHANGES)
        read_only_fields = ("id", "asset")


class MaintenanceVisitChangeSerializer(serializers.ModelSerializer[MaintenanceVisit]):
    """What correcting a visit may change; its asset stays."""

    class Meta:
        model = MaintenanceVisit
        fields = services.VISIT_CHANGES


class AssetViewSet(
    CreateAndPatchMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet[Asset],
):
    """Project assets (e.g. solar-powered water systems) in the caller's scope; `?project=`
    narrows to one project. POST registers one, PATCH changes one, …/visits/ records a
    maintenance visit."""

    serializer_class = AssetSerializer
    write_serializer_class = AssetWriteSerializer
    queryset = Asset.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("kind", "status")
    search_fields = ("name", "site__name", "project__code")

    def get_queryset(self) -> QuerySet[Asset]:
        assets = selectors.asset_list(user=self.request.user)
        project_id = int_param(self.request, "project")
        if project_id is not None:
            assets = assets.filter(project_id=project_id)
        return assets

    def get_object(self) -> Asset:
        return fetch_asset(self.request.user, self.kwargs["pk"])

    @extend_schema(request=AssetWriteSerializer, responses={201: AssetSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_permission(request.user, ProgrammePerm.MANAGE_PROJECT)
        values = read_body(AssetWriteSerializer, request)
        asset = services.asset_register(actor=signed_in(request.user), **values)
        asset = fetch_asset(request.user, asset.pk)
        return Response(AssetSerializer(asset).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AssetWriteSerializer, responses={200: AssetSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        asset = fetch_asset(request.user, self.kwargs["pk"], write=ProgrammePerm.MANAGE_PROJECT)
        as_stored = fetch_asset(request.user, asset.pk)
        changes = read_body(AssetWriteSerializer, request, as_stored, partial=True)
        services.asset_update(actor=signed_in(request.user), asset=asset, **changes)
        return Response(AssetSerializer(fetch_asset(request.user, asset.pk)).data)

    @children_action(MaintenanceVisitSerializer)
    def visits(self, request: Request, pk: int) -> Response:
        """The asset's maintenance visits, newest first; POST records one."""
        asset = record_of_path(self, fetch_asset, ProgrammePerm.MANAGE_PROJECT)
        if request.method != "POST":
            visits = selectors.asset_visits(asset=asset)
            return Response(MaintenanceVisitSerializer(visits, many=True).data)
        return create_through(
            request, services.maintenance_visit_record, body=MaintenanceVisitSerializer, asset=asset
        )


class MaintenanceVisitViewSet(
    ServiceRemoveWithReasonMixin, ServicePatchMixin, viewsets.ReadOnlyModelViewSet[MaintenanceVisit]
):
    """Maintenance visits to the assets the caller sees (`?asset=`); record one through
    /assets/{id}/visits/. PATCH corrects one, POST …/remove/ removes one recorded by mistake
    (with a reason), where the caller manages projects; the asset's status follows its
    newest visit."""

    serializer_class = MaintenanceVisitSerializer
    change_serializer_class = MaintenanceVisitChangeSerializer
    queryset = MaintenanceVisit.objects.none()  # the schema's model; rows: get_queryset
    filterset_fields = ("asset",)
    scope_perm = ProgrammePerm.VIEW_PROJECT
    http_method_names = ["get", "post", "patch", "head", "options"]
    fetch_record = staticmethod(fetch_visit)
    write = ProgrammePerm.MANAGE_PROJECT
    record_name = "visit"
    update_service = staticmethod(services.maintenance_visit_update)
    remove_service = staticmethod(services.maintenance_visit_remove)

    def get_queryset(self) -> QuerySet[MaintenanceVisit]:
        return selectors.visit_list(user=self.request.user)

    def get_object(self) -> MaintenanceVisit:
        return fetch_visit(self.request.user, self.kwargs["pk"])


def register(router: DefaultRouter) -> None:
    router.register("assets", AssetViewSet, basename="asset")
    router.register("maintenance-visits", MaintenanceVisitViewSet, basename="maintenance-visit")
