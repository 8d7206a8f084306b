"""Writes to programmes and their governing bodies' decisions."""

from __future__ import annotations

import datetime
from typing import TypedDict, Unpack

from django.db import transaction
from django.utils.translation import gettext as _

from sunbula.core.audit import (
    create_audited,
    given_fields,
    refuse_taken,
    remove_audited,
    stated_reason,
    update_audited,
    upsert_audited,
)
from sunbula.core.models import Organisation, User
from sunbula.programmes.models import (
    GoverningBodyDecision,
    Programme,
)


class ProgrammeInputs(TypedDict, total=False):
    """A programme as people write it, on a page or through the API."""

    code: str
    name: str
    name_translations: dict[str, str]
    description: str
    description_translations: dict[str, str]
    reporting_organisation: Organisation
    iati_reporting_ref: str


class ProgrammeFields(ProgrammeInputs, total=False):
    """What `programme_create` and `programme_update` take: the inputs and the demo's mark."""

    is_illustrative: bool


PROGRAMME_INPUTS = tuple(ProgrammeInputs.__annotations__)
PROGRAMME_FIELDS = tuple(ProgrammeFields.__annotations__)


class DecisionChanges(TypedDict, total=False):
    """What correcting a governing body's decision may change; its programme stays."""

    body: str
    body_translations: dict[str, str]
    kind: str
    place: str
    held_from: datetime.date
    held_until: datetime.date


DECISION_CHANGES = tuple(DecisionChanges.__annotations__)

# What a removed decision's audit entry keeps of it.
DECISION_KEPT = ("programme", "body", "kind", "place", "held_from", "held_until")


@transaction.atomic
def programme_create(*, actor: User | None, **fields: Unpack[ProgrammeFields]) -> Programme:
    values = given_fields("programme_create", fields, PROGRAMME_FIELDS)
    return create_audited(actor=actor, model=Programme, values=values)


@transaction.atomic
def programme_update(
    *, actor: User | None, programme: Programme, **fields: Unpack[ProgrammeFields]
) -> Programme:
    """Change the fields given; the others keep their values."""
    values = given_fields("programme_update", fields, PROGRAMME_FIELDS)
    return update_audited(actor=actor, obj=programme, values=values)


@transaction.atomic
def governing_decision_record(
    *,
    actor: User | None,
    programme: Programme,
    body: str,
    kind: str,
    place: str,
    held_from: datetime.date,
    held_until: datetime.date,
    body_translations: dict[str, str] | None = None,
) -> GoverningBodyDecision:
    """Record a governing body's decision; the same session recorded again is corrected."""
    return upsert_audited(
        actor=actor,
        model=GoverningBodyDecision,
        lookup={"programme": programme, "body": body},
        values={
            "kind": kind,
            "place": place,
            "held_from": held_from,
            "held_until": held_until,
            "body_translations": body_translations or {},
        },
    )


@transaction.atomic
def governing_decision_update(
    *, actor: User | None, decision: GoverningBodyDecision, **fields: Unpack[DecisionChanges]
) -> GoverningBodyDecision:
    """Correct a decision's session, kind, place or dates; two decisions of a programme
    never name the same session."""
    values = given_fields("governing_decision_update", fields, DECISION_CHANGES)
    refuse_taken(
        decision,
        among="programme",
        field="body",
        value=values.get("body"),
        message=_("The programme has a decision of this session already."),
    )
    return update_audited(actor=actor, obj=decision, values=values)


@transaction.atomic
def governing_decision_remove(
    *, actor: User | None, decision: GoverningBodyDecision, reason: str
) -> None:
    """Remove a decision recorded by mistake; the audit entry keeps what it said, and why."""
    reason = stated_reason(reason, _("Say why the decision is removed."))
    stored = GoverningBodyDecision.objects.select_for_update().get(pk=decision.pk)
    remove_audited(actor=actor, obj=stored, fields=DECISION_KEPT, also={"reason": reason})
