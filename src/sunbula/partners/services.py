"""Every write to partnership records: keyword-only, typed, atomic, audited."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.audit import audit_record, create_audited, snapshot, update_audited
from sunbula.core.errors import DomainError
from sunbula.core.models import Country, Organisation, User
from sunbula.core.multilingual import clean_translations
from sunbula.partners.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    DocumentVersion,
    Engagement,
    FocalPoint,
    FollowUpAction,
    Obligation,
    Partner,
    documents_root,
)

Status = Agreement.Status


class AgreementStateError(DomainError):
    """The agreement's status does not allow this step."""

    status_code = 409


class AgreementRuleError(DomainError):
    """A step of the lifecycle is missing what its rule needs."""

    status_code = 422


class DocumentRefused(DomainError):
    status_code = 422


# Which status may follow which; anything else is refused.
TRANSITIONS: dict[str, set[str]] = {
    Status.EXPLORING: {Status.NEGOTIATING},
    Status.NEGOTIATING: {Status.SIGNED},
    Status.SIGNED: {Status.ACTIVE, Status.TERMINATED},
    Status.ACTIVE: {Status.EXPIRED, Status.TERMINATED},
    Status.EXPIRED: set(),
    Status.TERMINATED: set(),
}

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
ZIP = b"PK\x03\x04"
# Extension: (content type, how such a file begins).
DOCUMENT_TYPES: dict[str, tuple[str, bytes]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
}

PARTNER_FIELDS = ("organisation", "roles", "sectors", "countries")
AGREEMENT_FIELDS = (
    "kind",
    "title",
    "title_translations",
    "purpose",
    "purpose_translations",
    "country",
    "amends",
    "is_illustrative",
)
ENGAGEMENT_FIELDS = (
    "kind",
    "title",
    "title_translations",
    "held_on",
    "place",
    "event",
    "country",
    "organisations",
    "participants",
    "topics",
    "summary",
    "summary_translations",
    "outcomes",
    "outcomes_translations",
    "is_illustrative",
)
LIFECYCLE_FIELDS = ("status", "signed_on", "signed_place", "valid_from", "valid_until")


def _check_fields(function: str, values: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"{function}() got unexpected fields {sorted(unknown)}")


def _save_with_m2m(
    *, actor: User, obj: Partner | Engagement, values: dict[str, Any], m2m: str, verb: str
) -> None:
    """Validate and save `obj` with `values`, then its many-to-many field; one audit entry."""
    fields = [*values, m2m]
    before = snapshot(obj, fields) if obj.pk else None
    related = values.pop(m2m, None)
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if name.endswith("_translations"):
            value = clean_translations(value or {})
        if field.is_relation:
            setattr(obj, f"{name}_id", value.pk if value else None)
        else:
            setattr(obj, name, value)
    obj.full_clean(exclude=[m2m])
    obj.save()
    if related is not None:
        getattr(obj, m2m).set(list(related))
    after = snapshot(obj, fields)
    if before != after:
        audit_record(
            actor=actor,
            action=f"partners.{obj._meta.model_name}.{verb}",
            obj=obj,
            before=before,
            after=after,
        )


# Partner profiles


@transaction.atomic
def partner_create(
    *,
    actor: User,
    organisation: Organisation,
    roles: list[str],
    sectors: list[str] | None = None,
    countries: Iterable[Country] = (),
) -> Partner:
    """Make `organisation` a partner, with its partnership roles and where it works."""
    partner = Partner()
    _save_with_m2m(
        actor=actor,
        obj=partner,
        values={
            "organisation": organisation,
            "roles": list(roles),
            "sectors": list(sectors or []),
            "countries": list(countries),
        },
        m2m="countries",
        verb="created",
    )
    return partner


@transaction.atomic
def partner_update(*, actor: User, partner: Partner, **values: Any) -> Partner:
    _check_fields("partner_update", values, PARTNER_FIELDS)
    _save_with_m2m(actor=actor, obj=partner, values=values, m2m="countries", verb="updated")
    return partner


@transaction.atomic
def focal_point_add(
    *,
    actor: User,
    partner: Partner,
    title: str,
    organisation: Organisation,
    name: str = "",
    email: str = "",
) -> FocalPoint:
    """A contact at the partner: a title, and at most a name and a work e-mail."""
    return create_audited(
        actor=actor,
        model=FocalPoint,
        values={
            "partner": partner,
            "title": title,
            "organisation": organisation,
            "name": name,
            "email": email,
        },
    )


@transaction.atomic
def focal_point_remove(*, actor: User, focal_point: FocalPoint) -> None:
    audit_record(
        actor=actor,
        action="partners.focalpoint.removed",
        obj=focal_point,
        before=snapshot(focal_point, ("partner", "title", "name", "organisation", "email")),
    )
    focal_point.delete()


# Agreements


@transaction.atomic
def agreement_create(
    *,
    actor: User,
    kind: str,
    title: str,
    country: Country,
    title_translations: dict[str, str] | None = None,
    purpose: str = "",
    purpose_translations: dict[str, str] | None = None,
    amends: Agreement | None = None,
    is_illustrative: bool = False,
) -> Agreement:
    """A new agreement; every agreement starts as `exploring`."""
    return create_audited(
        actor=actor,
        model=Agreement,
        values={
            "kind": kind,
            "title": title,
            "title_translations": title_translations or {},
            "purpose": purpose,
            "purpose_translations": purpose_translations or {},
            "country": country,
            "amends": amends,
            "is_illustrative": is_illustrative,
        },
    )


@transaction.atomic
def agreement_update(*, actor: User, agreement: Agreement, **values: Any) -> Agreement:
    """Change what the agreement is about; its status changes only through the steps below."""
    _check_fields("agreement_update", values, AGREEMENT_FIELDS)
    return update_audited(actor=actor, obj=agreement, values=values)


@transaction.atomic
def agreement_party_add(
    *, actor: User, agreement: Agreement, organisation: Organisation, role: str
) -> AgreementParty:
    """Add a party, or change the role of one already there."""
    party = AgreementParty.objects.filter(agreement=agreement, organisation=organisation).first()
    if party is None:
        return create_audited(
            actor=actor,
            model=AgreementParty,
            values={"agreement": agreement, "organisation": organisation, "role": role},
        )
    return update_audited(actor=actor, obj=party, values={"role": role})


@transaction.atomic
def agreement_party_remove(*, actor: User, party: AgreementParty) -> None:
    audit_record(
        actor=actor,
        action="partners.agreementparty.removed",
        obj=party,
        before=snapshot(party, ("agreement", "organisation", "role")),
    )
    party.delete()


def _locked(agreement: Agreement) -> Agreement:
    """The agreement as stored now, locked, so two steps cannot race."""
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _refuse_unless(agreement: Agreement, target: str) -> None:
    if target not in TRANSITIONS[agreement.status]:
        raise AgreementStateError(
            _("An agreement that is %(current)s cannot become %(target)s.")
            % {"current": agreement.get_status_display(), "target": Status(target).label}
        )


def _transition(
    *, actor: User, agreement: Agreement, target: str, verb: str, **values: Any
) -> Agreement:
    stored = _locked(agreement)
    _refuse_unless(stored, target)
    before = snapshot(stored, LIFECYCLE_FIELDS + tuple(values))
    stored.status = target
    for name, value in values.items():
        setattr(stored, name, value)
    stored.full_clean()
    stored.save()
    audit_record(
        actor=actor,
        action=f"partners.agreement.{verb}",
        obj=stored,
        before=before,
        after=snapshot(stored, LIFECYCLE_FIELDS + tuple(values)),
    )
    agreement.refresh_from_db()
    return agreement


@transaction.atomic
def agreement_open_negotiation(*, actor: User, agreement: Agreement) -> Agreement:
    """From exploring to negotiating a text."""
    return _transition(
        actor=actor, agreement=agreement, target=Status.NEGOTIATING, verb="negotiation_opened"
    )


@transaction.atomic
def agreement_sign(
    *, actor: User, agreement: Agreement, signed_on: datetime.date | None, signed_place: str
) -> Agreement:
    """Signed needs the date, the place and at least two parties."""
    _refuse_unless(_locked(agreement), Status.SIGNED)
    if signed_on is None:
        raise AgreementRuleError(_("A signed agreement needs its signing date."))
    if signed_on > timezone.localdate():
        raise AgreementRuleError(_("The signing date cannot be in the future."))
    if not signed_place.strip():
        raise AgreementRuleError(_("A signed agreement needs its place of signature."))
    if agreement.parties.count() < 2:
        raise AgreementRuleError(_("A signed agreement needs at least two parties."))
    return _transition(
        actor=actor,
        agreement=agreement,
        target=Status.SIGNED,
        verb="signed",
        signed_on=signed_on,
        signed_place=signed_place.strip(),
    )


@transaction.atomic
def agreement_activate(
    *,
    actor: User,
    agreement: Agreement,
    valid_from: datetime.date | None,
    valid_until: datetime.date | None = None,
) -> Agreement:
    """Active needs a start date; an end date is optional."""
    _refuse_unless(_locked(agreement), Status.ACTIVE)
    if valid_from is None:
        raise AgreementRuleError(_("An active agreement needs its start date."))
    if valid_until is not None and valid_until < valid_from:
        raise AgreementRuleError(_("The end date comes before the start date."))
    return _transition(
        actor=actor,
        agreement=agreement,
        target=Status.ACTIVE,
        verb="activated",
        valid_from=valid_from,
        valid_until=valid_until,
    )


@transaction.atomic
def agreement_renew(
    *, actor: User, agreement: Agreement, valid_until: datetime.date | None
) -> Agreement:
    """Extend an active agreement to a later end date."""
    stored = _locked(agreement)
    if stored.status != Status.ACTIVE:
        raise AgreementStateError(_("Only an active agreement can be renewed."))
    if valid_until is None:
        raise AgreementRuleError(_("A renewal needs the new end date."))
    if stored.valid_until is not None and valid_until <= stored.valid_until:
        raise AgreementRuleError(_("The new end date must come after the current one."))
    if stored.valid_from is not None and valid_until < stored.valid_from:
        raise AgreementRuleError(_("The end date comes before the start date."))
    before = snapshot(stored, ("valid_until",))
    stored.valid_until = valid_until
    stored.full_clean()
    stored.save()
    audit_record(
        actor=actor,
        action="partners.agreement.renewed",
        obj=stored,
        before=before,
        after=snapshot(stored, ("valid_until",)),
    )
    agreement.refresh_from_db()
    return agreement


@transaction.atomic
def agreement_expire(*, actor: User, agreement: Agreement) -> Agreement:
    """An active agreement expires once its end date has passed."""
    stored = _locked(agreement)
    _refuse_unless(stored, Status.EXPIRED)
    if stored.valid_until is None:
        raise AgreementRuleError(_("An agreement without an end date does not expire."))
    if stored.valid_until >= timezone.localdate():
        raise AgreementRuleError(
            _("The agreement is valid until %(date)s; it cannot expire before then.")
            % {"date": stored.valid_until.isoformat()}
        )
    return _transition(actor=actor, agreement=agreement, target=Status.EXPIRED, verb="expired")


@transaction.atomic
def agreement_terminate(*, actor: User, agreement: Agreement, reason: str) -> Agreement:
    """End a signed or active agreement early; the reason is required."""
    _refuse_unless(_locked(agreement), Status.TERMINATED)
    if not reason.strip():
        raise AgreementRuleError(_("Give the reason for terminating the agreement."))
    return _transition(
        actor=actor,
        agreement=agreement,
        target=Status.TERMINATED,
        verb="terminated",
        termination_reason=reason.strip(),
    )


def _checked_type(filename: str, head: bytes) -> str:
    """The content type of an acceptable upload; refuse names and contents we do not take."""
    if (
        not filename
        or filename != Path(filename).name
        or "\\" in filename
        or ".." in filename
        or filename.startswith(".")
        or not filename.isprintable()
        or len(filename) > 200
    ):
        raise DocumentRefused(_("This file name is not acceptable."))
    extension = Path(filename).suffix.lower()
    if extension not in DOCUMENT_TYPES:
        raise DocumentRefused(
            _("Only PDF, Word, Excel, OpenDocument, PNG and JPEG files are accepted.")
        )
    content_type, signature = DOCUMENT_TYPES[extension]
    if not head.startswith(signature):
        raise DocumentRefused(_("The file's content does not match its type."))
    return content_type


@transaction.atomic
def document_upload(
    *,
    actor: User,
    agreement: Agreement,
    title: str,
    filename: str,
    content: IO[bytes],
    size: int,
) -> DocumentVersion:
    """Store a file as the next version of the agreement's document called `title`."""
    if size > DOCUMENT_MAX_BYTES:
        raise DocumentRefused(
            _("The file is larger than %(limit)s MB.")
            % {"limit": DOCUMENT_MAX_BYTES // (1024 * 1024)}
        )
    data = content.read(DOCUMENT_MAX_BYTES + 1)
    if len(data) > DOCUMENT_MAX_BYTES:
        raise DocumentRefused(
            _("The file is larger than %(limit)s MB.")
            % {"limit": DOCUMENT_MAX_BYTES // (1024 * 1024)}
        )
    content_type = _checked_type(filename, data[:16])
    document = AgreementDocument.objects.filter(agreement=agreement, title=title).first()
    if document is None:
        document = create_audited(
            actor=actor, model=AgreementDocument, values={"agreement": agreement, "title": title}
        )
    number = (
        document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    # The stored name is ours, never the uploader's: nothing they send can choose the path.
    stored_name = f"{agreement.pk}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"
    path = documents_root() / stored_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        return create_audited(
            actor=actor,
            model=DocumentVersion,
            values={
                "document": document,
                "number": number,
                "stored_name": stored_name,
                "original_name": filename,
                "content_type": content_type,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "uploaded_by": actor,
            },
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise


@transaction.atomic
def obligation_add(
    *,
    actor: User,
    agreement: Agreement,
    description: str,
    due_on: datetime.date,
    owner: User | None = None,
    description_translations: dict[str, str] | None = None,
) -> Obligation:
    """A deliverable under the agreement, with who answers for it and by when."""
    return create_audited(
        actor=actor,
        model=Obligation,
        values={
            "agreement": agreement,
            "description": description,
            "description_translations": description_translations or {},
            "due_on": due_on,
            "owner": owner,
        },
    )


@transaction.atomic
def obligation_set_status(*, actor: User, obligation: Obligation, status: str) -> Obligation:
    return update_audited(actor=actor, obj=obligation, values={"status": status})


# Engagements


@transaction.atomic
def engagement_create(
    *,
    actor: User,
    kind: str,
    title: str,
    held_on: datetime.date,
    place: str,
    country: Country,
    organisations: Iterable[Organisation],
    **values: Any,
) -> Engagement:
    """Record a meeting, visit, call or side event; `values` are further ENGAGEMENT_FIELDS."""
    _check_fields("engagement_create", values, ENGAGEMENT_FIELDS)
    engagement = Engagement()
    _save_with_m2m(
        actor=actor,
        obj=engagement,
        values={
            "kind": kind,
            "title": title,
            "held_on": held_on,
            "place": place,
            "country": country,
            "organisations": list(organisations),
            **values,
        },
        m2m="organisations",
        verb="created",
    )
    return engagement


@transaction.atomic
def engagement_update(*, actor: User, engagement: Engagement, **values: Any) -> Engagement:
    _check_fields("engagement_update", values, ENGAGEMENT_FIELDS)
    _save_with_m2m(actor=actor, obj=engagement, values=values, m2m="organisations", verb="updated")
    return engagement


@transaction.atomic
def follow_up_add(
    *,
    actor: User,
    engagement: Engagement,
    description: str,
    owner: User | None = None,
    due_on: datetime.date | None = None,
    description_translations: dict[str, str] | None = None,
) -> FollowUpAction:
    """An action agreed at the engagement; it stays on its owner's home page until done."""
    return create_audited(
        actor=actor,
        model=FollowUpAction,
        values={
            "engagement": engagement,
            "description": description,
            "description_translations": description_translations or {},
            "owner": owner,
            "due_on": due_on,
        },
    )


@transaction.atomic
def follow_up_set_status(*, actor: User, follow_up: FollowUpAction, status: str) -> FollowUpAction:
    return update_audited(actor=actor, obj=follow_up, values={"status": status})
