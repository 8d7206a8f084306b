"""Every write of field capture: publishing forms, issuing and revoking device tokens,
receiving submissions (OpenRosa, Kobo push and pull) and deciding those kept for review.

A submission is stored once per instance id, sealed like personal data, then applied
through its purpose's services in a savepoint: all of it or, when a rule refuses, nothing,
and the submission waits for review with the reason.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.assistance.models import Cycle
from sunbula.core.access import reaches
from sunbula.core.audit import audit_record, reading_recorded, snapshot
from sunbula.core.errors import DomainError
from sunbula.core.models import AdminArea, Country, Site, User
from sunbula.fieldforms.kobo_client import kobo_data_url, kobo_fetch, submitted_at
from sunbula.fieldforms.models import (
    Attachment,
    Channel,
    Device,
    FieldForm,
    FormVersion,
    KoboSource,
    Purpose,
    Submission,
)
from sunbula.fieldforms.payloads import seal_payload, submission_values, token_digest
from sunbula.fieldforms.permissions import FieldPerm
from sunbula.fieldforms.purposes import APPLY, REFUSALS, Context, Refused, refusal_reason
from sunbula.fieldforms.xforms import Values, kobo_values, md5_hex, xform_build
from sunbula.registry import protection


class SubmissionConflict(DomainError):
    """The same instance id came back with other content."""


# Forms and devices


def _form_id(purpose: str, country: Country, cycle: Cycle | None, site: Site | None) -> str:
    parts = [purpose, country.iso3.lower()]
    if cycle is not None:
        parts.append(f"c{cycle.pk}")
    if site is not None:
        parts.append(f"s{site.pk}")
    return "_".join(parts)


@transaction.atomic
def form_publish(
    *,
    actor: User | None,
    purpose: str,
    country: Country,
    title: str,
    cycle: Cycle | None = None,
    site: Site | None = None,
) -> FormVersion:
    """Publish the purpose's XLSForm as a new version of its form for the country (and, for
    a distribution, the cycle and site); devices see the new version in their form list."""
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Choose a purpose.")})
    if purpose == Purpose.DISTRIBUTION:
        if cycle is None or site is None:
            raise ValidationError({"cycle": _("A distribution form needs a cycle and a site.")})
        if cycle.country_id != country.pk or site.country_id != country.pk:
            raise ValidationError({"site": _("The cycle and the site are in another country.")})
    elif purpose == Purpose.MONITORING:
        if cycle is None or cycle.country_id != country.pk:
            raise ValidationError({"cycle": _("A monitoring form needs a cycle of the country.")})
        site = None
    else:
        cycle = site = None
    form, created = FieldForm.objects.select_for_update().get_or_create(
        form_id=_form_id(purpose, country, cycle, site),
        defaults={
            "title": title,
            "purpose": purpose,
            "country": country,
            "cycle": cycle,
            "site": site,
        },
    )
    if not created and form.title != title:
        form.title = title
        form.save(update_fields=["title"])
    version = str(form.versions.count() + 1)
    xform = xform_build(purpose=purpose, form_id=form.form_id, title=title, version=version)
    published = FormVersion.objects.create(
        form=form, version=version, xform=xform, md5=md5_hex(xform), published_by=actor
    )
    audit_record(
        actor=actor,
        action="fieldforms.form.published",
        obj=form,
        after={
            **snapshot(form, ("form_id", "purpose", "country", "cycle", "site")),
            "version": version,
        },
    )
    return published


@transaction.atomic
def device_issue(
    *,
    actor: User | None,
    label: str,
    user: User,
    country: Country,
    forms: Sequence[FieldForm],
    site: Site | None = None,
    admin_area: AdminArea | None = None,
) -> tuple[Device, str]:
    """Issue a token for a shared device: it acts as `user`, only at the site or in the area
    given and only with these forms. The token is shown once; only its digest is kept."""
    if site is not None and site.country_id != country.pk:
        raise ValidationError({"site": _("The site is in another country.")})
    if admin_area is not None and admin_area.country_id != country.pk:
        raise ValidationError({"admin_area": _("The area is in another country.")})
    if any(form.country_id != country.pk for form in forms):
        raise ValidationError({"forms": _("A form is for another country.")})
    if not all(reaches(user, FieldPerm.VIEW_FIELD_FORMS, form) for form in forms):
        raise ValidationError(
            {
                "user": _(
                    "%(user)s may not see these forms: give them a role in the country first."
                )
                % {"user": user}
            }
        )
    token = secrets.token_urlsafe(32)
    device = Device(
        label=label,
        user=user,
        token_digest=token_digest(token),
        country=country,
        site=site,
        admin_area=admin_area,
        issued_by=actor,
    )
    device.full_clean()
    device.save()
    device.forms.set(forms)
    audit_record(
        actor=actor,
        action="fieldforms.device.issued",
        obj=device,
        after=snapshot(device, ("label", "user", "country", "site", "admin_area", "forms")),
    )
    return device, token


@transaction.atomic
def device_revoke(*, actor: User | None, device: Device) -> Device:
    """The device's token stops working at once; its submissions stay. A device revoked
    already stays as it was, with no second entry in the audit log."""
    device = Device.objects.select_for_update().get(pk=device.pk)
    if device.revoked_at is not None:
        return device
    device.revoked_at = timezone.now()
    device.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="fieldforms.device.revoked",
        obj=device,
        after={"revoked_at": device.revoked_at},
    )
    return device


# Submissions


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


def _apply(submission: Submission, values: Values, actor: User, device: Device | None) -> None:
    """Apply the submission through its purpose, all of it or nothing; a refusal keeps it
    for review with the reason."""
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
                raise Refused(_("The form is closed for submissions."))
            records = APPLY[form.purpose](context, values)
    except REFUSALS as error:
        submission.status = Submission.Status.REVIEW
        submission.reason = refusal_reason(error)
        return
    submission.status = Submission.Status.APPLIED
    submission.reason = ""
    submission.records = [[record._meta.label_lower, record.pk] for record in records]
    if edits is not None:
        Submission.objects.filter(pk=edits.pk).update(status=Submission.Status.REPLACED)


def _again(existing: Submission, digest: str, attachments: Sequence[Upload]) -> Received:
    if existing.digest != digest:
        raise SubmissionConflict(
            _("A different submission with the instance id %(id)s was received before.")
            % {"id": existing.instance_id}
        )
    # A device splits a large submission over several posts, each repeating the XML.
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
        return _again(existing, digest, attachments)
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
            submission.save(update_fields=["status", "reason", "records"])
            audit_record(
                actor=actor,
                action="fieldforms.submission.received",
                obj=submission,
                after=snapshot(
                    submission, ("form", "channel", "device", "status", "reason", "records")
                ),
            )
    except IntegrityError:
        # The same instance sent twice at once: the other post stored it first.
        existing = Submission.objects.filter(instance_id=instance_id).first()
        if existing is None:
            raise
        return _again(existing, digest, attachments)
    return Received(submission, created=True)


def _waiting(submission: Submission) -> Submission:
    locked = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("form__country", "form__cycle", "form__site", "replaces")
        .get(pk=submission.pk)
    )
    if locked.status != Submission.Status.REVIEW:
        raise Refused(_("This submission is not awaiting review."))
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
    exactly as the pages would; a rule that still refuses writes nothing and says why. A
    repeat's corrections are a list of dicts, one per row, of the values changed in it."""
    submission = _waiting(submission)
    values = _corrected(submission_values(submission), corrections)
    payload = protection.unseal(submission.sealed).get("payload", "").encode()
    _apply(submission, values, actor, None)
    if submission.status != Submission.Status.APPLIED:
        raise Refused(submission.reason)
    submission.sealed = seal_payload(payload, values)
    submission.decided_by = actor
    submission.decided_at = timezone.now()
    submission.save(
        update_fields=["status", "reason", "records", "sealed", "decided_by", "decided_at"]
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
    submission.decided_by = actor
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="fieldforms.submission.rejected",
        obj=submission,
        before={"status": Submission.Status.REVIEW},
        after={"status": submission.status, "reason": submission.reason},
    )
    return submission


def submission_read(*, actor: User, submission: Submission) -> None:
    """A reader with protection clearance saw the submission's personal values unmasked;
    the reading is recorded as any reading of personal data unmasked."""
    with reading_recorded():
        audit_record(
            actor=actor,
            action="fieldforms.submission.viewed_unmasked",
            obj=submission,
            after={"submission": submission.pk},
        )


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


# KoboToolbox


@transaction.atomic
def kobo_source_save(
    *,
    actor: User | None,
    name: str,
    form: FieldForm,
    asset_uid: str,
    acting_user: User,
    mapping: Mapping[str, str],
    secret: str = "",
    server_url: str = "https://kf.kobotoolbox.org",
) -> KoboSource:
    """Connect a Kobo project (by asset uid) to a form's purpose, with the column mapping;
    a new shared secret replaces the old one, none keeps it."""
    source = KoboSource.objects.select_for_update().filter(asset_uid=asset_uid).first()
    before = snapshot(source, ("name", "form", "mapping", "acting_user")) if source else None
    if source is None:
        if not secret:
            raise ValidationError({"secret": _("Give the shared secret of the REST service.")})
        source = KoboSource(asset_uid=asset_uid)
    source.name, source.form, source.acting_user = name, form, acting_user
    source.server_url = server_url
    source.mapping = {str(column): str(field) for column, field in mapping.items()}
    if secret:
        source.secret_digest = token_digest(secret)
    source.full_clean()
    source.save()
    audit_record(
        actor=actor,
        action="fieldforms.kobosource.saved",
        obj=source,
        before=before,
        after=snapshot(source, ("name", "form", "mapping", "acting_user")),
    )
    return source


def _kobo_receive(source: KoboSource, record: Mapping[str, Any], channel: str) -> Received:
    uuid = str(record.get("_uuid") or "")
    if not uuid:
        raise ValidationError({"_uuid": _("The Kobo record has no _uuid.")})
    deprecated = str(record.get("meta/deprecatedID") or "")
    return submission_receive(
        actor=source.acting_user,
        form=source.form,
        instance_id=f"uuid:{uuid.removeprefix('uuid:')}",
        payload=json.dumps(record, ensure_ascii=False, sort_keys=True).encode(),
        values=kobo_values(dict(record), source.mapping, source.form.purpose),
        channel=channel,
        version=str(record.get("__version__") or ""),
        deprecated_id=deprecated,
    )


def kobo_push_receive(*, source: KoboSource, record: Mapping[str, Any]) -> Received:
    """One submission Kobo's REST service pushed, as its acting user (audited as received)."""
    return _kobo_receive(source, record, Channel.KOBO_PUSH)


@transaction.atomic
def kobo_pull_request(*, actor: User, source: KoboSource) -> KoboSource:
    """Note that a person asked for a pull of the project now; the queue runs it."""
    audit_record(
        actor=actor,
        action="fieldforms.kobosource.pull_requested",
        obj=source,
        after={"pulled_until": source.pulled_until},
    )
    return source


def kobo_pull(
    *,
    actor: User | None,
    source: KoboSource,
    fetch: Callable[[str], dict[str, Any]] = kobo_fetch,
) -> int:
    """Pull a Kobo project's submissions since the last pull, page by page; each page is
    committed with the point it reached, so a pull cut short starts again there, and a
    submission seen before (by Kobo's `_uuid`) adds nothing. Returns how many were new."""
    url: str | None = kobo_data_url(source)
    new = 0
    while url:
        page = fetch(url)
        with transaction.atomic():
            reached = source.pulled_until
            for record in page.get("results") or []:
                new += _kobo_receive(source, record, Channel.KOBO_PULL).created
                moment = submitted_at(record)
                if moment is not None and (reached is None or moment > reached):
                    reached = moment
            KoboSource.objects.filter(pk=source.pk).update(pulled_until=reached)
            source.pulled_until = reached
        url = page.get("next") or None
    source.last_pull_at = timezone.now()
    source.save(update_fields=["last_pull_at"])
    audit_record(
        actor=actor,
        action="fieldforms.kobosource.pulled",
        obj=source,
        after={"new": new, "pulled_until": source.pulled_until},
    )
    return new
