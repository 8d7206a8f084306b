"""Allocation in the navigation, a cycle's allocation among its neighbours in the chain, and
its demo data."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sunbula.allocation.demo import load_allocation_demo
from sunbula.allocation.permissions import AllocationPerm
from sunbula.assistance.models import Cycle
from sunbula.core.access import AnyUser, may_open
from sunbula.core.chain import Kind, Neighbours, Step, one, register_neighbours
from sunbula.core.plugins import NavItem, register_demo_loader, register_nav

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

register_demo_loader(load_allocation_demo)
