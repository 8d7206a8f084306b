"""Allocation in the navigation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.allocation.permissions import AllocationPerm
from sunbula.core.plugins import NavItem, register_nav

register_nav(
    NavItem(_("Allocation"), "allocation:proposal_list", AllocationPerm.VIEW_ALLOCATION, 66)
)
