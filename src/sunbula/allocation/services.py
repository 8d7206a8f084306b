"""Every write of allocation: a proposal drawn up by the model, adjusted by the planner,
approved by another person (four eyes) and applied through supply's and assistance's own
services, as draft waybills and entitlement changes. Atomic and audited."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from sunbula.allocation import model
from sunbula.allocation.inputs import (
    COST_PER_TONNE_KM,
    KG_PER_LITRE,
    cycle_problem,
    month_starts,
)
from sunbula.allocation.models import AllocationProposal, ProposalLine
from sunbula.assistance import services as assistance
from sunbula.assistance.models import Cycle, Entitlement
from sunbula.core.audit import audit_record, snapshot, step_audited, update_audited
from sunbula.core.errors import DomainError
from sunbula.core.figures import number_text
from sunbula.core.models import User
from sunbula.supply import services as supply
from sunbula.supply.models import BaseUnit, StockBalance, Waybill

GRAM = Decimal("0.001")
OPEN = (Entitlement.Status.DRAFT, Entitlement.Status.APPROVED)


class AllocationError(DomainError):
    status_code = 409


class FourEyes(AllocationError):
    status_code = 403


def _kg(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(GRAM, rounding=ROUND_DOWN)


@transaction.atomic
def proposal_create(
    *,
    actor: User,
    cycle: Cycle,
    mode: str,
    floor_kcal: int,
    cost_per_tonne_km: Decimal = Decimal(str(COST_PER_TONNE_KM)),
) -> AllocationProposal:
    """Solve the cycle's allocation and keep it as a draft proposal; nothing else changes."""
    if problem := cycle.change_problem():
        raise AllocationError(problem)
    if floor_kcal <= 0:
        raise ValidationError({"floor_kcal": _("Give a ration floor above zero.")})
    if cost_per_tonne_km < 0:
        raise ValidationError({"cost_per_tonne_km": _("Give a transport cost of zero or more.")})
    read = cycle_problem(
        user=actor,
        cycle=cycle,
        mode=model.Mode(mode),
        floor_kcal=floor_kcal,
        cost_per_tonne_km=float(cost_per_tonne_km),
    )
    if not read.problem.needs:
        raise AllocationError(
            _("No one on this cycle's list is served by a stock-keeping site in your scope.")
        )
    try:
        solution = model.allocate(read.problem)
    except model.AllocationError as failed:
        raise AllocationError(
            _("The model found no allocation: %(reason)s") % {"reason": failed}
        ) from failed
    sites = {(need.site, need.month): need for need in read.problem.needs}
    explanation = {
        "sites": [
            {
                "site": int(row.site),
                "month": row.month,
                "people": row.people,
                "people_served": round(row.people_served, 1),
                "kcal_per_person_day": round(row.kcal_per_person_day, 1),
                "full_kcal": sites[row.site, row.month].kcal,
                "days": sites[row.site, row.month].days,
                "weight": sites[row.site, row.month].weight,
            }
            for row in solution.outcome.site_months
        ],
        "outcome": solution.outcome.as_dict(),
        "model": solution.explanation.as_dict() if solution.explanation else {},
        "seconds": round(solution.seconds, 3),
        "unplaced": read.unplaced,
        "cost_per_tonne_km": str(cost_per_tonne_km),
        "lots": {key: str(balance.lot.reference) for key, balance in read.balances.items()},
    }
    proposal = AllocationProposal(
        cycle=cycle,
        mode=mode,
        floor_kcal=floor_kcal,
        months=read.problem.months,
        explanation=explanation,
        proposed_by=actor,
    )
    proposal.full_clean()
    proposal.save()
    for line in solution.lines:
        balance = read.balances[line.lot]
        kg = _kg(line.kg)
        if kg <= 0:
            continue
        ProposalLine.objects.create(
            proposal=proposal,
            lot=balance.lot,
            origin=balance.site,
            site=read.sites[line.site],
            month=line.month,
            proposed_kg=kg,
            kg=kg,
        )
    audit_record(
        actor=actor,
        action="allocation.allocationproposal.created",
        obj=proposal,
        after={
            **snapshot(proposal, ("cycle", "mode", "floor_kcal", "months")),
            "lines": proposal.lines.count(),
            "outcome": explanation["outcome"],
        },
    )
    return proposal


def _locked(proposal: AllocationProposal, *states: str) -> AllocationProposal:
    locked = AllocationProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status not in states:
        raise AllocationError(
            _("This proposal is %(status)s.") % {"status": locked.get_status_display()}
        )
    return locked


def _month_end(proposal: AllocationProposal, month: int) -> datetime.date:
    starts = month_starts(proposal.cycle)
    end = starts[month] + datetime.timedelta(days=model.DAYS_PER_MONTH - 1)
    return min(end, proposal.cycle.period_end)


def _check_stock(proposal: AllocationProposal) -> None:
    """Every lot's lines together stay within what its site holds, and none of it is past
    its expiry by the end of the month it feeds."""
    wanted: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    lines: dict[tuple[int, int], ProposalLine] = {}
    for line in proposal.lines.select_related("lot", "origin").filter(kg__gt=0):
        wanted[line.lot_id, line.origin_id] += line.kg
        lines[line.lot_id, line.origin_id] = line
        expires = line.lot.expires_on
        if expires is not None and expires < _month_end(proposal, line.month):
            raise ValidationError(
                {
                    "kg": _("Lot %(lot)s expires before month %(month)s ends.")
                    % {"lot": line.lot.reference, "month": line.month + 1}
                }
            )
    for (lot_id, site_id), kg in wanted.items():
        held = StockBalance.objects.filter(lot_id=lot_id, site_id=site_id).aggregate(
            total=Sum("quantity")
        )["total"] or Decimal(0)
        if kg > held:
            # Named, since the stock may have moved since the line was written: an approval
            # refused for it must say which lot and where.
            line = lines[lot_id, site_id]
            raise ValidationError(
                {
                    "kg": _(
                        "Only %(held)s kg of lot %(lot)s is on hand at %(site)s; %(kg)s kg "
                        "are allocated."
                    )
                    % {
                        "held": number_text(held),
                        "lot": line.lot.reference,
                        "site": line.origin.local_name,
                        "kg": number_text(kg),
                    }
                }
            )


@transaction.atomic
def proposal_line_adjust(*, actor: User, line: ProposalLine, kg: Decimal) -> ProposalLine:
    """Change the kilograms of one line of a draft proposal."""
    _locked(line.proposal, AllocationProposal.Status.DRAFT)
    if kg < 0:
        raise ValidationError({"kg": _("Give a quantity of zero or more.")})
    line = update_audited(actor=actor, obj=line, values={"kg": kg.quantize(GRAM)})
    _check_stock(line.proposal)
    return line


@transaction.atomic
def proposal_approve(*, actor: User, proposal: AllocationProposal) -> AllocationProposal:
    """Approve a draft; the person who proposed it cannot (four eyes)."""
    proposal = _locked(proposal, AllocationProposal.Status.DRAFT)
    if proposal.proposed_by_id == actor.pk:
        raise FourEyes(_("You proposed this allocation; another person must approve it."))
    _check_stock(proposal)
    return step_audited(
        actor=actor,
        obj=proposal,
        verb="approved",
        values={"status": AllocationProposal.Status.APPROVED, "approved_by": actor},
        fields=("status", "approved_by"),
    )


@transaction.atomic
def proposal_reject(*, actor: User, proposal: AllocationProposal) -> AllocationProposal:
    proposal = _locked(
        proposal, AllocationProposal.Status.DRAFT, AllocationProposal.Status.APPROVED
    )
    return step_audited(
        actor=actor,
        obj=proposal,
        verb="rejected",
        values={"status": AllocationProposal.Status.REJECTED},
        fields=("status",),
    )


def _kcal_per_unit(line: ProposalLine) -> Decimal:
    commodity = line.lot.commodity
    kcal = Decimal(commodity.kcal_per_kg or 0)
    return kcal * KG_PER_LITRE if commodity.base_unit == BaseUnit.LITRE else kcal


def _waybills(actor: User, proposal: AllocationProposal) -> list[Waybill]:
    groups: dict[tuple[int, int, int], list[ProposalLine]] = defaultdict(list)
    for line in proposal.lines.select_related("lot", "origin", "site").filter(kg__gt=0):
        if line.origin_id != line.site_id:
            groups[line.origin_id, line.site_id, line.month].append(line)
    waybills = []
    for (_origin, _site, _month), lines in sorted(groups.items()):
        waybill = supply.waybill_create(
            actor=actor,
            origin=lines[0].origin,
            destination=lines[0].site,
            lines=[supply.LineInput(lot=line.lot, quantity=line.kg) for line in lines],
        )
        for line in lines:
            update_audited(actor=actor, obj=line, values={"waybill": waybill})
        waybills.append(waybill)
    return waybills


def _entitlement_changes(actor: User, proposal: AllocationProposal) -> int:
    """Fit the cycle's entitlements to what each site receives: fewer people (caseload) or
    smaller rations down to the floor, then fewer people (rations). A beneficiary is left out
    whole only where those kept can still use all that arrives; what arrives for more people
    than are kept is shared among them as a smaller entitlement (an institution of 400 that
    the stock feeds two thirds of keeps two thirds of its entitlement, not none)."""
    rows: dict[int, list[dict[str, float]]] = defaultdict(list)
    for row in proposal.explanation.get("sites", []):
        rows[int(row["site"])].append(row)
    delivered: dict[int, Decimal] = defaultdict(Decimal)
    for line in proposal.lines.select_related("lot__commodity"):
        delivered[line.site_id] += line.kg * _kcal_per_unit(line)
    read = cycle_problem(
        user=actor,
        cycle=proposal.cycle,
        mode=model.Mode(proposal.mode),
        floor_kcal=proposal.floor_kcal,
    )
    changed = 0
    for site_id, site_rows in sorted(rows.items()):
        people = Decimal(str(max(row["people"] for row in site_rows)))
        person_days = sum(row["people"] * row["days"] for row in site_rows)
        full = Decimal(str(site_rows[0]["full_kcal"]))
        need = Decimal(str(person_days)) * full
        if need <= 0 or people <= 0 or delivered[site_id] >= need:
            continue
        ratio = delivered[site_id] / need
        if proposal.mode == model.Mode.CUT_RATIONS:
            ration = max(ratio, min(Decimal(1), Decimal(proposal.floor_kcal) / full))
        else:
            ration = Decimal(1)
        keep = people * ratio / ration
        # A hundredth of a person of rounding is not a person to leave out.
        rounding = Decimal("0.01")
        beneficiaries = sorted(read.served_by.get(str(site_id), []), key=lambda b: b.reference)
        kept = Decimal(sum(b.people for b in beneficiaries))
        # Leave out the last listed first, while more are listed than the stock can serve.
        for beneficiary in reversed(beneficiaries):
            if kept <= keep + rounding:
                break
            if kept - beneficiary.people < keep - rounding:
                continue  # too many to leave out: part of what arrives would feed no one
            entitlements = list(beneficiary.entitlements.filter(status__in=OPEN, distributed=0))
            if not entitlements:
                continue
            for entitlement in entitlements:
                assistance.entitlement_cancel(actor=actor, entitlement=entitlement)
                changed += 1
            kept -= beneficiary.people
        share = min(Decimal(1), people * ratio / kept) if kept > 0 else Decimal(1)
        if share < 1:
            for beneficiary in beneficiaries:
                for entitlement in beneficiary.entitlements.filter(
                    status__in=(*OPEN, Entitlement.Status.PARTLY)
                ):
                    target = max(entitlement.distributed, _kg(entitlement.quantity * share))
                    if GRAM <= target < entitlement.quantity:
                        assistance.entitlement_reduce(
                            actor=actor, entitlement=entitlement, quantity=target
                        )
                        changed += 1
    return changed


@transaction.atomic
def proposal_apply(*, actor: User, proposal: AllocationProposal) -> AllocationProposal:
    """Turn an approved proposal into draft waybills (supply) and entitlement changes
    (assistance); the waybills still need dispatching, as any other."""
    proposal = _locked(proposal, AllocationProposal.Status.APPROVED)
    _check_stock(proposal)
    waybills = _waybills(actor, proposal)
    changed = _entitlement_changes(actor, proposal)
    proposal.status = AllocationProposal.Status.APPLIED
    proposal.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="allocation.allocationproposal.applied",
        obj=proposal,
        before={"status": AllocationProposal.Status.APPROVED},
        after={
            "status": proposal.status,
            "waybills": [waybill.number for waybill in waybills],
            "entitlements_changed": changed,
        },
    )
    return proposal
