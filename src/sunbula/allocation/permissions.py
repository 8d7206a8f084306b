"""What each role may do in this domain (see core.permissions)."""

from __future__ import annotations

from enum import StrEnum

from sunbula.core.models import Role
from sunbula.core.permissions import grant


class AllocationPerm(StrEnum):
    VIEW_ALLOCATION = "allocation.view_allocation"
    PROPOSE_ALLOCATION = "allocation.propose_allocation"
    APPROVE_ALLOCATION = "allocation.approve_allocation"


grant(Role.ADMINISTRATOR, *AllocationPerm)
grant(Role.PROGRAMME_OFFICER, *AllocationPerm)
grant(
    Role.LOGISTICS_OFFICER,
    AllocationPerm.VIEW_ALLOCATION,
    AllocationPerm.PROPOSE_ALLOCATION,
)
grant(Role.ME_OFFICER, AllocationPerm.VIEW_ALLOCATION)
