"""Entitlements: computed from the frozen list and the rations, approved, cancelled; a cycle closes."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sunbula.assistance.models import (
    Beneficiary,
    Cycle,
    Entitlement,
    RationKind,
    RationLine,
)
from sunbula.assistance.services.cycles import AssistanceError, FourEyes, _kg
from sunbula.core.audit import create_audited, update_audited
from sunbula.core.models import User


def _ration_quantity(cycle: Cycle, line: RationLine, beneficiary: Beneficiary) -> Decimal:
    if cycle.ration_kind == RationKind.PER_PERSON_DAY:
        return _kg(line.quantity * beneficiary.people * cycle.days)
    if cycle.ration_kind == RationKind.PER_HOUSEHOLD_MONTH:
        return _kg(line.quantity * cycle.months)
    if cycle.ration_kind == RationKind.PER_RESIDENT_MONTH:
        return _kg(line.quantity * beneficiary.people * cycle.months)
    return _kg(line.quantity)


@transaction.atomic
def entitlements_compute(*, actor: User | None, cycle: Cycle) -> int:
    """Draft the entitlement of every listed beneficiary missing one; returns how many."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != Cycle.Status.FROZEN:
        raise AssistanceError(_("Freeze the beneficiary list first."))
    lines = list(cycle.ration_lines.select_related("commodity"))
    if not lines:
        raise ValidationError({"ration": _("Give the ration before computing entitlements.")})
    made = 0
    for beneficiary in cycle.beneficiaries.order_by("pk"):
        for line in lines:
            if Entitlement.objects.filter(beneficiary=beneficiary, commodity=line.commodity):
                continue
            create_audited(
                actor=actor,
                model=Entitlement,
                values={
                    "cycle": cycle,
                    "beneficiary": beneficiary,
                    "commodity": line.commodity,
                    "quantity": _ration_quantity(cycle, line, beneficiary),
                },
            )
            made += 1
    if made and actor is not None:
        update_audited(actor=actor, obj=cycle, values={"planned_by": actor})
    return made


@transaction.atomic
def entitlements_approve(*, actor: User | None, cycle: Cycle) -> int:
    """Approve every draft entitlement of the cycle; returns how many. The person who
    generated them cannot approve them (four eyes)."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if actor is not None and cycle.planned_by_id == actor.pk:
        raise FourEyes(
            _("You generated these entitlements; another person must review and approve them.")
        )
    approved = 0
    for entitlement in cycle.entitlements.filter(status=Entitlement.Status.DRAFT).order_by("pk"):
        update_audited(actor=actor, obj=entitlement, values={"status": Entitlement.Status.APPROVED})
        approved += 1
    if approved and actor is not None:
        update_audited(actor=actor, obj=cycle, values={"approved_by": actor})
    return approved


@transaction.atomic
def entitlement_cancel(*, actor: User | None, entitlement: Entitlement) -> Entitlement:
    entitlement = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
    if entitlement.status not in (Entitlement.Status.DRAFT, Entitlement.Status.APPROVED):
        raise AssistanceError(_("Only an entitlement not yet distributed can be cancelled."))
    return update_audited(
        actor=actor, obj=entitlement, values={"status": Entitlement.Status.CANCELLED}
    )


@transaction.atomic
def entitlement_reduce(
    *, actor: User | None, entitlement: Entitlement, quantity: Decimal
) -> Entitlement:
    """Lower an entitlement not yet fully handed over (a ration cut when supply falls short);
    never below what was distributed already, never up."""
    entitlement = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
    open_states = (
        Entitlement.Status.DRAFT,
        Entitlement.Status.APPROVED,
        Entitlement.Status.PARTLY,
    )
    if entitlement.status not in open_states:
        raise AssistanceError(_("Only an open entitlement can be reduced."))
    quantity = _kg(quantity)
    if quantity > entitlement.quantity:
        raise ValidationError({"quantity": _("A reduction cannot raise the entitlement.")})
    if quantity < entitlement.distributed or quantity <= 0:
        raise ValidationError(
            {"quantity": _("An entitlement cannot fall below what was handed over already.")}
        )
    return update_audited(actor=actor, obj=entitlement, values={"quantity": quantity})


@transaction.atomic
def cycle_close(*, actor: User | None, cycle: Cycle) -> Cycle:
    """Close the cycle: what was not handed over expires."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if problem := cycle.change_problem():
        raise AssistanceError(problem)
    open_states = (Entitlement.Status.APPROVED, Entitlement.Status.PARTLY)
    for entitlement in cycle.entitlements.filter(status__in=open_states).order_by("pk"):
        update_audited(actor=actor, obj=entitlement, values={"status": Entitlement.Status.EXPIRED})
    return update_audited(actor=actor, obj=cycle, values={"status": Cycle.Status.CLOSED})
