"""REST endpoints for core records; reads go through selectors, writes through services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from sunbula.core import search, selectors, services
from sunbula.core.access import (
    fetch,
    fetch_organisation,
    fetch_site,
    require_permission,
    scope_for,
    signed_in,
)
from sunbula.core.http import SEARCH_LENGTH
from sunbula.core.imports import ImportRefused
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


def _optional(optional: bool, kwargs: dict[str, Any]) -> dict[str, Any]:
    """`optional=True`: the link may be left out or sent as null."""
    if optional:
        return {"required": False, "allow_null": True, **kwargs}
    return kwargs


class ScopedRelatedField(_Scoped, serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A link by id to a record the caller may see with `perm` (the serializer needs the
    request in its context); `optional=True`: it may be left out or null."""

    def __init__(
        self, *, perm: str, rule: ScopeRule | None = None, optional: bool = False, **kwargs: Any
    ) -> None:
        self.perm = perm
        self.rule = rule
        super().__init__(**_optional(optional, kwargs))

    def get_queryset(self) -> QuerySet[Any]:
        return self.scoped(super().get_queryset())


class ScopedSlugRelatedField(_Scoped, serializers.SlugRelatedField):  # type: ignore[type-arg]
    """A link by code (a country's ISO3) to a record the caller reaches with `perm`: a
    writer places records only in their own countries; `optional=True`: it may be left out
    or null."""

    def __init__(
        self, *, perm: str, rule: ScopeRule | None = None, optional: bool = False, **kwargs: Any
    ) -> None:
        self.perm = perm
        self.rule = rule
        super().__init__(**_optional(optional, kwargs))

    def get_queryset(self) -> QuerySet[Any]:
        return self.scoped(super().get_queryset())


def country_by_iso3(perm: str, *, optional: bool = False) -> ScopedSlugRelatedField:
    """A country by its ISO3 code, among those where the caller holds `perm`."""
    return ScopedSlugRelatedField(
        perm=perm, slug_field="iso3", queryset=Country.objects.all(), optional=optional
    )


def admin_area_by_p_code(perm: str, *, optional: bool = True) -> ScopedSlugRelatedField:
    """An administrative area by its p-code, in a country where the caller holds `perm`."""
    return ScopedSlugRelatedField(
        perm=perm, slug_field="p_code", queryset=AdminArea.objects.all(), optional=optional
    )


def organisation_by_id(
    perm: str = Perm.VIEW_REFERENCE, *, optional: bool = False
) -> ScopedRelatedField:
    """An organisation by id (a donor, a host, an operator) that the caller may see."""
    return ScopedRelatedField(perm=perm, queryset=Organisation.objects.all(), optional=optional)


def country_shown_by_iso3(**kwargs: Any) -> serializers.SlugRelatedField[Country]:
    """A record's country in an answer, by its ISO3 code."""
    return serializers.SlugRelatedField(slug_field="iso3", read_only=True, **kwargs)


def admin_area_shown_by_p_code() -> serializers.SlugRelatedField[AdminArea]:
    """A record's administrative area in an answer, by its p-code (null where it has none)."""
    return serializers.SlugRelatedField(slug_field="p_code", read_only=True, allow_null=True)


def currency_shown_by_code(**kwargs: Any) -> serializers.SlugRelatedField[Currency]:
    """A record's currency in an answer, by its ISO 4217 code."""
    return serializers.SlugRelatedField(slug_field="code", read_only=True, **kwargs)


def currency_by_code(**kwargs: Any) -> serializers.SlugRelatedField[Currency]:
    """A currency by its ISO 4217 code (reference data: every currency may be named)."""
    return serializers.SlugRelatedField(
        slug_field="code", queryset=Currency.objects.all(), **kwargs
    )


# POST creates and PATCH corrects, through the services; PUT is not offered.
CREATE_AND_PATCH = ["get", "post", "patch", "head", "options"]


class CreateAndPatchMixin(GenericAPIView[Any]):
    """A viewset where POST creates and PATCH corrects through the services (PUT is not
    offered), with a body of another shape than its answers: the `write_serializer_class`
    in `write_actions`, the class's `serializer_class` in every other (an action's own
    `serializer_class` describes its body, not the answers)."""

    http_method_names = CREATE_AND_PATCH
    write_serializer_class: type[serializers.BaseSerializer[Any]]
    write_actions: tuple[str, ...] = ("create", "partial_update")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if getattr(self, "action", None) in self.write_actions:
            return self.write_serializer_class
        answer = type(self).serializer_class
        assert answer is not None  # noqa: S101 — every such viewset names its answers
        return answer


def write_permission(request: Request, perm: str) -> str | None:
    """`perm` for a request that changes something, none for a read: what a fetch of the
    record must also reach."""
    return None if request.method in SAFE_METHODS else perm


RecordT = TypeVar("RecordT")
ModelT = TypeVar("ModelT", bound=Model)


def record_of_path(view: APIView, fetch_record: Callable[..., RecordT], write: str) -> RecordT:
    """The record of the view's path as `fetch_record` (the app's fetch-and-authorise helper)
    finds it for the caller; a request that changes it needs `write` too (403 without it)."""
    request = view.request
    return fetch_record(request.user, view.kwargs["pk"], write=write_permission(request, write))


def record_of_path_among(
    view: APIView,
    records: QuerySet[ModelT] | type[ModelT],
    *,
    perm: str,
    write: str | None = None,
    write_rule: ScopeRule | None = None,
) -> ModelT:
    """The record of the view's path among `records`, as fetch finds it for the caller who
    sees it with `perm`; with `write`, a request that changes it needs that too (403
    without it), as `write_rule` (if given) says."""
    request = view.request
    return fetch(
        records,
        request.user,
        view.kwargs["pk"],
        perm=perm,
        write=None if write is None else write_permission(request, write),
        write_rule=write_rule,
    )


def read_body(
    serializer_class: type[serializers.BaseSerializer[Any]],
    request: Request,
    instance: Any = None,
    *,
    partial: bool = False,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The request's body as `serializer_class` checks it (400 naming each refused field);
    the request goes along, so that a scoped link sees who asks, with what `context` adds
    (the choices a field offers for the record at hand)."""
    given = serializer_class(
        instance,
        data=request.data,
        partial=partial,
        context={**(context or {}), "request": request},
    )
    given.is_valid(raise_exception=True)
    return dict(given.validated_data)


def perform_action(
    request: Request,
    service: Callable[..., Any],
    *,
    body: type[serializers.BaseSerializer[Any]] | None = None,
    answer: type[serializers.BaseSerializer[Any]] | None = None,
    listed: QuerySet[Any] | None = None,
    status: int = 200,
    **records: Any,
) -> Response:
    """An endpoint's work once its record is fetched and authorised: the body as `body`
    checks it (none: the action takes no body), `service` called with the caller as actor,
    the `records` and the body's values, and what the service returns, as `answer` writes
    it (none: in the body's own shape), with `status`; with `listed`, the record is read
    again from it, so that the answer has what the list adds (e.g. a latest headcount)."""
    values = read_body(body, request) if body is not None else {}
    made = service(actor=signed_in(request.user), **records, **values)
    shape = answer or body
    assert shape is not None  # noqa: S101 — an action answers in some shape
    return Response(shape(_as_listed(made, listed)).data, status=status)


def _as_listed(record: Any, listed: QuerySet[Any] | None) -> Any:
    return record if listed is None else listed.get(pk=record.pk)


def create_through(
    request: Request,
    service: Callable[..., Any],
    *,
    body: type[serializers.BaseSerializer[Any]],
    answer: type[serializers.BaseSerializer[Any]] | None = None,
    listed: QuerySet[Any] | None = None,
    **records: Any,
) -> Response:
    """A POST that makes a record: as perform_action, answered 201 with the new record."""
    return perform_action(
        request,
        service,
        body=body,
        answer=answer,
        listed=listed,
        status=status.HTTP_201_CREATED,
        **records,
    )


def patch_through(
    request: Request,
    service: Callable[..., Any],
    *,
    body: type[serializers.BaseSerializer[Any]],
    as_stored: Any,
    answer: type[serializers.BaseSerializer[Any]],
    listed: QuerySet[Any] | None = None,
    **records: Any,
) -> Response:
    """A PATCH that corrects a record once fetched and authorised: the body as `body` checks
    it against `as_stored` (a copy of the record of its own: the service compares the stored
    record with the change), `service` called with the caller as actor, the `records` and the
    changed values, and the record it returns, as `answer` writes it (read again from
    `listed`, if given, as in perform_action)."""
    changes = read_body(body, request, as_stored, partial=True)
    changed = service(actor=signed_in(request.user), **records, **changes)
    return Response(answer(_as_listed(changed, listed)).data)


def save_through(
    serializer: serializers.BaseSerializer[Any], service: Callable[..., Any], **records: Any
) -> None:
    """A viewset's create or update once authorised: `service` writes what `serializer`
    checked, with the caller as actor and the `records` it acts on, and the answer shows
    the record the service returns."""
    actor = signed_in(serializer.context["request"].user)
    serializer.instance = service(actor=actor, **records, **serializer.validated_data)


def _answer_of(view: GenericAPIView[Any]) -> type[serializers.BaseSerializer[Any]]:
    answer = type(view).serializer_class
    assert answer is not None  # noqa: S101 — every viewset that writes names its answers
    return answer


def children_action(
    answer: type[serializers.BaseSerializer[Any]],
    *,
    body: type[serializers.BaseSerializer[Any]] | None = None,
    body_schema: Any = None,
    url_path: str | None = None,
    **options: Any,
) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """A detail action over a record's children: GET lists them as `answer` writes them (all
    of them, not paged), POST adds one with `body` (by default in the answer's own shape),
    answered 201 with the child; `body_schema` where the body's schema is not the body's
    serializer (a multipart upload), `options` as the action takes them (its parsers)."""
    sent = body or answer

    def decorate(view: Callable[..., Response]) -> Callable[..., Response]:
        routed = action(
            detail=True,
            methods=["get", "post"],
            url_path=url_path,
            serializer_class=sent,
            pagination_class=None,
            **options,
        )(view)
        adding = extend_schema(
            methods=["POST"], request=body_schema or sent, responses={201: answer}
        )
        listing = extend_schema(methods=["GET"], request=None, responses={200: answer(many=True)})
        return listing(adding(routed))

    return decorate


def post_action(
    answer: Any,
    *,
    body: type[serializers.BaseSerializer[Any]] | None = None,
    status: int = 200,
    refusals: dict[int, Any] | None = None,
    detail: bool = True,
    url_path: str | None = None,
    **options: Any,
) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """A POST action on the record of the path (`detail=False`: on the list) that takes
    `body` (none: no body) and answers `status` with what `answer` writes, or with one of
    the `refusals` (a 422 and what it says); the body is also the action's own
    `serializer_class`, so the operation's schema and the browsable API say the same.
    `options` as the action takes them (its parsers)."""
    if body is not None:
        options["serializer_class"] = body

    def decorate(view: Callable[..., Response]) -> Callable[..., Response]:
        routed = action(detail=detail, methods=["post"], url_path=url_path, **options)(view)
        answers = {status: answer, **(refusals or {})}
        return extend_schema(request=body, responses=answers)(routed)

    return decorate


class RecordActionsMixin(GenericAPIView[Any]):
    """A viewset whose actions change the record of the path: `fetch_record` (the app's
    fetch-and-authorise helper, as a staticmethod) finds it with `write` (403 without it),
    and the services take it as `record_name`."""

    fetch_record: Callable[..., Any]
    write: str | bool  # what `fetch_record` takes as `write`: the permission, or True
    record_name: str

    def act(
        self,
        request: Request,
        pk: int,
        service: Callable[..., Any],
        *,
        body: type[serializers.BaseSerializer[Any]] | None = None,
        answer: type[serializers.BaseSerializer[Any]] | None = None,
        write: str | None = None,
    ) -> Response:
        """`service` on the record, fetched with `write` (by default the viewset's), as
        perform_action does it; what the service returns is answered as `answer` (by default
        the viewset's `serializer_class`) writes it."""
        record = self.fetch_record(request.user, pk, write=write or self.write)
        return perform_action(
            request,
            service,
            body=body,
            answer=answer or _answer_of(self),
            **{self.record_name: record},
        )


class ServiceCreateBase(GenericAPIView[Any]):
    """What a POST that creates a record through the services needs, however it reads the
    body: `create_service`, and `authorise_create`, which asks for `manage` (a viewset where
    another right decides says so there)."""

    manage: str
    create_service: Callable[..., Any]  # the service, as a staticmethod

    def authorise_create(self, request: Request) -> None:
        require_permission(request.user, self.manage)


class ServiceCreateMixin(ServiceCreateBase):
    """POST creates a record through `create_service`, for a caller who holds `manage` (the
    body's scoped links keep the record in the caller's countries): the body as
    `write_serializer_class` checks it, answered 201 with the new record as `serializer_class`
    writes it, read again from get_queryset with `answer_as_listed`. The operation's schema
    says the same."""

    write_serializer_class: type[serializers.BaseSerializer[Any]]
    answer_as_listed = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "create_service" in cls.__dict__ and "create" not in cls.__dict__:
            creating = extend_schema(
                request=cls.write_serializer_class, responses={201: cls.serializer_class}
            )
            extend_schema_view(create=creating)(cls)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.authorise_create(request)
        return create_through(
            request,
            self.create_service,
            body=self.write_serializer_class,
            answer=_answer_of(self),
            listed=self.get_queryset() if self.answer_as_listed else None,
        )


class ServicePatchMixin(RecordActionsMixin):
    """PATCH corrects a record through `update_service`: the record as `fetch_record` (the
    app's fetch-and-authorise helper, as a staticmethod) finds it with `write` (403 without
    it), the body as `change_serializer_class` checks it against a fresh copy, the service
    given the record as `record_name`; answered with the record as `serializer_class` writes
    it, read again from get_queryset with `answer_as_listed`. The operation's schema says
    the same."""

    change_serializer_class: type[serializers.BaseSerializer[Any]]
    update_service: Callable[..., Any]  # the service, as a staticmethod
    answer_as_listed = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "update_service" in cls.__dict__ and "partial_update" not in cls.__dict__:
            patching = extend_schema(
                request=cls.change_serializer_class, responses={200: cls.serializer_class}
            )
            extend_schema_view(partial_update=patching)(cls)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self.fetch_record(request.user, kwargs["pk"], write=self.write)
        return patch_through(
            request,
            self.update_service,
            body=self.change_serializer_class,
            as_stored=self.fetch_record(request.user, record.pk),
            answer=_answer_of(self),
            listed=self.get_queryset() if self.answer_as_listed else None,
            **{self.record_name: record},
        )


class ServiceWritesMixin(CreateAndPatchMixin, ServiceCreateMixin, ServicePatchMixin):
    """POST creates and PATCH corrects through the services, as the two mixins say; PUT is
    not offered."""


class ServiceSaveMixin(mixins.CreateModelMixin, ServiceCreateBase):
    """POST (and PATCH, with mixins.UpdateModelMixin) as DRF does them, the viewset's
    serializer checking the body and writing the answer, saved through the services:
    `create_service` once `authorise_create` lets the caller (the body is checked first);
    `update_service` given the record as `record_name`, a fresh copy from get_object (which
    asks for the right to change it)."""

    update_service: Callable[..., Any]  # the service, as a staticmethod
    record_name: str

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self.authorise_create(self.request)
        save_through(serializer, self.create_service)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        save_through(serializer, self.update_service, **{self.record_name: self.get_object()})


class ServiceRemoveMixin(mixins.DestroyModelMixin, GenericAPIView[Any]):
    """DELETE removes the record of get_object through `remove_service`, given the caller as
    actor and the record as `record_name`; where the service may refuse, `removal_refused`
    is the 422 the operation's schema names."""

    remove_service: Callable[..., Any]  # the service, as a staticmethod
    record_name: str
    removal_refused: Any = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        refused = cls.__dict__.get("removal_refused")
        if refused is not None and "destroy" not in cls.__dict__:
            removing = extend_schema(responses={204: None, 422: refused})
            extend_schema_view(destroy=removing)(cls)

    def perform_destroy(self, instance: Any) -> None:
        self.remove_service(actor=signed_in(self.request.user), **{self.record_name: instance})


class ReasonInput(serializers.Serializer[Any]):
    """Why a record is withdrawn or removed; the audit log keeps it."""

    reason = serializers.CharField(max_length=255)


class ServiceRemoveWithReasonMixin(RecordActionsMixin):
    """POST …/remove/ takes away the record of the path, recorded by mistake, through
    `remove_service`: the record as `fetch_record` finds it with `write` (403 without it),
    given as `record_name` with the body's reason (`ReasonInput`), which the audit entry
    keeps; answered 204."""

    remove_service: Callable[..., Any]  # the service, as a staticmethod

    @post_action(None, body=ReasonInput, status=204)
    def remove(self, request: Request, pk: int) -> Response:
        record = self.fetch_record(request.user, pk, write=self.write)
        reason = read_body(ReasonInput, request)
        self.remove_service(actor=signed_in(request.user), **{self.record_name: record}, **reason)
        return Response(status=status.HTTP_204_NO_CONTENT)


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


def import_refusal(refused: ImportRefused) -> Response:
    """422 for a file with bad rows, as ImportRefusalSerializer describes it."""
    rows = [{"line": problem.line, "message": problem.message} for problem in refused.errors]
    return Response(
        {"detail": str(refused), "rows": rows}, status=status.HTTP_422_UNPROCESSABLE_ENTITY
    )


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
    country = country_shown_by_iso3()
    parent = admin_area_shown_by_p_code()  # type: ignore[assignment]

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
    country = country_by_iso3(Perm.MANAGE_ORGANISATION, optional=True)
    parent = organisation_by_id(optional=True)  # type: ignore[assignment]

    class Meta:
        model = Organisation
        fields = (
            "id",
            "name",
            "name_translations",
            "local_name",
            *services.ORGANISATION_DETAILS,
        )
        # Uniqueness is checked by the service, with the same message as on the page.
        validators: list[Any] = []


class SiteSerializer(serializers.ModelSerializer[Site]):
    local_name = LocalizedTextField()
    # A site is placed only in a country where the writer manages sites.
    country = country_by_iso3(Perm.MANAGE_SITE)
    admin_area = admin_area_by_p_code(Perm.MANAGE_SITE)
    operating_organisation = organisation_by_id(optional=True)

    class Meta:
        model = Site
        fields = (
            "id",
            "name",
            "name_translations",
            "local_name",
            *services.SITE_DETAILS,
            "is_illustrative",
        )
        read_only_fields = ("is_illustrative",)


class ExchangeRateSerializer(serializers.ModelSerializer[ExchangeRate]):
    currency = currency_by_code()

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
    ServiceSaveMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Organisation]
):
    """Organisations: governments, UN agencies, IGOs, NGOs, associations, companies."""

    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.none()  # the schema's model; rows come from get_queryset
    filterset_class = OrganisationFilter
    search_fields = ("name", "acronym", "iati_identifier")
    http_method_names = CREATE_AND_PATCH
    manage = Perm.MANAGE_ORGANISATION
    record_name = "organisation"
    create_service = staticmethod(services.organisation_create)
    update_service = staticmethod(services.organisation_update)

    def get_queryset(self) -> QuerySet[Organisation]:
        return selectors.organisation_list(user=self.request.user)

    def get_object(self) -> Organisation:
        return record_of_path(self, fetch_organisation, self.manage)


class SiteViewSet(ServiceSaveMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Site]):
    """Sites in the caller's countries: warehouses, distribution points, institutions. POST
    adds one and PATCH corrects one, in a country where the caller manages sites."""

    serializer_class = SiteSerializer
    queryset = Site.objects.none()  # the schema's model; rows come from get_queryset
    filterset_class = SiteFilter
    search_fields = ("name",)
    http_method_names = CREATE_AND_PATCH
    manage = Perm.MANAGE_SITE
    record_name = "site"
    create_service = staticmethod(services.site_create)
    update_service = staticmethod(services.site_update)

    def get_queryset(self) -> QuerySet[Site]:
        return selectors.site_list(user=self.request.user)

    def get_object(self) -> Site:
        return record_of_path(self, fetch_site, self.manage)


class ExchangeRateViewSet(ServiceSaveMixin, viewsets.ReadOnlyModelViewSet[ExchangeRate]):
    """Dated exchange rates: units of a currency per US dollar, with their source."""

    serializer_class = ExchangeRateSerializer
    queryset = ExchangeRate.objects.none()  # the schema's model; rows come from get_queryset
    filterset_class = ExchangeRateFilter
    manage = Perm.MANAGE_EXCHANGE_RATE
    create_service = staticmethod(services.exchange_rate_record)

    def get_queryset(self) -> QuerySet[ExchangeRate]:
        return selectors.exchange_rate_list(user=self.request.user)


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
