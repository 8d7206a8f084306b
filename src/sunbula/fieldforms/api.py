"""REST endpoints of field capture: the forms devices download (published, closed and opened
again), the devices that fetch them (a key issued and revoked), the submissions received with
their review, and the connected Kobo projects (added, changed, pulled now)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.validators import UniqueValidator

from sunbula.assistance.models import Cycle
from sunbula.core.access import require_permission, scope_for, signed_in
from sunbula.core.api import (
    ScopedRelatedField,
    ScopedSlugRelatedField,
    ServiceRemoveWithReasonMixin,
    admin_area_by_p_code,
    admin_area_shown_by_p_code,
    country_by_iso3,
    country_shown_by_iso3,
    perform_action,
    post_action,
    read_body,
    record_of_path_among,
)
from sunbula.core.models import Site, User
from sunbula.core.validation import refuse_control_characters
from sunbula.fieldforms import selectors, services
from sunbula.fieldforms.forms import CorrectionForm
from sunbula.fieldforms.models import (
    Attachment,
    Device,
    FieldForm,
    FormVersion,
    KoboSource,
    Purpose,
    Submission,
)
from sunbula.fieldforms.openrosa import device_server_path
from sunbula.fieldforms.permissions import FieldPerm
from sunbula.fieldforms.purposes import FIELD_REASON, MEDIA
from sunbula.fieldforms.services.kobo_sources import CONNECTED_ALREADY
from sunbula.fieldforms.tasks import kobo_pull_queue

MANAGE = FieldPerm.MANAGE_FIELD_FORMS
# A credential in an answer is shown to its caller once, and kept by no cache on the way.
NOT_KEPT = {"Cache-Control": "private, no-store"}


def form_by_form_id(**kwargs: Any) -> ScopedSlugRelatedField:
    """A field form by its form id, among those of the countries the caller manages field
    forms in; another country's is refused as one that does not exist."""
    return ScopedSlugRelatedField(
        perm=MANAGE, slug_field="form_id", queryset=FieldForm.objects.all(), **kwargs
    )


class FieldUserField(serializers.SlugRelatedField[User]):
    """Whom a device or a Kobo project acts as, by e-mail: someone who fills in field forms
    in a country the caller manages field forms in (as the pages offer them); anyone else
    is refused as one who does not exist."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="email", queryset=User.objects.none(), **kwargs)

    def get_queryset(self) -> QuerySet[User]:
        request = self.context.get("request")
        return selectors.field_users(scope=scope_for(getattr(request, "user", None), MANAGE))


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


class FormPublishInput(serializers.Serializer[Any]):
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    title = serializers.CharField(max_length=200)
    country = country_by_iso3(MANAGE)
    cycle = ScopedRelatedField(
        perm=MANAGE,
        queryset=Cycle.objects.all(),
        optional=True,
        help_text="For a distribution or a monitoring form only.",
    )
    site = ScopedRelatedField(
        perm=MANAGE,
        queryset=Site.objects.all(),
        optional=True,
        help_text="For a distribution form only.",
    )


class FormOpenInput(serializers.Serializer[Any]):
    is_open = serializers.BooleanField(
        help_text="false closes the form: devices no longer list it, and what a phone sends "
        "late is kept for review; true opens it again."
    )


class FieldFormViewSet(viewsets.ReadOnlyModelViewSet[FieldForm]):
    """The field forms of the caller's countries, each with the version devices download now
    and the OpenRosa address they download it from. POST publishes the purpose's form for a
    country (a new version of the form published before), where the caller manages field
    forms; POST …/open/ closes a form for submissions or opens it again."""

    serializer_class = FieldFormSerializer
    write_serializer_class = FormPublishInput
    queryset = FieldForm.objects.none()  # the schema's model; rows come from get_queryset
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[FieldForm]:
        return selectors.field_form_list(user=self.request.user)

    def get_object(self) -> FieldForm:
        return record_of_path_among(self, self.get_queryset(), perm=FieldPerm.VIEW_FIELD_FORMS)

    def _answer(self, form: FieldForm, status_code: int = status.HTTP_200_OK) -> Response:
        listed = self.get_queryset().get(pk=form.pk)
        context = self.get_serializer_context()
        return Response(FieldFormSerializer(listed, context=context).data, status=status_code)

    @extend_schema(request=FormPublishInput, responses={201: FieldFormSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Publish the purpose's XLSForm as a new version of its form, as the publish page does."""
        actor = signed_in(request.user)
        require_permission(actor, MANAGE)
        published: FormVersion = services.form_publish(
            actor=actor, **read_body(FormPublishInput, request)
        )
        return self._answer(published.form, status.HTTP_201_CREATED)

    @post_action(FieldFormSerializer, body=FormOpenInput)
    def open(self, request: Request, pk: int) -> Response:
        """Close the form for submissions (`is_open`: false) or open it again (true)."""
        form = selectors.field_form(user=request.user, pk=pk, manage=True)
        values = read_body(FormOpenInput, request)
        services.form_open_set(actor=signed_in(request.user), form=form, **values)
        return self._answer(form)


class DeviceSerializer(serializers.ModelSerializer[Device]):
    user = serializers.EmailField(source="user.email", read_only=True, help_text="Acts as.")
    country = country_shown_by_iso3()
    admin_area = admin_area_shown_by_p_code()
    forms = serializers.SlugRelatedField[FieldForm](
        slug_field="form_id", many=True, read_only=True, help_text="The forms it may fetch."
    )
    received = serializers.IntegerField(read_only=True, help_text="Submissions received.")

    class Meta:
        model = Device
        fields: tuple[str, ...] = (
            "id",
            "label",
            "user",
            "country",
            "site",
            "admin_area",
            "forms",
            "issued_at",
            "revoked_at",
            "received",
        )
        read_only_fields = fields


class DeviceIssuedSerializer(DeviceSerializer):
    """A device just issued, with its key: shown this once, never again."""

    token = serializers.SerializerMethodField(
        help_text="The device's key, shown only in this answer: Sunbula keeps only its digest."
    )
    server_url = serializers.SerializerMethodField(
        help_text="The server address to set on the device (ODK Collect, KoboCollect); it "
        "holds the key, and is shown only in this answer."
    )

    class Meta(DeviceSerializer.Meta):
        fields = (*DeviceSerializer.Meta.fields, "token", "server_url")
        read_only_fields = fields

    def get_token(self, device: Device) -> str:
        return str(self.context["token"])

    @extend_schema_field(OpenApiTypes.URI)
    def get_server_url(self, device: Device) -> str:
        address = device_server_path(self.context["token"])
        request = self.context.get("request")
        return request.build_absolute_uri(address) if request is not None else address


class DeviceIssueInput(serializers.Serializer[Any]):
    label = serializers.CharField(max_length=200)  # type: ignore[assignment]
    user = FieldUserField(
        help_text="The e-mail of whom it acts as: someone who fills in field forms in your "
        "countries."
    )
    country = country_by_iso3(MANAGE)
    site = ScopedRelatedField(
        perm=MANAGE, queryset=Site.objects.all(), optional=True, help_text="Only at this site."
    )
    admin_area = admin_area_by_p_code(MANAGE)
    forms = form_by_form_id(many=True, allow_empty=False, help_text="The forms it may fetch.")


class DeviceViewSet(viewsets.ReadOnlyModelViewSet[Device]):
    """The shared devices of the countries the caller manages field forms in. POST issues a
    key for one, kept to a site or an area and to some forms (the key and the server address
    holding it are in that answer only); POST …/revoke/ stops its key at once."""

    serializer_class = DeviceSerializer
    write_serializer_class = DeviceIssueInput
    queryset = Device.objects.none()  # the schema's model; rows come from get_queryset
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Device]:
        return selectors.device_list(user=self.request.user)

    def get_object(self) -> Device:
        return record_of_path_among(self, self.get_queryset(), perm=MANAGE)

    @extend_schema(request=DeviceIssueInput, responses={201: DeviceIssuedSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Issue a key for a shared device, as the devices page does."""
        actor = signed_in(request.user)
        require_permission(actor, MANAGE)
        device, token = services.device_issue(actor=actor, **read_body(DeviceIssueInput, request))
        context = {"request": request, "token": token}
        answer = DeviceIssuedSerializer(self.get_queryset().get(pk=device.pk), context=context)
        return Response(answer.data, status=status.HTTP_201_CREATED, headers=NOT_KEPT)

    @post_action(DeviceSerializer)
    def revoke(self, request: Request, pk: int) -> Response:
        """Stop the device's key at once; its submissions stay. Revoking it again changes
        nothing."""
        return perform_action(
            request,
            services.device_revoke,
            answer=DeviceSerializer,
            listed=self.get_queryset(),
            device=selectors.device_for(user=request.user, pk=pk),
        )


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


class KoboPullInput(serializers.Serializer[Any]):
    from_start = serializers.BooleanField(
        default=False,
        help_text="Pull every submission again, not only those since the last pull: Kobo says "
        "of no submission when it was edited, so edits made in Kobo come in only so.",
    )


class KoboSourceChangeInput(serializers.Serializer[Any]):
    """What may change on a connected project; a field left out stays as it is."""

    name = serializers.CharField(max_length=200)
    form = form_by_form_id(help_text="The form id of the field form it feeds.")
    server_url = serializers.URLField(max_length=200, help_text="The Kobo server.")
    acting_user = FieldUserField(
        help_text="The e-mail of whom its submissions are recorded as: someone who fills in "
        "field forms in your countries."
    )
    mapping = serializers.DictField(
        child=serializers.CharField(max_length=200),
        help_text="Kobo column → Sunbula field; a column not named keeps its last path segment.",
    )
    secret = serializers.CharField(
        max_length=200,
        write_only=True,
        allow_blank=True,
        help_text="The shared secret of its REST service; never shown again. Left out or "
        "empty, the current one stays.",
    )

    def validate_mapping(self, mapping: dict[str, str]) -> dict[str, str]:
        for column in mapping:
            if not column.strip() or len(column) > 200:
                raise serializers.ValidationError(
                    gettext_lazy("Name each Kobo column, in at most 200 characters.")
                )
            refuse_control_characters(column)
        return {column.strip(): field.strip() for column, field in mapping.items()}


class KoboSourceInput(KoboSourceChangeInput):
    """A project to connect: its asset uid once, and the shared secret of its REST service."""

    asset_uid = serializers.SlugField(
        max_length=64,
        validators=[
            UniqueValidator(
                queryset=KoboSource.objects.all(), message=gettext_lazy(CONNECTED_ALREADY)
            )
        ],
        help_text="The project's asset uid; a project connected already is changed by PATCH.",
    )
    server_url = serializers.URLField(
        max_length=200, default="https://kf.kobotoolbox.org", help_text="The Kobo server."
    )
    mapping = serializers.DictField(
        child=serializers.CharField(max_length=200),
        default=dict,
        help_text="Kobo column → Sunbula field; a column not named keeps its last path segment.",
    )
    secret = serializers.CharField(
        max_length=200,
        write_only=True,
        help_text="The shared secret of its REST service; never shown again.",
    )


class KoboSourceViewSet(ServiceRemoveWithReasonMixin, viewsets.ReadOnlyModelViewSet[KoboSource]):
    """KoboToolbox projects connected to field forms, in the countries the caller manages
    field forms for. POST connects one, PATCH changes one (the shared secret is taken, never
    shown); `pull` queues a pull of one now; POST …/remove/ disconnects one, with a reason
    (the submissions it brought stay)."""

    serializer_class = KoboSourceSerializer
    queryset = KoboSource.objects.none()  # the schema's model; rows come from get_queryset
    http_method_names = ["get", "post", "patch", "head", "options"]
    fetch_record = staticmethod(selectors.fetch_kobo_source)
    write = MANAGE
    record_name = "source"
    remove_service = staticmethod(services.kobo_source_remove)

    def get_queryset(self) -> QuerySet[KoboSource]:
        return selectors.kobo_sources(user=self.request.user).order_by("name", "pk")

    def get_object(self) -> KoboSource:
        return selectors.fetch_kobo_source(self.request.user, self.kwargs["pk"])

    @extend_schema(request=KoboSourceInput, responses={201: KoboSourceSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Connect a Kobo project to a field form, as the Kobo page does."""
        actor = signed_in(request.user)
        require_permission(actor, MANAGE)
        source = services.kobo_source_save(actor=actor, **read_body(KoboSourceInput, request))
        answer = KoboSourceSerializer(self.get_queryset().get(pk=source.pk))
        return Response(answer.data, status=status.HTTP_201_CREATED)

    @extend_schema(request=KoboSourceChangeInput, responses={200: KoboSourceSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a connected project: what the body gives, the rest as it is."""
        source = self.get_object()
        changes = read_body(KoboSourceChangeInput, request, partial=True)
        saved = services.kobo_source_save(
            actor=signed_in(request.user),
            asset_uid=source.asset_uid,
            name=changes.get("name", source.name),
            form=changes.get("form", source.form),
            acting_user=changes.get("acting_user", source.acting_user),
            mapping=changes.get("mapping", source.mapping),
            server_url=changes.get("server_url", source.server_url),
            secret=changes.get("secret", ""),
        )
        return Response(KoboSourceSerializer(self.get_queryset().get(pk=saved.pk)).data)

    @post_action(KoboPullQueuedSerializer, body=KoboPullInput, status=202)
    def pull(self, request: Request, pk: int) -> Response:
        """Queue a pull of the project now, on the task queue as the scheduled pull runs
        (`from_start`: of every submission again)."""
        source = self.get_object()
        asked = read_body(KoboPullInput, request)
        task = kobo_pull_queue(actor=signed_in(request.user), source=source, **asked)
        return Response({"task": task}, status=status.HTTP_202_ACCEPTED)


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("fieldforms/forms", FieldFormViewSet, basename="fieldforms-form")
    router.register("fieldforms/submissions", SubmissionViewSet, basename="fieldforms-submission")
    router.register("fieldforms/devices", DeviceViewSet, basename="fieldforms-device")
    router.register("fieldforms/kobo-sources", KoboSourceViewSet, basename="kobo-source")
