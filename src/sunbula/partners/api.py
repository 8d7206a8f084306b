"""REST endpoints for partnerships; reads go through selectors, writes through services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import fetch, require_permission, signed_in
from sunbula.core.api import ScopedRelatedField, country_shown_by_iso3, read_body
from sunbula.core.models import Country
from sunbula.core.openapi import rule_unmet
from sunbula.partners import selectors, services
from sunbula.partners.access import fetch_agreement, fetch_engagement
from sunbula.partners.models import (
    Agreement,
    AgreementParty,
    Engagement,
    FollowUpAction,
    Partner,
)
from sunbula.partners.permissions import PartnersPerm


class PartnerSerializer(serializers.ModelSerializer[Partner]):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    countries: serializers.SlugRelatedField[Country] = serializers.SlugRelatedField(
        slug_field="iso3", many=True, read_only=True
    )

    class Meta:
        model = Partner
        fields = ("id", "organisation", "organisation_name", "roles", "sectors", "countries")


class PartySerializer(serializers.ModelSerializer[AgreementParty]):
    class Meta:
        model = AgreementParty
        fields = ("organisation", "role")


class AgreementSerializer(serializers.ModelSerializer[Agreement]):
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all())
    amends = ScopedRelatedField(
        perm=PartnersPerm.VIEW_AGREEMENT, queryset=Agreement.objects.all(), optional=True
    )
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
        read_only_fields = (
            "status",
            "signed_on",
            "signed_place",
            "valid_from",
            "valid_until",
            "termination_reason",
        )


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
        read_only_fields = (
            "engagement",
            "description",
            "description_translations",
            "owner",
            "due_on",
        )


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
            "is_illustrative",
            "follow_ups",
        )


class PartnerViewSet(viewsets.ReadOnlyModelViewSet[Partner]):
    """Partner profiles: partnership roles, sectors and countries of operation."""

    serializer_class = PartnerSerializer
    queryset = Partner.objects.none()  # the schema's model; rows come from get_queryset
    search_fields = ("organisation__name", "organisation__acronym")

    def get_queryset(self) -> QuerySet[Partner]:
        return selectors.partner_list(user=self.request.user)

    def get_object(self) -> Partner:
        return fetch(
            Partner.objects.select_related("organisation__country"),
            self.request.user,
            self.kwargs["pk"],
            perm=PartnersPerm.VIEW_PARTNER,
        )


class AgreementViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Agreement]):
    """Agreements in the caller's countries; POST …/step/ moves one along its lifecycle."""

    serializer_class = AgreementSerializer
    queryset = Agreement.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("status", "kind")
    search_fields = ("title",)

    def get_queryset(self) -> QuerySet[Agreement]:
        return selectors.agreement_list(user=self.request.user)

    def get_object(self) -> Agreement:
        return fetch_agreement(self.request.user, self.kwargs["pk"])

    def perform_create(self, serializer: serializers.BaseSerializer[Agreement]) -> None:
        scope = require_permission(self.request.user, PartnersPerm.MANAGE_AGREEMENT)
        if not scope.covers_country(serializer.validated_data["country"].pk):
            raise PermissionDenied
        serializer.instance = services.agreement_create(
            actor=signed_in(self.request.user), **serializer.validated_data
        )

    @extend_schema(
        request=StepSerializer,
        responses={
            200: AgreementSerializer,
            422: rule_unmet("The step lacks what its rule needs (a signing date, a reason)."),
        },
    )
    @action(detail=True, methods=["post"], serializer_class=StepSerializer)
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


class EngagementViewSet(viewsets.ReadOnlyModelViewSet[Engagement]):
    """Meetings, visits, calls and side events in the caller's countries, with follow-ups."""

    serializer_class = EngagementSerializer
    queryset = Engagement.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("kind",)
    search_fields = ("title", "place", "event")

    def get_queryset(self) -> QuerySet[Engagement]:
        return selectors.engagement_list(user=self.request.user).prefetch_related("follow_ups")

    def get_object(self) -> Engagement:
        return fetch_engagement(self.request.user, self.kwargs["pk"])


class MyFollowUpViewSet(viewsets.ReadOnlyModelViewSet[FollowUpAction]):
    """The caller's open follow-up actions."""

    serializer_class = FollowUpSerializer
    queryset = FollowUpAction.objects.none()  # the schema's model; rows come from get_queryset

    def get_queryset(self) -> QuerySet[FollowUpAction]:
        return selectors.my_open_follow_ups(user=self.request.user)


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("partners", PartnerViewSet, basename="partner")
    router.register("agreements", AgreementViewSet, basename="agreement")
    router.register("engagements", EngagementViewSet, basename="engagement")
    router.register("my-follow-ups", MyFollowUpViewSet, basename="my-follow-up")
