"""REST endpoints of this domain, registered on the /api/v1/ router.

Reads come from selectors (events by host country, registrations also by the participant's
country); the decisions on a registration call the same services as the pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import fetch, signed_in
from sunbula.core.http import required_int_param
from sunbula.learning import selectors, services
from sunbula.learning.access import (
    fetch_event,
    registrations,
)
from sunbula.learning.models import Event, EventSession, Registration
from sunbula.learning.permissions import LearningPerm


class SessionSerializer(serializers.ModelSerializer[EventSession]):
    class Meta:
        model = EventSession
        fields = ("id", "title", "title_translations", "starts_at", "ends_at")


class EventSerializer(serializers.ModelSerializer[Event]):
    sessions = SessionSerializer(many=True, read_only=True)
    programme = serializers.CharField(source="programme.code", default=None)
    project = serializers.CharField(source="project.code", default=None)
    country = serializers.CharField(source="country.iso3", default=None)

    class Meta:
        model = Event
        fields = (
            "id",
            "title",
            "title_translations",
            "kind",
            "modality",
            "programme",
            "project",
            "country",
            "starts_on",
            "ends_on",
            "time_zone",
            "working_language",
            "interpretation_languages",
            "capacity",
            "approval_required",
            "certificate_share",
            "is_illustrative",
            "sessions",
        )


class RegistrationSerializer(serializers.ModelSerializer[Registration]):
    country = serializers.CharField(source="country.iso3")

    class Meta:
        model = Registration
        fields = (
            "id",
            "event",
            "full_name",
            "email",
            "country",
            "institution",
            "role",
            "language",
            "listening_language",
            "status",
            "rejection_reason",
            "offer_expires_at",
            "invited",
            "submitted_at",
            "is_illustrative",
        )


class RejectSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=255)


class EventViewSet(viewsets.ReadOnlyModelViewSet[Event]):
    """Events in the user's scope, with their sessions; registrations per event."""

    serializer_class = EventSerializer

    def get_queryset(self) -> QuerySet[Event]:
        return selectors.event_list(user=self.request.user).prefetch_related("sessions")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = fetch_event(request.user, kwargs["pk"])
        return Response(EventSerializer(event).data)

    @action(detail=True, methods=["get"])
    def headcount(self, request: Request, pk: int) -> Response:
        event = fetch_event(request.user, pk)
        rows = selectors.interpretation_headcount(user=request.user, event=event)
        return Response(
            [{"language": row.language, "participants": row.participants} for row in rows]
        )


class RegistrationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Registration]):
    """An event's registrations (`?event=<id>`), and the decisions on one: approve, reject."""

    serializer_class = RegistrationSerializer

    def get_queryset(self) -> QuerySet[Registration]:
        event = fetch_event(self.request.user, required_int_param(self.request, "event"))
        return selectors.registration_list(user=self.request.user, event=event)

    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: int) -> Response:
        registration = fetch(
            registrations(request.user),
            request.user,
            pk,
            perm=LearningPerm.MANAGE_REGISTRATION,
        )
        fetch_event(request.user, registration.event_id, write=LearningPerm.MANAGE_EVENT)
        services.registration_approve(actor=signed_in(request.user), registration=registration)
        return Response(RegistrationSerializer(registration).data)

    @action(detail=True, methods=["post"], serializer_class=RejectSerializer)
    def reject(self, request: Request, pk: int) -> Response:
        registration = fetch(
            registrations(request.user),
            request.user,
            pk,
            perm=LearningPerm.MANAGE_REGISTRATION,
        )
        fetch_event(request.user, registration.event_id, write=LearningPerm.MANAGE_EVENT)
        body = RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.registration_reject(
            actor=signed_in(request.user),
            registration=registration,
            reason=body.validated_data["reason"],
        )
        return Response(RegistrationSerializer(registration).data)


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("learning/events", EventViewSet, basename="learning-event")
    router.register("learning/registrations", RegistrationViewSet, basename="learning-registration")
