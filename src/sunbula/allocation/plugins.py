"""Allocation in the navigation, a cycle's allocation and a waybill's proposal among their
neighbours in the chain, and its demo data."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sunbula.allocation.demo import load_allocation_demo
from sunbula.allocation.models import AllocationProposal
from sunbula.allocation.permissions import AllocationPerm
from sunbula.assistance.models import Cycle
from sunbula.core.access import AnyUser, may_open
from sunbula.core.chain import Kind, Neighbours, Step, linked, one, register_neighbours
from sunbula.core.plugins import NavItem, register_demo_loader, register_nav
from sunbula.supply.models import Waybill

register_nav(
    NavItem(_("Allocation"), "allocation:proposal_list", AllocationPerm.VIEW_ALLOCATION, 66)
)

ALLOCATION = Kind(
    Step.ALLOCATION,
    _("Allocation"),
    label=lambda _cycle: str(_("When supply falls short")),
    url=lambda cycle: reverse("allocation:cycle_allocation", args=[cycle.pk]),
)


def cycle_allocation(user: AnyUser, cycle: Cycle) -> list[Neighbours]:
    """The cycle's allocation page, for whoever may see its proposals."""
    return one(ALLOCATION, cycle if may_open(user, AllocationPerm.VIEW_ALLOCATION, cycle) else None)


register_neighbours(Cycle, cycle_allocation)

PROPOSAL = Kind(
    Step.ALLOCATION,
    _("Allocation proposals"),
    label=lambda proposal: f"{proposal.cycle.local_name} · {proposal.get_status_display()}",
)


def waybill_proposals(user: AnyUser, waybill: Waybill) -> list[Neighbours]:
    """The proposal a waybill was drafted for, when it was, for whoever may see it."""
    proposals = (
        AllocationProposal.objects.visible_to(user, AllocationPerm.VIEW_ALLOCATION)
        .filter(lines__waybill=waybill)
        .select_related("cycle")
        .distinct()
        .order_by("-created_at", "-pk")
    )
    return [linked(PROPOSAL, proposals)]


register_neighbours(Waybill, waybill_proposals)

register_demo_loader(load_allocation_demo)
