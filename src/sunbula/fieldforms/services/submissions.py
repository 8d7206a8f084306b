"""Submissions: received once per instance id and applied, or kept for review and then
accepted with corrections or rejected; readings of their personal values and files."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sunbula.core.access import has_protection_clearance
from sunbula.core.audit import audit_record, audit_values_forget, reading_recorded, snapshot
from sunbula.core.models import User
from sunbula.core.reasons import Reason
from sunbula.fieldforms.models import Attachment, Channel, Device, FieldForm, Submission
from sunbula.fieldforms.payloads import holds_personal, seal_payload, submission_values
from sunbula.fieldforms.purposes import APPLY, REFUSALS, Context, refusal_reasons
from sunbula.fieldforms.purposes import Refused as Refused
from sunbula.fieldforms.xforms import Values
from sunbula.registry import protection


class SubmissionConflict(Refused):
    """The same instance id came back with other values."""


@dataclass(frozen=True)
class Upload:
    """A file sent with a submission."""

    name: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class Received:
    submission: Submission
    created: bool


def _attach(submission: Submission, attachments: Sequence[Upload]) -> None:
    known = set(submission.attachments.values_list("name", flat=True))
    Attachment.objects.bulk_create(
        Attachment(
            submission=submission,
            name=upload.name[:255],
            media_type=upload.media_type[:100],
            size=len(upload.content),
            sha256=hashlib.sha256(upload.content).hexdigest(),
            sealed=protection.seal({"content": base64.b64encode(upload.content).decode()}),
        )
        for upload in attachments
        if upload.name not in known
    )


def _apply(
    submission: Submission, values: Values, actor: User, device: Device | None
) -> tuple[Reason, ...]:
    """Apply the submission through its purpose, all of it or nothing; a refusal keeps it
    for review with its reasons, kept untranslated, and returns them."""
    form = submission.form
    edits = submission.replaces
    context = Context(
        form=form,
        actor=actor,
        device=device,
        instance_id=submission.instance_id,
        edits=edits if edits is not None and edits.status == Submission.Status.APPLIED else None,
    )
    try:
        with transaction.atomic():
            if not form.is_open:
                raise Refused(Reason(gettext_noop("The form is closed for submissions.")))
            records = APPLY[form.purpose](context, values)
    except REFUSALS as error:
        reasons = refusal_reasons(error)
        submission.status = Submission.Status.REVIEW
        submission.reason = ""
        submission.refusal = [reason.as_dict() for reason in reasons]
        return reasons
    submission.status = Submission.Status.APPLIED
    submission.reason = ""
    submission.refusal = []
    submission.records = [[record._meta.label_lower, record.pk] for record in records]
    if edits is not None:
        Submission.objects.filter(pk=edits.pk).update(status=Submission.Status.REPLACED)
    return ()


def _same(existing: Submission, digest: str, values: Values) -> bool:
    """Whether a submission sent again is the one received: the same payload, or the same
    values in another wrapping (Kobo's record after a reviewer set its validation status, or
    as its REST service pushed it rather than as its API lists it)."""
    if existing.digest == digest:
        return True
    return bool(existing.sealed) and submission_values(existing) == values


def _again(
    existing: Submission, digest: str, values: Values, attachments: Sequence[Upload]
) -> Received:
    if not _same(existing, digest, values):
        raise SubmissionConflict(
            Reason(
                gettext_noop(
                    "A different submission with the instance id %(id)s was received before."
                ),
                {"id": existing.instance_id},
            )
        )
    # A device splits a large submission over several posts, each repeating the XML; one
    # whose values were erased with a person takes no file back.
    if existing.sealed:
        with transaction.atomic():
            _attach(existing, attachments)
    return Received(existing, created=False)


def submission_receive(
    *,
    actor: User,
    form: FieldForm,
    instance_id: str,
    payload: bytes,
    values: Values,
    channel: str = Channel.OPENROSA,
    version: str = "",
    deprecated_id: str = "",
    device: Device | None = None,
    attachments: Sequence[Upload] = (),
) -> Received:
    """Store a submission once per instance id and apply it as `actor`; the same instance
    again adds only attachments not yet received, and writes nothing else. With
    `deprecated_id` it is an edit: of a submission awaiting review it takes the place, of
    an applied one it changes what that one recorded."""
    digest = hashlib.sha256(payload).hexdigest()
    existing = Submission.objects.filter(instance_id=instance_id).first()
    if existing is not None:
        return _again(existing, digest, values, attachments)
    try:
        with transaction.atomic():
            edits = (
                Submission.objects.select_for_update().filter(instance_id=deprecated_id).first()
                if deprecated_id
                else None
            )
            submission = Submission.objects.create(
                instance_id=instance_id,
                form=form,
                version=version,
                channel=channel,
                submitted_by=actor,
                device=device,
                received_at=timezone.now(),
                sealed=seal_payload(payload, values),
                digest=digest,
                status=Submission.Status.REVIEW,
                replaces=edits,
            )
            _attach(submission, attachments)
            _apply(submission, values, actor, device)
            if edits is not None and edits.status == Submission.Status.REVIEW:
                Submission.objects.filter(pk=edits.pk).update(status=Submission.Status.REPLACED)
            submission.save(update_fields=["status", "reason", "refusal", "records"])
            audit_record(
                actor=actor,
                action="fieldforms.submission.received",
                obj=submission,
                after=snapshot(
                    submission, ("form", "channel", "device", "status", "refusal", "records")
                ),
            )
    except IntegrityError:
        # The same instance sent twice at once: the other post stored it first.
        existing = Submission.objects.filter(instance_id=instance_id).first()
        if existing is None:
            raise
        return _again(existing, digest, values, attachments)
    return Received(submission, created=True)


def _waiting(submission: Submission) -> Submission:
    locked = (
        Submission.objects.select_for_update(of=("self",))
        .select_related(
            "form__country",
            "form__cycle",
            "form__site",
            "replaces",
            "device__site__admin_area",
            "device__admin_area",
        )
        .get(pk=submission.pk)
    )
    if locked.status != Submission.Status.REVIEW:
        raise Refused(Reason(gettext_noop("This submission is not awaiting review.")))
    return locked


def _corrected(values: Values, corrections: Mapping[str, Any]) -> Values:
    """The values with the reviewer's corrections: a repeat's corrections are one dict per
    row, each laid over that row."""
    merged = dict(values)
    for name, correction in corrections.items():
        rows = merged.get(name)
        if isinstance(rows, list) and isinstance(correction, list):
            merged[name] = [
                {**row, **(correction[index] if index < len(correction) else {})}
                if isinstance(row, dict)
                else row
                for index, row in enumerate(rows)
            ]
        else:
            merged[name] = correction
    return merged


@transaction.atomic
def submission_accept(
    *, actor: User, submission: Submission, corrections: Mapping[str, Any]
) -> Submission:
    """Apply a submission kept for review with the reviewer's corrections, as the reviewer,
    exactly as the pages would and within the limits of the device that sent it (its site or
    area, as on receipt); a rule that still refuses writes nothing and says why. A repeat's
    corrections are a list of dicts, one per row, of the values changed in it."""
    submission = _waiting(submission)
    values = _corrected(submission_values(submission), corrections)
    payload = protection.unseal(submission.sealed).get("payload", "").encode()
    refused = _apply(submission, values, actor, submission.device)
    if submission.status != Submission.Status.APPLIED:
        raise Refused(*refused)
    submission.sealed = seal_payload(payload, values)
    submission.decided_by = actor
    submission.decided_at = timezone.now()
    submission.save(
        update_fields=[
            "status",
            "reason",
            "refusal",
            "records",
            "sealed",
            "decided_by",
            "decided_at",
        ]
    )
    audit_record(
        actor=actor,
        action="fieldforms.submission.accepted",
        obj=submission,
        before={"status": Submission.Status.REVIEW},
        after={
            "status": submission.status,
            "corrected": sorted(corrections),
            "records": submission.records,
        },
    )
    return submission


@transaction.atomic
def submission_reject(*, actor: User, submission: Submission, reason: str) -> Submission:
    """Set a submission kept for review aside, with the reason; it writes nothing."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the submission is rejected.")})
    submission = _waiting(submission)
    submission.status = Submission.Status.REJECTED
    submission.reason = reason.strip()
    submission.refusal = []
    submission.decided_by = actor
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "reason", "refusal", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="fieldforms.submission.rejected",
        obj=submission,
        before={"status": Submission.Status.REVIEW},
        after={"status": submission.status, "reason": submission.reason},
    )
    return submission


def submission_read(*, actor: User, submission: Submission, values: Values) -> bool:
    """Whether the reader sees the submission's `values` masked: they hold personal values
    and the reader has no protection clearance. A reader with clearance sees them unmasked,
    and the reading is recorded as any reading of personal data unmasked."""
    if not holds_personal(values):
        return False
    if not has_protection_clearance(actor):
        return True
    with reading_recorded():
        audit_record(
            actor=actor,
            action="fieldforms.submission.viewed_unmasked",
            obj=submission,
            after={"submission": submission.pk},
        )
    return False


def attachment_open(*, actor: User, attachment: Attachment) -> bytes:
    """The content of a submission's file, for a reader with protection clearance; the
    reading is recorded as any reading of personal data unmasked."""
    content = base64.b64decode(protection.unseal(attachment.sealed)["content"])
    with reading_recorded():
        audit_record(
            actor=actor,
            action="fieldforms.attachment.viewed_unmasked",
            obj=attachment,
            after={"submission": attachment.submission_id, "sha256": attachment.sha256},
        )
    return content


# What an erased person's submissions no longer keep beside their values: the reasons a
# refusal or a reviewer gave, which may quote a value (a birth date that was refused).
ERASED_REASONS = {"refusal": [], "reason": ""}


@transaction.atomic
def submissions_erase(*, actor: User, submissions: Sequence[Submission]) -> dict[str, int]:
    """Clear the values, files and reasons of the submissions that registered or changed a
    person whose personal data is erased (registry.services.person_erase), here and in their
    earlier audit entries. Each keeps its status, form and instance id, so that a device
    sending it again is recognised and nothing is applied twice."""
    files = 0
    audit_values_forget(records=submissions, blanks=ERASED_REASONS)
    for submission in submissions:
        removed, _kinds = Attachment.objects.filter(submission=submission).delete()
        files += removed
        submission.sealed = ""
        submission.reason = ""
        submission.refusal = []
        submission.save(update_fields=["sealed", "reason", "refusal"])
        audit_record(
            actor=actor,
            action="fieldforms.submission.erased",
            obj=submission,
            after={"status": submission.status, "files_removed": removed},
        )
    return {"submissions_erased": len(submissions), "submission_files_removed": files}
