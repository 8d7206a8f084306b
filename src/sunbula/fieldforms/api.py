"""REST endpoints of field capture: the forms devices download, the submissions received
with their review, and the connected Kobo projects with a pull of one now."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import signed_in
from sunbula.core.api import (
    country_shown_by_iso3,
    perform_action,
    post_action,
    read_body,
    record_of_path_among,
)
from sunbula.fieldforms import selectors, services
from sunbula.fieldforms.forms import CorrectionForm
from sunbula.fieldforms.models import Attachment, FieldForm, KoboSource, Submission
from sunbula.fieldforms.permissions import FieldPerm
from sunbula.fieldforms.purposes import FIELD_REASON, MEDIA
from sunbula.fieldforms.tasks import kobo_pull_queue


class FieldFormSerializer(serializers.ModelSerializer[FieldForm]):
    country = country_shown_by_iso3()
    version = serializers.CharField(
        read_only=True, allow_null=True, help_text="The version devices download now."
    )
    md5 = serializers.CharField(
        read_only=True, allow_null=True, help_text="The MD5 hash of that version's XForm."
    )
    published_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When that version was published."
    )
    received = serializers.IntegerField(read_only=True, help_text="Submissions received.")
    waiting = serializers.IntegerField(read_only=True, help_text="Submissions awaiting review.")
    download_url = serializers.SerializerMethodField(
        help_text="Where ODK Collect, KoboCollect or Enketo download the XForm (OpenRosa)."
    )
    manifest_url = serializers.SerializerMethodField(
        help_text="The OpenRosa manifest of the form's media, for a form that has any."
    )

    class Meta:
        model = FieldForm
        fields = (
            "id",
            "form_id",
            "title",
            "purpose",
            "country",
            "cycle",
            "site",
            "is_open",
            "version",
            "md5",
            "published_at",
            "received",
            "waiting",
            "download_url",
            "manifest_url",
        )
        read_only_fields = fields

    def _openrosa(self, name: str, form: FieldForm) -> str:
        address = reverse(f"openrosa-{name}", args=[form.form_id])
        request = self.context.get("request")
        return request.build_absolute_uri(address) if request is not None else address

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, form: FieldForm) -> str:
        return self._openrosa("form", form)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_manifest_url(self, form: FieldForm) -> str | None:
        return self._openrosa("manifest", form) if form.purpose in MEDIA else None


class FieldFormViewSet(viewsets.ReadOnlyModelViewSet[FieldForm]):
    """The field forms of the caller's countries, each with the version devices download now
    and the OpenRosa address they download it from."""

    serializer_class = FieldFormSerializer
    queryset = FieldForm.objects.none()  # the schema's model; rows come from get_queryset

    def get_queryset(self) -> QuerySet[FieldForm]:
        return selectors.field_form_list(user=self.request.user)

    def get_object(self) -> FieldForm:
        return record_of_path_among(self, self.get_queryset(), perm=FieldPerm.VIEW_FIELD_FORMS)


class SubmissionSerializer(serializers.ModelSerializer[Submission]):
    form = serializers.PrimaryKeyRelatedField[FieldForm](read_only=True)
    device = serializers.SlugRelatedField[Any](slug_field="label", read_only=True, allow_null=True)
    submitted_by = serializers.SlugRelatedField[Any](
        slug_field="email", read_only=True, allow_null=True
    )
    decided_by = serializers.SlugRelatedField[Any](
        slug_field="email", read_only=True, allow_null=True
    )
    reason = serializers.CharField(
        source="shown_reason",
        read_only=True,
        help_text="Why it awaits review or was rejected, in the reader's language "
        "(a reviewer's reason as it was typed).",
    )
    records = serializers.JSONField(
        read_only=True, help_text="What it became: [model, id] for each record."
    )

    class Meta:
        model = Submission
        fields: tuple[str, ...] = (
            "id",
            "instance_id",
            "form",
            "version",
            "channel",
            "device",
            "submitted_by",
            "received_at",
            "status",
            "reason",
            "replaces",
            "records",
            "decided_by",
            "decided_at",
        )
        read_only_fields = fields


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    class Meta:
        model = Attachment
        fields = ("id", "name", "media_type", "size", "sha256")
        read_only_fields = fields


class SubmissionDetailSerializer(SubmissionSerializer):
    """A submission with its values and files: personal values masked for a reader without
    protection clearance; a file opens on the submission's page, with clearance."""

    values = serializers.SerializerMethodField(
        help_text="The values as received (or as a reviewer corrected them); a repeat "
        "(household members, prices) is a list of one object per row."
    )
    masked = serializers.SerializerMethodField(
        help_text="Whether personal values (names, birth dates, phones) are masked for you."
    )
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(SubmissionSerializer.Meta):
        fields: tuple[str, ...] = (
            *SubmissionSerializer.Meta.fields,
            "values",
            "masked",
            "attachments",
        )

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_values(self, submission: Submission) -> dict[str, Any]:
        values: dict[str, Any] = self.context["values"]
        return values

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_masked(self, submission: Submission) -> bool:
        return bool(self.context["masked"])


class SubmissionAcceptSerializer(serializers.Serializer[Any]):
    corrections = serializers.DictField(
        required=False,
        default=dict,
        help_text="Values to correct before the submission is applied, named as in its "
        "`values` (a repeat's as a list of one object per row, empty for a row left as it "
        "was). Personal values are corrected only with protection clearance.",
    )


class SubmissionRejectSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500, help_text="Why it is rejected.")


def _corrections(request: Request, submission: Submission) -> dict[str, Any]:
    """The body's corrections as the submission's page would send them: refused on
    `corrections` (400) where the page would not offer one to the caller."""
    given = read_body(SubmissionAcceptSerializer, request)["corrections"]
    form = CorrectionForm.with_changes(
        given,
        values=selectors.shown_values(user=request.user, submission=submission),
        hidden=selectors.withheld_fields(user=request.user),
    )
    if not form.is_valid():
        raise ValidationError(
            {
                "corrections": [
                    _(FIELD_REASON) % {"field": form.fields[name].label, "reason": message}
                    if name in form.fields
                    else message
                    for name, messages in form.errors.items()
                    for message in messages
                ]
            }
        )
    return form.corrections()


class SubmissionViewSet(viewsets.ReadOnlyModelViewSet[Submission]):
    """Submissions to the forms of the caller's countries, newest first (`?form=`,
    `?status=review` for the review queue). A submission's values are masked without
    protection clearance, and reading them unmasked is recorded. POST …/accept/ applies one
    awaiting review (with corrections) as the caller, …/reject/ sets it aside with a reason."""

    serializer_class = SubmissionSerializer
    queryset = Submission.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("form", "status")
    scope_perm = FieldPerm.VIEW_FIELD_FORMS

    def get_queryset(self) -> QuerySet[Submission]:
        return selectors.submission_list(user=self.request.user)

    def _to_review(self, request: Request, pk: int) -> Submission:
        """The submission of the path, where the caller reviews submissions."""
        return selectors.submission_for(user=request.user, pk=pk, review=True)

    @extend_schema(responses={200: SubmissionDetailSerializer})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        submission = selectors.submission_for(user=request.user, pk=kwargs["pk"])
        values = selectors.shown_values(user=request.user, submission=submission)
        masked = services.submission_read(
            actor=signed_in(request.user), submission=submission, values=values
        )
        context = {"request": request, "values": values, "masked": masked}
        return Response(SubmissionDetailSerializer(submission, context=context).data)

    @post_action(SubmissionSerializer, body=SubmissionAcceptSerializer)
    def accept(self, request: Request, pk: int) -> Response:
        """Apply a submission awaiting review, with the corrections given, as the caller and
        exactly as the pages would; a rule that still refuses answers 409 and says why."""
        submission = self._to_review(request, pk)
        return perform_action(
            request,
            services.submission_accept,
            answer=SubmissionSerializer,
            listed=self.get_queryset(),
            submission=submission,
            corrections=_corrections(request, submission),
        )

    @post_action(SubmissionSerializer, body=SubmissionRejectSerializer)
    def reject(self, request: Request, pk: int) -> Response:
        """Set a submission awaiting review aside, with the reason; nothing is recorded."""
        return perform_action(
            request,
            services.submission_reject,
            body=SubmissionRejectSerializer,
            answer=SubmissionSerializer,
            listed=self.get_queryset(),
            submission=self._to_review(request, pk),
        )


class KoboSourceSerializer(serializers.ModelSerializer[KoboSource]):
    form = serializers.CharField(source="form.form_id", read_only=True)
    acting_user = serializers.EmailField(source="acting_user.email", read_only=True)
    pull_problems = serializers.ListField(
        source="shown_problems",
        child=serializers.CharField(),
        read_only=True,
        help_text="The records the last pull left out, each with why, in the reader's language.",
    )
    pull_failure = serializers.CharField(
        source="shown_failure",
        read_only=True,
        help_text="Why the last pull failed (the server out of reach), in the reader's language; "
        "empty when it did not.",
    )

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
            "pull_problems",
            "pull_failure",
            "pull_failed_at",
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

    @post_action(KoboPullQueuedSerializer, status=202)
    def pull(self, request: Request, pk: int) -> Response:
        """Queue a pull of the project now, on the task queue as the scheduled pull runs."""
        source = self.get_object()
        task = kobo_pull_queue(actor=signed_in(request.user), source=source)
        return Response({"task": task}, status=status.HTTP_202_ACCEPTED)


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("fieldforms/forms", FieldFormViewSet, basename="fieldforms-form")
    router.register("fieldforms/submissions", SubmissionViewSet, basename="fieldforms-submission")
    router.register("fieldforms/kobo-sources", KoboSourceViewSet, basename="kobo-source")
