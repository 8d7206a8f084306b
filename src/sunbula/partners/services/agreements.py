"""Agreements: their parties, their lifecycle from exploring to expiry, and their obligations."""

from __future__ import annotations

import datetime
from typing import TypedDict, Unpack

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.audit import (
    create_audited,
    given_fields,
    remove_audited,
    step_audited,
    update_audited,
    upsert_audited,
)
from sunbula.core.errors import DomainError
from sunbula.core.figures import day
from sunbula.core.models import Country, Organisation, User
from sunbula.core.validation import is_to_come
from sunbula.partners.models import (
    Agreement,
    AgreementParty,
    Obligation,
)

Status = Agreement.Status


class AgreementStateError(DomainError):
    """The agreement's status does not allow this step."""

    status_code = 409


class AgreementRuleError(DomainError):
    """A step of the lifecycle is missing what its rule needs."""

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


class AgreementFields(TypedDict, total=False):
    """What `agreement_update` takes; the status changes only through the lifecycle steps."""

    kind: str
    title: str
    title_translations: dict[str, str]
    purpose: str
    purpose_translations: dict[str, str]
    country: Country
    amends: Agreement | None
    is_illustrative: bool


AGREEMENT_FIELDS = tuple(AgreementFields.__annotations__)


LIFECYCLE_FIELDS = ("status", "signed_on", "signed_place", "valid_from", "valid_until")


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
def agreement_update(
    *, actor: User, agreement: Agreement, **fields: Unpack[AgreementFields]
) -> Agreement:
    """Change what the agreement is about; its status changes only through the steps below."""
    values = given_fields("agreement_update", fields, AGREEMENT_FIELDS)
    return update_audited(actor=actor, obj=agreement, values=values)


@transaction.atomic
def agreement_party_add(
    *, actor: User, agreement: Agreement, organisation: Organisation, role: str
) -> AgreementParty:
    """Add a party, or change the role of one already there."""
    return upsert_audited(
        actor=actor,
        model=AgreementParty,
        lookup={"agreement": agreement, "organisation": organisation},
        values={"role": role},
    )


@transaction.atomic
def agreement_party_remove(*, actor: User, party: AgreementParty) -> None:
    remove_audited(actor=actor, obj=party, fields=("agreement", "organisation", "role"))


def _locked(agreement: Agreement) -> Agreement:
    """The agreement as stored now, locked, so two steps cannot race."""
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _refuse_unless(agreement: Agreement, target: str) -> None:
    if target not in TRANSITIONS[agreement.status]:
        raise AgreementStateError(
            _("An agreement that is %(current)s cannot become %(target)s.")
            % {"current": agreement.get_status_display(), "target": Status(target).label}
        )


class _StepDetails(TypedDict, total=False):
    signed_on: datetime.date | None
    signed_place: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    termination_reason: str


def _transition(
    *,
    actor: User | None,
    agreement: Agreement,
    target: str,
    verb: str,
    **values: Unpack[_StepDetails],
) -> Agreement:
    stored = _locked(agreement)
    _refuse_unless(stored, target)
    step_audited(
        actor=actor,
        obj=stored,
        verb=verb,
        values={"status": target, **values},
        fields=LIFECYCLE_FIELDS + tuple(values),
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
    if is_to_come(signed_on):
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
    """Active needs a start date; an end date is optional, and not before the start (the
    model's check, on `valid_until`)."""
    _refuse_unless(_locked(agreement), Status.ACTIVE)
    if valid_from is None:
        raise AgreementRuleError(_("An active agreement needs its start date."))
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
    step_audited(
        actor=actor,
        obj=stored,
        verb="renewed",
        values={"valid_until": valid_until},
        fields=("valid_until",),
    )
    agreement.refresh_from_db()
    return agreement


@transaction.atomic
def agreement_expire(*, actor: User, agreement: Agreement) -> Agreement:
    """An active agreement expires once its end date has passed."""
    return _expire(actor=actor, agreement=agreement, today=timezone.localdate())


def agreements_expire_due(
    *, actor: User | None, today: datetime.date | None = None
) -> list[Agreement]:
    """Expire every active agreement whose end date has passed, each through its own step."""
    today = today or timezone.localdate()
    due = Agreement.objects.filter(status=Status.ACTIVE, valid_until__lt=today).order_by("pk")
    expired = []
    for agreement in due:
        with transaction.atomic():
            expired.append(_expire(actor=actor, agreement=agreement, today=today))
    return expired


def _expire(*, actor: User | None, agreement: Agreement, today: datetime.date) -> Agreement:
    stored = _locked(agreement)
    _refuse_unless(stored, Status.EXPIRED)
    if stored.valid_until is None:
        raise AgreementRuleError(_("An agreement without an end date does not expire."))
    if stored.valid_until >= today:
        raise AgreementRuleError(
            _("The agreement is valid until %(date)s; it cannot expire before then.")
            % {"date": day(stored.valid_until, html=False)}
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
