"""REST endpoints for partnerships; reads go through selectors, writes through services.

Everything the pages do is here: partners and their focal points, agreements with their
parties, documents, obligations and lifecycle, engagements with their follow-up actions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import fetch, signed_in
from sunbula.core.api import (
    ScopedRelatedField,
    ServicePatchMixin,
    ServiceRemoveMixin,
    ServiceWritesMixin,
    children_action,
    country_by_iso3,
    country_shown_by_iso3,
    create_through,
    organisation_by_id,
    perform_action,
    post_action,
    read_body,
    record_of_path_among,
    write_permission,
)
from sunbula.core.models import Country, Organisation, User
from sunbula.core.openapi import rule_unmet
from sunbula.core.permissions import Perm
from sunbula.core.scoping import ScopeRule
from sunbula.partners import selectors, services
from sunbula.partners.access import (
    CHANGING_FOCAL_POINTS,
    fetch_agreement,
    fetch_engagement,
    fetch_focal_point,
    fetch_partner,
)
from sunbula.partners.models import (
    Agreement,
    AgreementParty,
    DocumentVersion,
    Engagement,
    FocalPoint,
    FollowUpAction,
    Obligation,
    Partner,
    PartnershipRole,
    Sector,
)
from sunbula.partners.permissions import PartnersPerm
from sunbula.partners.views import document_file, document_store


class ColleagueField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A colleague by id, among the `owners` the endpoint offers for its record (given in the
    serializer's context, as the page's form offers them): anyone else is refused exactly as
    an id that does not exist."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=User.objects.none(), required=False, allow_null=True, **kwargs)

    def get_queryset(self) -> QuerySet[User]:
        owners: QuerySet[User] = self.context["owners"]
        return owners


class PartnerSerializer(serializers.ModelSerializer[Partner]):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    countries: serializers.SlugRelatedField[Country] = serializers.SlugRelatedField(
        slug_field="iso3", many=True, read_only=True
    )

    class Meta:
        model = Partner
        fields = ("id", "organisation", "organisation_name", "roles", "sectors", "countries")


class PartnerChangeSerializer(serializers.Serializer[Partner]):
    """What a partner's profile says: its partnership roles, sectors and countries (ISO3)."""

    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=PartnershipRole.choices), allow_empty=False
    )
    sectors = serializers.ListField(
        child=serializers.ChoiceField(choices=Sector.choices), required=False
    )
    countries = serializers.SlugRelatedField(
        slug_field="iso3", many=True, queryset=Country.objects.all(), required=False
    )


class PartnerWriteSerializer(PartnerChangeSerializer):
    """A new partner: an organisation that is not one yet, of a country where the caller
    manages partners (or an international one), with its profile."""

    organisation = ScopedRelatedField(
        perm=PartnersPerm.MANAGE_PARTNER,
        rule=selectors.PARTNER_CANDIDATES,
        queryset=Organisation.objects.all(),
    )


class FocalPointSerializer(serializers.ModelSerializer[FocalPoint]):
    organisation = organisation_by_id()

    class Meta:
        model = FocalPoint
        fields = ("id", "title", "name", "organisation", "email", "language")


class PartySerializer(serializers.ModelSerializer[AgreementParty]):
    organisation = organisation_by_id()

    class Meta:
        model = AgreementParty
        fields = ("id", "organisation", "role")


class AgreementSerializer(serializers.ModelSerializer[Agreement]):
    country = country_shown_by_iso3()
    parties = PartySerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = (
            "id",
            "kind",
            "title",
            "title_translations",
            "purpose",
            "purpose_translations",
            "country",
            "amends",
            "status",
            "signed_on",
            "signed_place",
            "valid_from",
            "valid_until",
            "termination_reason",
            "is_illustrative",
            "parties",
        )
        read_only_fields = fields  # for reading; writes go through their own serializer


class AgreementWriteSerializer(serializers.ModelSerializer[Agreement]):
    """An agreement as a client drafts or corrects it, in a country where the caller manages
    agreements; its status changes only through …/step/."""

    country = country_by_iso3(PartnersPerm.MANAGE_AGREEMENT)
    amends = ScopedRelatedField(
        perm=PartnersPerm.VIEW_AGREEMENT, queryset=Agreement.objects.all(), optional=True
    )

    class Meta:
        model = Agreement
        fields = services.AGREEMENT_FIELDS


class DocumentUploadSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(
        max_length=200, help_text="The document; a title it has already adds a version."
    )
    file = serializers.FileField(help_text="PDF, Word, Excel, OpenDocument, PNG or JPEG.")


class DocumentVersionSerializer(serializers.ModelSerializer[DocumentVersion]):
    title = serializers.CharField(source="document.title", read_only=True)

    class Meta:
        model = DocumentVersion
        fields = (
            "id",
            "title",
            "number",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
        )


class ObligationSerializer(serializers.ModelSerializer[Obligation]):
    owner = ColleagueField()

    class Meta:
        model = Obligation
        fields = (
            "id",
            "agreement",
            "description",
            "description_translations",
            "due_on",
            "owner",
            "status",
        )
        read_only_fields = ("agreement", "status")


class ObligationStatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Obligation.Status.choices)


class StepSerializer(serializers.Serializer[Any]):
    """What a lifecycle step may need; the service says which are required."""

    step = serializers.ChoiceField(
        choices=["negotiate", "sign", "activate", "renew", "expire", "terminate"]
    )
    signed_on = serializers.DateField(required=False, allow_null=True)
    signed_place = serializers.CharField(required=False, allow_blank=True)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True)


class FollowUpSerializer(serializers.ModelSerializer[FollowUpAction]):
    class Meta:
        model = FollowUpAction
        fields = (
            "id",
            "engagement",
            "description",
            "description_translations",
            "owner",
            "due_on",
            "status",
        )
        read_only_fields = fields  # for reading; writes go through their own serializers


class FollowUpWriteSerializer(serializers.ModelSerializer[FollowUpAction]):
    """An action agreed at the engagement; its owner, if any, a colleague who manages
    engagements in its country."""

    owner = ColleagueField()

    class Meta:
        model = FollowUpAction
        fields = ("description", "description_translations", "owner", "due_on")


class FollowUpStatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=FollowUpAction.Status.choices)


class EngagementSerializer(serializers.ModelSerializer[Engagement]):
    country = country_shown_by_iso3()
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = Engagement
        fields = (
            "id",
            "kind",
            "title",
            "title_translations",
            *services.ENGAGEMENT_DETAILS,
            "summary_translations",
            "outcomes_translations",
            "is_illustrative",
            "follow_ups",
        )
        read_only_fields = fields  # for reading; writes go through their own serializer


class EngagementWriteSerializer(serializers.ModelSerializer[Engagement]):
    """An engagement as a client records or corrects it, in a country where the caller
    manages engagements."""

    country = country_by_iso3(PartnersPerm.MANAGE_ENGAGEMENT)
    organisations = ScopedRelatedField(
        perm=Perm.VIEW_REFERENCE, queryset=Organisation.objects.all(), many=True
    )

    class Meta:
        model = Engagement
        fields = services.ENGAGEMENT_FIELDS


def _owned_children(
    request: Request,
    listed: QuerySet[Any],
    add: Callable[..., Any],
    *,
    answer: type[serializers.BaseSerializer[Any]],
    body: type[serializers.BaseSerializer[Any]],
    owners: QuerySet[User],
    **parent: Any,
) -> Response:
    """A record's items that have an owner (an agreement's obligations, an engagement's
    follow-up actions): GET lists them as `listed` (a selector) gives them; POST adds one
    through `add` (a service) given the `parent`, the owner of the body (if any) one of the
    `owners` (a selector's colleagues), answered 201."""
    if request.method != "POST":
        return Response(answer(listed, many=True).data)
    values = read_body(body, request, context={"owners": owners})
    item = add(actor=signed_in(request.user), **parent, **values)
    return Response(answer(item).data, status=status.HTTP_201_CREATED)


class _RecordViewSet(ServiceWritesMixin, viewsets.ReadOnlyModelViewSet[Any]):
    """A kind of record the services write (a partner, an agreement, an engagement), found
    by `fetch_record`; the items listed under one are read by whoever sees it and written by
    whoever holds `manage` for it."""

    answer_as_listed = True

    def get_object(self) -> Any:
        return self.fetch_record(self.request.user, self.kwargs["pk"])

    def _to_manage(self, request: Request, pk: int) -> Any:
        """The record of the path; a write needs `manage` too."""
        return self.fetch_record(request.user, pk, write=write_permission(request, self.manage))


class PartnerFilter(django_filters.FilterSet):
    """The list page's filters: a partnership role, a sector, a country of operation (ISO3)."""

    role = django_filters.ChoiceFilter(choices=PartnershipRole.choices, method="with_role")
    sector = django_filters.ChoiceFilter(choices=Sector.choices, method="in_sector")
    country = django_filters.CharFilter(
        field_name="countries__iso3", lookup_expr="iexact", distinct=True
    )

    class Meta:
        model = Partner
        fields = ("role", "sector", "country")

    def with_role(self, partners: QuerySet[Partner], name: str, role: str) -> QuerySet[Partner]:
        return selectors.partners_with_role(partners, role)

    def in_sector(self, partners: QuerySet[Partner], name: str, sector: str) -> QuerySet[Partner]:
        return selectors.partners_in_sector(partners, sector)


class AgreementFilter(django_filters.FilterSet):
    """The list page's filters; `organisation`: the agreements it is a party to."""

    organisation = django_filters.ModelChoiceFilter(
        field_name="parties__organisation", queryset=Organisation.objects.all(), distinct=True
    )

    class Meta:
        model = Agreement
        fields = ("status", "kind", "organisation")


class EngagementFilter(django_filters.FilterSet):
    """The list page's filters; `organisation`: the engagements it took part in."""

    organisation = django_filters.ModelChoiceFilter(
        field_name="organisations", queryset=Organisation.objects.all(), distinct=True
    )

    class Meta:
        model = Engagement
        fields = ("kind", "organisation")


class PartnerViewSet(_RecordViewSet):
    """Partner profiles: partnership roles, sectors and countries of operation (`?role=`,
    `?sector=`, `?country=` ISO3 filter them as the list page does). POST makes an
    organisation a partner, PATCH changes its profile (from the partner's country);
    …/focal-points/ lists its contacts, and POST adds one."""

    serializer_class = PartnerSerializer
    write_serializer_class = PartnerWriteSerializer
    change_serializer_class = PartnerChangeSerializer
    queryset = Partner.objects.none()  # the schema's model; rows come from get_queryset
    manage = write = PartnersPerm.MANAGE_PARTNER
    fetch_record = staticmethod(fetch_partner)
    record_name = "partner"
    create_service = staticmethod(services.partner_create)
    update_service = staticmethod(services.partner_update)
    filterset_class = PartnerFilter
    search_fields = ("organisation__name", "organisation__acronym")

    def get_queryset(self) -> QuerySet[Partner]:
        return selectors.partner_list(user=self.request.user)

    @children_action(FocalPointSerializer, url_path="focal-points")
    def focal_points(self, request: Request, pk: int) -> Response:
        """The partner's contacts; POST adds one (title, name, organisation, work e-mail, and
        the language written to them in)."""
        partner = self._to_manage(request, pk)
        if request.method == "POST":
            return create_through(
                request, services.focal_point_add, body=FocalPointSerializer, partner=partner
            )
        contacts = selectors.focal_points(user=request.user, partner=partner)
        return Response(FocalPointSerializer(contacts, many=True).data)


class _RemovableViewSet(
    ServiceRemoveMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Any]
):
    """An item listed under its parent record (a partner's contact, an agreement's party):
    DELETE removes it, for whoever manages the parent in its country."""

    http_method_names = ["get", "delete", "head", "options"]
    items: QuerySet[Any]
    read: str
    manage: str
    write_rule: ScopeRule | None = None

    def get_object(self) -> Any:
        return record_of_path_among(
            self, self.items, perm=self.read, write=self.manage, write_rule=self.write_rule
        )


class FocalPointViewSet(ServicePatchMixin, _RemovableViewSet):
    """A partner's contact; PATCH corrects it (a new title, e-mail or language of
    correspondence), DELETE removes it, each from the partner's country. A contact that
    records still name (a pledge) is not removed: 409 says which."""

    http_method_names = ["get", "patch", "delete", "head", "options"]
    serializer_class = change_serializer_class = FocalPointSerializer
    queryset = FocalPoint.objects.none()  # the schema's model; the record comes from get_object
    items = FocalPoint.objects.select_related("partner__organisation")
    read = PartnersPerm.VIEW_PARTNER
    manage = write = PartnersPerm.MANAGE_PARTNER
    write_rule = CHANGING_FOCAL_POINTS
    fetch_record = staticmethod(fetch_focal_point)
    record_name = "focal_point"
    update_service = staticmethod(services.focal_point_update)
    remove_service = staticmethod(services.focal_point_remove)


class AgreementViewSet(_RecordViewSet):
    """Agreements in the caller's countries (`?organisation=`: those it is a party to, as a
    partner's page links them). POST drafts one, PATCH corrects what it is
    about; POST …/step/ moves one along its lifecycle, …/parties/ adds a party (or changes
    its role), …/documents/ uploads a file (multipart), …/obligations/ adds a deliverable."""

    serializer_class = AgreementSerializer
    write_serializer_class = change_serializer_class = AgreementWriteSerializer
    queryset = Agreement.objects.none()  # the schema's model; rows come from get_queryset
    manage = write = PartnersPerm.MANAGE_AGREEMENT
    fetch_record = staticmethod(fetch_agreement)
    record_name = "agreement"
    create_service = staticmethod(services.agreement_create)
    update_service = staticmethod(services.agreement_update)
    filterset_class = AgreementFilter
    search_fields = (
        "title",
        "purpose",
        "parties__organisation__name",
        "parties__organisation__acronym",
    )

    def get_queryset(self) -> QuerySet[Agreement]:
        return selectors.agreement_list(user=self.request.user)

    @post_action(
        AgreementSerializer,
        body=StepSerializer,
        refusals={
            422: rule_unmet("The step lacks what its rule needs (a signing date, a reason).")
        },
    )
    def step(self, request: Request, pk: int) -> Response:
        agreement = fetch_agreement(request.user, pk, write=PartnersPerm.MANAGE_AGREEMENT)
        values = read_body(StepSerializer, request)
        step = values.pop("step")
        actor = signed_in(request.user)
        if step == "negotiate":
            services.agreement_open_negotiation(actor=actor, agreement=agreement)
        elif step == "sign":
            services.agreement_sign(
                actor=actor,
                agreement=agreement,
                signed_on=values.get("signed_on"),
                signed_place=values.get("signed_place", ""),
            )
        elif step == "activate":
            services.agreement_activate(
                actor=actor,
                agreement=agreement,
                valid_from=values.get("valid_from"),
                valid_until=values.get("valid_until"),
            )
        elif step == "renew":
            services.agreement_renew(
                actor=actor, agreement=agreement, valid_until=values.get("valid_until")
            )
        elif step == "expire":
            services.agreement_expire(actor=actor, agreement=agreement)
        else:
            services.agreement_terminate(
                actor=actor, agreement=agreement, reason=values.get("reason", "")
            )
        return Response(AgreementSerializer(agreement).data)

    @post_action(PartySerializer, body=PartySerializer)
    def parties(self, request: Request, pk: int) -> Response:
        """Add a party with its role (again for the same organisation: change its role)."""
        agreement = self._to_manage(request, pk)
        return perform_action(
            request, services.agreement_party_add, body=PartySerializer, agreement=agreement
        )

    @children_action(
        DocumentVersionSerializer,
        body=DocumentUploadSerializer,
        body_schema={"multipart/form-data": DocumentUploadSerializer},
        parser_classes=[MultiPartParser, FormParser],
    )
    def documents(self, request: Request, pk: int) -> Response:
        """The agreement's stored files; POST (multipart: `title`, `file`) stores a file as
        the next version of the document with that title, checked by type and size as on
        the page."""
        agreement = self._to_manage(request, pk)
        if request.method != "POST":
            versions = selectors.document_versions(user=request.user, agreement=agreement)
            return Response(DocumentVersionSerializer(versions, many=True).data)
        values = read_body(DocumentUploadSerializer, request)
        try:
            version = document_store(values, actor=signed_in(request.user), agreement=agreement)
        except services.DocumentRefused as refused:
            raise serializers.ValidationError({"file": [str(refused)]}) from refused
        return Response(DocumentVersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @children_action(ObligationSerializer)
    def obligations(self, request: Request, pk: int) -> Response:
        """The deliverables under the agreement; POST adds one, its owner (if any) a
        colleague who manages agreements in the agreement's country."""
        agreement = self._to_manage(request, pk)
        return _owned_children(
            request,
            selectors.obligations_of(user=request.user, agreement=agreement),
            services.obligation_add,
            answer=ObligationSerializer,
            body=ObligationSerializer,
            owners=selectors.obligation_owners(agreement=agreement),
            agreement=agreement,
        )


class PartyViewSet(_RemovableViewSet):
    """A party to an agreement; DELETE removes it, where the caller manages agreements."""

    serializer_class = PartySerializer
    queryset = AgreementParty.objects.none()  # the schema's model; the record comes from get_object
    items = AgreementParty.objects.select_related("agreement", "organisation")
    read = PartnersPerm.VIEW_AGREEMENT
    manage = PartnersPerm.MANAGE_AGREEMENT
    record_name = "party"
    remove_service = staticmethod(services.agreement_party_remove)


class _StatusViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet[Any]):
    """An item with an owner (an obligation, a follow-up action): POST …/status/ sets its
    status, for its owner or whoever manages its parent record in its country."""

    items: QuerySet[Any]
    read: str
    manage: str
    status_body: type[serializers.BaseSerializer[Any]]
    item: str  # what the service calls the item
    set_status: Callable[..., Any]  # the service, as a staticmethod

    def _item(self, pk: int, write: str | None = None) -> Any:
        return fetch(self.items, self.request.user, pk, perm=self.read, write=write, owner="owner")

    def get_object(self) -> Any:
        return self._item(self.kwargs["pk"])

    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: int) -> Response:
        item = self._item(pk, write=self.manage)
        return perform_action(
            request,
            self.set_status,
            body=self.status_body,
            answer=type(self).serializer_class,
            **{self.item: item},
        )


@extend_schema_view(
    status=extend_schema(request=ObligationStatusSerializer, responses=ObligationSerializer)
)
class ObligationViewSet(_StatusViewSet):
    """A deliverable under an agreement; POST …/status/ marks it done, waived or pending
    again (its owner, or whoever manages agreements in its country)."""

    serializer_class = ObligationSerializer
    queryset = Obligation.objects.none()  # the schema's model; the record comes from get_object
    items = Obligation.objects.select_related("agreement", "owner")
    read = PartnersPerm.VIEW_AGREEMENT
    manage = PartnersPerm.MANAGE_AGREEMENT
    status_body = ObligationStatusSerializer
    item = "obligation"
    set_status = staticmethod(services.obligation_set_status)


class EngagementViewSet(_RecordViewSet):
    """Meetings, visits, calls and side events in the caller's countries, with follow-ups
    (`?organisation=`: those it took part in).
    POST records one, PATCH corrects one; …/follow-ups/ lists the actions agreed at it, and
    POST adds one."""

    serializer_class = EngagementSerializer
    write_serializer_class = change_serializer_class = EngagementWriteSerializer
    queryset = Engagement.objects.none()  # the schema's model; rows come from get_queryset
    manage = write = PartnersPerm.MANAGE_ENGAGEMENT
    fetch_record = staticmethod(fetch_engagement)
    record_name = "engagement"
    create_service = staticmethod(services.engagement_create)
    update_service = staticmethod(services.engagement_update)
    filterset_class = EngagementFilter
    search_fields = (
        "title",
        "place",
        "event",
        "topics",
        "organisations__name",
        "organisations__acronym",
    )

    def get_queryset(self) -> QuerySet[Engagement]:
        return selectors.engagement_list(user=self.request.user).prefetch_related("follow_ups")

    @children_action(FollowUpSerializer, body=FollowUpWriteSerializer, url_path="follow-ups")
    def follow_ups(self, request: Request, pk: int) -> Response:
        """The actions agreed at the engagement; POST adds one, its owner (if any) a
        colleague who manages engagements in the engagement's country."""
        engagement = self._to_manage(request, pk)
        return _owned_children(
            request,
            selectors.follow_ups_of(user=request.user, engagement=engagement),
            services.follow_up_add,
            answer=FollowUpSerializer,
            body=FollowUpWriteSerializer,
            owners=selectors.follow_up_owners(engagement=engagement),
            engagement=engagement,
        )


@extend_schema_view(
    status=extend_schema(request=FollowUpStatusSerializer, responses=FollowUpSerializer)
)
class FollowUpViewSet(_StatusViewSet):
    """A follow-up action; POST …/status/ marks it done, dropped or open again (its owner,
    or whoever manages engagements in its country)."""

    serializer_class = FollowUpSerializer
    queryset = FollowUpAction.objects.none()  # the schema's model; the record comes from get_object
    items = FollowUpAction.objects.select_related("engagement", "owner")
    read = PartnersPerm.VIEW_ENGAGEMENT
    manage = PartnersPerm.MANAGE_ENGAGEMENT
    status_body = FollowUpStatusSerializer
    item = "follow_up"
    set_status = staticmethod(services.follow_up_set_status)


class MyFollowUpViewSet(viewsets.ReadOnlyModelViewSet[FollowUpAction]):
    """The caller's open follow-up actions."""

    serializer_class = FollowUpSerializer
    queryset = FollowUpAction.objects.none()  # the schema's model; rows come from get_queryset

    def get_queryset(self) -> QuerySet[FollowUpAction]:
        return selectors.my_open_follow_ups(user=self.request.user)


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("partners", PartnerViewSet, basename="partner")
    router.register("focal-points", FocalPointViewSet, basename="focal-point")
    router.register("agreements", AgreementViewSet, basename="agreement")
    router.register("agreement-parties", PartyViewSet, basename="agreement-party")
    router.register("obligations", ObligationViewSet, basename="obligation")
    router.register("engagements", EngagementViewSet, basename="engagement")
    router.register("follow-ups", FollowUpViewSet, basename="follow-up")
    router.register("my-follow-ups", MyFollowUpViewSet, basename="my-follow-up")
    router.register("agreement-documents", AgreementDocumentViewSet, basename="agreement-document")


class AgreementDocumentViewSet(viewsets.GenericViewSet[DocumentVersion]):
    """A stored version of an agreement's document, by the id …/agreements/{id}/documents/
    lists: GET …/download/ streams its file, to those who may see the agreement."""

    queryset = DocumentVersion.objects.none()  # the schema's model; the file comes from below

    @extend_schema(
        request=None,
        responses={
            (200, content_type): OpenApiTypes.BINARY
            for content_type, _signature in services.DOCUMENT_TYPES.values()
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: int) -> FileResponse:
        """The file as it was uploaded, with its type and its original name as a download."""
        return document_file(request.user, pk)
