"""Country profiles and their validation workflow, and the records a draft profile holds.

The workflow: draft → submitted → validated (by the focal point of the profile's own
country) → published. Only a draft can be changed.
"""

from __future__ import annotations

import datetime
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.access import scope_for
from sunbula.core.audit import (
    create_audited,
    given_fields,
    remove_audited,
    stated_reason,
    step_audited,
    update_audited,
)
from sunbula.core.errors import NotPermitted
from sunbula.core.models import Country, User
from sunbula.policy.errors import RecordInUse, WorkflowError
from sunbula.policy.models import (
    CoordinatingBody,
    LegalInstrument,
    PolicyDecision,
    PolicyProfile,
    ProfileStatus,
    Strategy,
)
from sunbula.policy.permissions import PolicyPerm
from sunbula.policy.selectors import ProfileRecord, legal_instrument_in_use


@transaction.atomic
def profile_create(
    *, actor: User | None, country: Country, is_illustrative: bool = False
) -> PolicyProfile:
    """A new draft profile for a member state; a country has one profile."""
    if PolicyProfile.objects.filter(country=country).exists():
        raise WorkflowError(_("%(country)s already has a profile.") % {"country": country})
    return create_audited(
        actor=actor,
        model=PolicyProfile,
        values={"country": country, "is_illustrative": is_illustrative},
    )


class _Step(TypedDict, total=False):
    status: str
    submitted_by: User | None
    validated_by: User | None
    validated_at: datetime.datetime | None
    published_at: datetime.datetime | None


WORKFLOW_FIELDS = tuple(_Step.__annotations__)


def _move(
    profile: PolicyProfile, actor: User | None, verb: str, **values: Unpack[_Step]
) -> PolicyProfile:
    return step_audited(actor=actor, obj=profile, verb=verb, values=values, fields=WORKFLOW_FIELDS)


def _locked(profile: PolicyProfile) -> PolicyProfile:
    """The profile, re-read under a row lock so two steps cannot cross."""
    return PolicyProfile.objects.select_for_update().select_related("country").get(pk=profile.pk)


@transaction.atomic
def profile_submit(*, actor: User, profile: PolicyProfile) -> PolicyProfile:
    """Send a draft to the country's focal point for validation."""
    profile = _locked(profile)
    if not scope_for(actor, PolicyPerm.EDIT_PROFILE).covers_country(profile.country_id):
        raise NotPermitted(_("You may not submit this country's profile."))
    if profile.status != ProfileStatus.DRAFT:
        raise WorkflowError(_("Only a draft can be submitted."))
    return _move(profile, actor, "submitted", status=ProfileStatus.SUBMITTED, submitted_by=actor)


@transaction.atomic
def profile_validate(*, actor: User, profile: PolicyProfile) -> PolicyProfile:
    """The country's focal point signs the profile off, if someone else submitted it.

    The focal point's role must name this country: a role over every country is not
    a focal point of this one.
    """
    profile = _locked(profile)
    scope = scope_for(actor, PolicyPerm.VALIDATE_PROFILE)
    if scope.countries is None or profile.country_id not in scope.countries:
        raise NotPermitted(
            _("Only the focal point of %(country)s may validate its profile.")
            % {"country": profile.country}
        )
    if profile.status != ProfileStatus.SUBMITTED:
        raise WorkflowError(_("Only a submitted profile can be validated."))
    if profile.submitted_by_id == actor.pk:
        raise NotPermitted(_("Someone other than the one who submitted it validates the profile."))
    return _move(
        profile,
        actor,
        "validated",
        status=ProfileStatus.VALIDATED,
        validated_by=actor,
        validated_at=timezone.now(),
    )


@transaction.atomic
def profile_publish(*, actor: User, profile: PolicyProfile) -> PolicyProfile:
    """Publish a validated profile; from now on it enters reports."""
    profile = _locked(profile)
    if not scope_for(actor, PolicyPerm.PUBLISH_PROFILE).covers_country(profile.country_id):
        raise NotPermitted(_("You may not publish this country's profile."))
    if profile.status != ProfileStatus.VALIDATED:
        raise WorkflowError(_("Only a validated profile can be published."))
    return _move(
        profile, actor, "published", status=ProfileStatus.PUBLISHED, published_at=timezone.now()
    )


@transaction.atomic
def profile_reopen(*, actor: User, profile: PolicyProfile) -> PolicyProfile:
    """Take a profile back to draft to change it; it must be validated and published again."""
    profile = _locked(profile)
    if not scope_for(actor, PolicyPerm.EDIT_PROFILE).covers_country(profile.country_id):
        raise NotPermitted(_("You may not change this country's profile."))
    if profile.status == ProfileStatus.DRAFT:
        raise WorkflowError(_("The profile is already a draft."))
    return _move(
        profile,
        actor,
        "reopened",
        status=ProfileStatus.DRAFT,
        submitted_by=None,
        validated_by=None,
        validated_at=None,
        published_at=None,
    )


def _require_draft(profile: PolicyProfile) -> None:
    """Refuse a change to a profile that has left the draft, as it is stored now."""
    if problem := PolicyProfile.objects.get(pk=profile.pk).change_problem():
        raise WorkflowError(problem)


@transaction.atomic
def strategy_add(
    *,
    actor: User,
    profile: PolicyProfile,
    name: str,
    start_year: int,
    end_year: int,
    status: str,
    adopting_body: str = "",
    reference: str = "",
    name_translations: dict[str, str] | None = None,
) -> Strategy:
    _require_draft(profile)
    return create_audited(
        actor=actor,
        model=Strategy,
        values={
            "profile": profile,
            "name": name,
            "name_translations": name_translations or {},
            "start_year": start_year,
            "end_year": end_year,
            "status": status,
            "adopting_body": adopting_body,
            "reference": reference,
        },
    )


class StrategyFields(TypedDict, total=False):
    """What `strategy_update` takes."""

    name: str
    name_translations: dict[str, str]
    start_year: int
    end_year: int
    status: str
    adopting_body: str
    reference: str


@transaction.atomic
def strategy_update(
    *, actor: User, strategy: Strategy, **fields: Unpack[StrategyFields]
) -> Strategy:
    """Change the fields given of a strategy of a draft profile; the others keep their values."""
    values = given_fields("strategy_update", fields, tuple(StrategyFields.__annotations__))
    _require_draft(strategy.profile)
    return update_audited(actor=actor, obj=strategy, values=values)


def _same_country(profile: PolicyProfile, *linked: LegalInstrument | None) -> None:
    for text in linked:
        if text is not None and text.profile_id != profile.pk:
            raise WorkflowError(_("A text can only amend or repeal a text of the same country."))


@transaction.atomic
def legal_instrument_add(
    *,
    actor: User,
    profile: PolicyProfile,
    name: str,
    kind: str,
    date_of_text: datetime.date | None = None,
    faolex_id: str = "",
    amends: LegalInstrument | None = None,
    repeals: LegalInstrument | None = None,
    name_translations: dict[str, str] | None = None,
) -> LegalInstrument:
    _require_draft(profile)
    _same_country(profile, amends, repeals)
    return create_audited(
        actor=actor,
        model=LegalInstrument,
        values={
            "profile": profile,
            "name": name,
            "name_translations": name_translations or {},
            "kind": kind,
            "date_of_text": date_of_text,
            "faolex_id": faolex_id,
            "amends": amends,
            "repeals": repeals,
        },
    )


class LegalInstrumentFields(TypedDict, total=False):
    """What `legal_instrument_update` takes."""

    name: str
    name_translations: dict[str, str]
    kind: str
    date_of_text: datetime.date | None
    faolex_id: str
    amends: LegalInstrument | None
    repeals: LegalInstrument | None


@transaction.atomic
def legal_instrument_update(
    *, actor: User, instrument: LegalInstrument, **fields: Unpack[LegalInstrumentFields]
) -> LegalInstrument:
    """Change the fields given of a text of a draft profile; it amends or repeals only texts
    of its own country, and not itself."""
    values = given_fields(
        "legal_instrument_update", fields, tuple(LegalInstrumentFields.__annotations__)
    )
    _require_draft(instrument.profile)
    _same_country(instrument.profile, values.get("amends"), values.get("repeals"))
    for field in ("amends", "repeals"):
        linked = values.get(field)
        if linked is not None and linked.pk == instrument.pk:
            raise ValidationError({field: _("A text cannot amend or repeal itself.")})
    return update_audited(actor=actor, obj=instrument, values=values)


@transaction.atomic
def coordinating_body_add(
    *,
    actor: User,
    profile: PolicyProfile,
    name: str,
    legal_basis: str = "",
    chair: str = "",
    members: str = "",
    has_civil_society_seat: bool = False,
    has_private_sector_seat: bool = False,
    meeting_frequency: str = "",
    name_translations: dict[str, str] | None = None,
) -> CoordinatingBody:
    _require_draft(profile)
    return create_audited(
        actor=actor,
        model=CoordinatingBody,
        values={
            "profile": profile,
            "name": name,
            "name_translations": name_translations or {},
            "legal_basis": legal_basis,
            "chair": chair,
            "members": members,
            "has_civil_society_seat": has_civil_society_seat,
            "has_private_sector_seat": has_private_sector_seat,
            "meeting_frequency": meeting_frequency,
        },
    )


@transaction.atomic
def decision_add(
    *,
    actor: User,
    profile: PolicyProfile,
    name: str,
    group: str,
    decided_on: datetime.date,
    name_translations: dict[str, str] | None = None,
) -> PolicyDecision:
    _require_draft(profile)
    return create_audited(
        actor=actor,
        model=PolicyDecision,
        values={
            "profile": profile,
            "name": name,
            "name_translations": name_translations or {},
            "group": group,
            "decided_on": decided_on,
        },
    )


class CoordinatingBodyFields(TypedDict, total=False):
    """What `coordinating_body_update` takes."""

    name: str
    name_translations: dict[str, str]
    legal_basis: str
    chair: str
    members: str
    has_civil_society_seat: bool
    has_private_sector_seat: bool
    meeting_frequency: str


@transaction.atomic
def coordinating_body_update(
    *,
    actor: User,
    coordinating_body: CoordinatingBody,
    **fields: Unpack[CoordinatingBodyFields],
) -> CoordinatingBody:
    """Change the fields given of a coordinating body of a draft profile; the others keep
    their values."""
    values = given_fields(
        "coordinating_body_update", fields, tuple(CoordinatingBodyFields.__annotations__)
    )
    _require_draft(coordinating_body.profile)
    return update_audited(actor=actor, obj=coordinating_body, values=values)


class DecisionFields(TypedDict, total=False):
    """What `decision_update` takes."""

    name: str
    name_translations: dict[str, str]
    group: str
    decided_on: datetime.date


@transaction.atomic
def decision_update(
    *, actor: User, decision: PolicyDecision, **fields: Unpack[DecisionFields]
) -> PolicyDecision:
    """Change the fields given of a policy decision of a draft profile; the others keep
    their values."""
    values = given_fields("decision_update", fields, tuple(DecisionFields.__annotations__))
    _require_draft(decision.profile)
    return update_audited(actor=actor, obj=decision, values=values)


def _kept(record: ProfileRecord) -> tuple[str, ...]:
    """What a removed record's audit entry keeps of it: every field it had."""
    return tuple(
        field.name for field in type(record)._meta.concrete_fields if not field.primary_key
    )


def _record_remove(*, actor: User, record: ProfileRecord, reason: str) -> None:
    """Remove a record added to a draft profile in error; the audit entry keeps what it was,
    and why."""
    reason = stated_reason(reason, _("Say why the record is removed."))
    # The profile first, as its workflow steps lock it: a submission waits for the removal.
    if problem := _locked(record.profile).change_problem():
        raise WorkflowError(problem)
    stored = type(record)._base_manager.select_for_update().get(pk=record.pk)
    if isinstance(stored, LegalInstrument) and (problem := legal_instrument_in_use(stored)):
        raise RecordInUse(problem)
    remove_audited(actor=actor, obj=stored, fields=_kept(stored), also={"reason": reason})


@transaction.atomic
def strategy_remove(*, actor: User, strategy: Strategy, reason: str) -> None:
    """Remove a strategy added to a draft profile in error, saying why."""
    _record_remove(actor=actor, record=strategy, reason=reason)


@transaction.atomic
def legal_instrument_remove(*, actor: User, instrument: LegalInstrument, reason: str) -> None:
    """Remove a legal text added to a draft profile in error, saying why. A text that another
    text amends or repeals stays (RecordInUse, naming them) until that text no longer names
    it: its link is not cut silently."""
    _record_remove(actor=actor, record=instrument, reason=reason)


@transaction.atomic
def coordinating_body_remove(
    *, actor: User, coordinating_body: CoordinatingBody, reason: str
) -> None:
    """Remove a coordinating body added to a draft profile in error, saying why."""
    _record_remove(actor=actor, record=coordinating_body, reason=reason)


@transaction.atomic
def decision_remove(*, actor: User, decision: PolicyDecision, reason: str) -> None:
    """Remove a policy decision added to a draft profile in error, saying why."""
    _record_remove(actor=actor, record=decision, reason=reason)
