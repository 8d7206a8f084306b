"""REST endpoints of field capture: the connected Kobo projects, and a pull of one now."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import signed_in
from sunbula.fieldforms import selectors
from sunbula.fieldforms.models import KoboSource
from sunbula.fieldforms.tasks import kobo_pull_queue


class KoboSourceSerializer(serializers.ModelSerializer[KoboSource]):
    form = serializers.CharField(source="form.form_id", read_only=True)
    acting_user = serializers.EmailField(source="acting_user.email", read_only=True)

    class Meta:
        model = KoboSource
        fields = (
            "id",
            "name",
            "form",
            "server_url",
            "asset_uid",
            "mapping",
            "acting_user",
            "pulled_until",
            "last_pull_at",
        )


class KoboPullQueuedSerializer(serializers.Serializer[Any]):
    task = serializers.CharField(help_text="The id of the queued task.")


class KoboSourceViewSet(viewsets.ReadOnlyModelViewSet[KoboSource]):
    """KoboToolbox projects connected to field forms, in the countries the caller manages
    field forms for; `pull` queues a pull of one now."""

    serializer_class = KoboSourceSerializer
    queryset = KoboSource.objects.none()  # the schema's model; rows come from get_queryset

    def get_queryset(self) -> QuerySet[KoboSource]:
        return selectors.kobo_sources(user=self.request.user).order_by("name", "pk")

    def get_object(self) -> KoboSource:
        return selectors.kobo_source_for(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=None, responses={202: KoboPullQueuedSerializer})
    @action(detail=True, methods=["post"])
    def pull(self, request: Request, pk: int) -> Response:
        """Queue a pull of the project now, on the task queue as the scheduled pull runs."""
        source = self.get_object()
        task = kobo_pull_queue(actor=signed_in(request.user), source=source)
        return Response({"task": task}, status=status.HTTP_202_ACCEPTED)


def register(router: DefaultRouter) -> None:
    router.register("fieldforms/kobo-sources", KoboSourceViewSet, basename="kobo-source")
