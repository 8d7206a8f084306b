"""REST endpoints for core records; reads go through selectors, writes through services."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core import search, selectors, services
from sunbula.core.access import (
    fetch_organisation,
    fetch_site,
    require_permission,
    scope_for,
    signed_in,
)
from sunbula.core.http import SEARCH_LENGTH
from sunbula.core.models import (
    AdminArea,
    Country,
    Currency,
    ExchangeRate,
    MemberState,
    Organisation,
    Site,
)
from sunbula.core.permissions import Perm
from sunbula.core.scoping import ScopeRule
from sunbula.core.validation import refuse_control_characters


class _Scoped:
    """Narrows a related field's choices to what the caller may see with `perm`, so that an
    id outside the scope is refused with exactly the error of an id that does not exist."""

    perm: str
    rule: ScopeRule | None
    context: dict[str, Any]

    def scoped(self, queryset: QuerySet[Any] | None) -> QuerySet[Any]:
        assert queryset is not None  # noqa: S101 — a writable related field has a queryset
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return scope_for(user, self.perm).filter(queryset, rule=self.rule)


class ScopedRelatedField(_Scoped, serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A link by id to a record the caller may see with `perm` (the serializer needs the
    request in its context)."""

    def __init__(self, *, perm: str, rule: ScopeRule | None = None, **kwargs: Any) -> None:
        self.perm = perm
        self.rule = rule
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        return self.scoped(super().get_queryset())


class ScopedSlugRelatedField(_Scoped, serializers.SlugRelatedField):  # type: ignore[type-arg]
    """A link by code (a country's ISO3) to a record the caller reaches with `perm`: a
    writer places records only in their own countries."""

    def __init__(self, *, perm: str, rule: ScopeRule | None = None, **kwargs: Any) -> None:
        self.perm = perm
        self.rule = rule
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        return self.scoped(super().get_queryset())


class LocalizedTextField(serializers.CharField):
    """A name or title in the reader's language (`Accept-Language`), else in English."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)


class RowProblemSerializer(serializers.Serializer[Any]):
    line = serializers.IntegerField(help_text="0: the file as a whole.")
    message = serializers.CharField()


class ImportRefusalSerializer(serializers.Serializer[Any]):
    """A file with bad rows: nothing was imported, every bad row is named by its line."""

    detail = serializers.CharField()
    rows = RowProblemSerializer(many=True)


class CountrySerializer(serializers.ModelSerializer[Country]):
    local_name = LocalizedTextField()

    class Meta:
        model = Country
        fields = ("iso2", "iso3", "name", "name_translations", "local_name")


class MemberStateSerializer(serializers.ModelSerializer[MemberState]):
    country = CountrySerializer(read_only=True)

    class Meta:
        model = MemberState
        fields = (
            "country",
            "oic_status",
            "oic_status_note",
            "iofs_membership",
            "iofs_member_since",
        )


class AdminAreaSerializer(serializers.ModelSerializer[AdminArea]):
    local_name = LocalizedTextField()
    country: serializers.SlugRelatedField[Country] = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True
    )
    parent: serializers.SlugRelatedField[AdminArea] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="p_code", read_only=True, allow_null=True
    )

    class Meta:
        model = AdminArea
        fields = (
            "p_code",
            "pcode_set_version",
            "level",
            "iso_3166_2",
            "name",
            "name_translations",
            "local_name",
            "country",
            "parent",
        )


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    local_name = LocalizedTextField()
    # An organisation is placed only in a country where the writer manages organisations.
    country = ScopedSlugRelatedField(
        perm=Perm.MANAGE_ORGANISATION,
        slug_field="iso3",
        queryset=Country.objects.all(),
        required=False,
        allow_null=True,
    )
    parent = ScopedRelatedField(  # type: ignore[assignment]
        perm=Perm.VIEW_REFERENCE,
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Organisation
        fields = (
            "id",
            "name",
            "name_translations",
            "local_name",
            "acronym",
            "kind",
            "iati_type",
            "iati_identifier",
            "country",
            "parent",
            "website",
        )
        # Uniqueness is checked by the service, with the same message as on the page.
        validators: list[Any] = []


class SiteSerializer(serializers.ModelSerializer[Site]):
    local_name = LocalizedTextField()
    # A site is placed only in a country where the writer manages sites.
    country = ScopedSlugRelatedField(
        perm=Perm.MANAGE_SITE, slug_field="iso3", queryset=Country.objects.all()
    )
    admin_area = ScopedSlugRelatedField(
        perm=Perm.MANAGE_SITE,
        slug_field="p_code",
        queryset=AdminArea.objects.all(),
        required=False,
        allow_null=True,
    )
    operating_organisation = ScopedRelatedField(
        perm=Perm.VIEW_REFERENCE,
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Site
        fields = (
            "id",
            "name",
            "name_translations",
            "local_name",
            "kind",
            "country",
            "admin_area",
            "latitude",
            "longitude",
            "operating_organisation",
            "is_illustrative",
        )
        read_only_fields = ("is_illustrative",)


class ExchangeRateSerializer(serializers.ModelSerializer[ExchangeRate]):
    currency = serializers.SlugRelatedField(slug_field="code", queryset=Currency.objects.all())

    class Meta:
        model = ExchangeRate
        fields = ("id", "currency", "valid_from", "units_per_usd", "source", "is_illustrative")
        validators: list[Any] = []


class OrganisationFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(field_name="country__iso3", lookup_expr="iexact")

    class Meta:
        model = Organisation
        fields = ("kind", "iati_type", "country")


class AdminAreaFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(field_name="country__iso3", lookup_expr="iexact")
    parent = django_filters.CharFilter(field_name="parent__p_code")

    class Meta:
        model = AdminArea
        fields = ("country", "level", "parent", "pcode_set_version")


class SiteFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(field_name="country__iso3", lookup_expr="iexact")
    admin_area = django_filters.CharFilter(field_name="admin_area__p_code")

    class Meta:
        model = Site
        fields = ("kind", "country", "admin_area")


class ExchangeRateFilter(django_filters.FilterSet):
    currency = django_filters.CharFilter(field_name="currency__code", lookup_expr="iexact")
    valid_from = django_filters.DateFromToRangeFilter()

    class Meta:
        model = ExchangeRate
        fields = ("currency", "valid_from")


class CountryViewSet(viewsets.ReadOnlyModelViewSet[Country]):
    """Countries and territories by ISO 3166-1, with names in the interface languages."""

    serializer_class = CountrySerializer
    queryset = Country.objects.none()  # the schema's model; rows come from get_queryset
    lookup_field = "iso3"
    search_fields = ("name", "iso2", "iso3")

    def get_queryset(self) -> QuerySet[Country]:
        return selectors.country_list(user=self.request.user)


class MemberStateViewSet(viewsets.ReadOnlyModelViewSet[MemberState]):
    """The OIC member states and their IOFS membership."""

    serializer_class = MemberStateSerializer
    queryset = MemberState.objects.none()  # the schema's model; rows come from get_queryset
    lookup_field = "country__iso3"
    lookup_url_kwarg = "iso3"
    filterset_fields = ("oic_status", "iofs_membership")
    search_fields = ("country__name", "country__iso3")

    def get_queryset(self) -> QuerySet[MemberState]:
        return selectors.member_state_list(user=self.request.user)


class AdminAreaViewSet(viewsets.ReadOnlyModelViewSet[AdminArea]):
    """Administrative areas with their OCHA p-codes."""

    serializer_class = AdminAreaSerializer
    queryset = AdminArea.objects.none()  # the schema's model; rows come from get_queryset
    lookup_field = "p_code"
    filterset_class = AdminAreaFilter
    search_fields = ("name", "p_code")

    def get_queryset(self) -> QuerySet[AdminArea]:
        return selectors.admin_area_list(user=self.request.user)


class OrganisationViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Organisation]
):
    """Organisations: governments, UN agencies, IGOs, NGOs, associations, companies."""

    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.none()  # the schema's model; rows come from get_queryset
    filterset_class = OrganisationFilter
    search_fields = ("name", "acronym", "iati_identifier")
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Organisation]:
        return selectors.organisation_list(user=self.request.user)

    def get_object(self) -> Organisation:
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return fetch_organisation(
            self.request.user, self.kwargs["pk"], write=Perm.MANAGE_ORGANISATION if write else None
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Organisation]) -> None:
        require_permission(self.request.user, Perm.MANAGE_ORGANISATION)
        serializer.instance = services.organisation_create(
            actor=signed_in(self.request.user), **serializer.validated_data
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Organisation]) -> None:
        fresh = fetch_organisation(
            self.request.user, self.kwargs["pk"], write=Perm.MANAGE_ORGANISATION
        )
        serializer.instance = services.organisation_update(
            actor=signed_in(self.request.user), organisation=fresh, **serializer.validated_data
        )


class SiteViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Site]
):
    """Sites in the caller's countries: warehouses, distribution points, institutions. POST
    adds one and PATCH corrects one, in a country where the caller manages sites."""

    serializer_class = SiteSerializer
    queryset = Site.objects.none()  # the schema's model; rows come from get_queryset
    filterset_class = SiteFilter
    search_fields = ("name",)
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Site]:
        return selectors.site_list(user=self.request.user)

    def get_object(self) -> Site:
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return fetch_site(
            self.request.user, self.kwargs["pk"], write=Perm.MANAGE_SITE if write else None
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Site]) -> None:
        require_permission(self.request.user, Perm.MANAGE_SITE)
        serializer.instance = services.site_create(
            actor=signed_in(self.request.user), **serializer.validated_data
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Site]) -> None:
        fresh = fetch_site(self.request.user, self.kwargs["pk"], write=Perm.MANAGE_SITE)
        serializer.instance = services.site_update(
            actor=signed_in(self.request.user), site=fresh, **serializer.validated_data
        )


class ExchangeRateViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[ExchangeRate]):
    """Dated exchange rates: units of a currency per US dollar, with their source."""

    serializer_class = ExchangeRateSerializer
    queryset = ExchangeRate.objects.none()  # the schema's model; rows come from get_queryset
    filterset_class = ExchangeRateFilter

    def get_queryset(self) -> QuerySet[ExchangeRate]:
        return selectors.exchange_rate_list(user=self.request.user)

    def perform_create(self, serializer: serializers.BaseSerializer[ExchangeRate]) -> None:
        require_permission(self.request.user, Perm.MANAGE_EXCHANGE_RATE)
        serializer.instance = services.exchange_rate_record(
            actor=signed_in(self.request.user), **serializer.validated_data
        )


class SearchHitSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    detail = serializers.CharField()


class SearchViewSet(viewsets.ViewSet):
    """Records the caller may open whose reference or name holds `q` (at least three
    characters); people only for protection officers, by name, phone or identity number."""

    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True)],
        responses={200: SearchHitSerializer(many=True)},
    )
    def list(self, request: Request) -> Response:
        query = str(request.query_params.get("q", "")).strip()[:SEARCH_LENGTH]
        try:
            refuse_control_characters(query)
        except DjangoValidationError as refused:
            raise serializers.ValidationError({"q": refused.messages}) from refused
        hits = [
            {"kind": str(group.kind), "title": hit.label, "url": hit.url, "detail": hit.detail}
            for group in search.search(request.user, query)
            for hit in group.hits
        ]
        return Response(SearchHitSerializer(hits, many=True).data)


def register(router: DefaultRouter) -> None:
    router.register("countries", CountryViewSet, basename="country")
    router.register("member-states", MemberStateViewSet, basename="member-state")
    router.register("admin-areas", AdminAreaViewSet, basename="admin-area")
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("sites", SiteViewSet, basename="site")
    router.register("exchange-rates", ExchangeRateViewSet, basename="exchange-rate")
    router.register("search", SearchViewSet, basename="search")
