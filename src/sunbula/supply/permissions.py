"""What each role may do in this domain (see core.permissions)."""

from __future__ import annotations

from enum import StrEnum

from sunbula.core.models import Role
from sunbula.core.permissions import grant, grant_to_every_role


class SupplyPerm(StrEnum):
    VIEW_STOCK = "supply.view_stock"
    MOVE_STOCK = "supply.move_stock"
    APPROVE_LOSS = "supply.approve_loss"
    MANAGE_COMMODITY = "supply.manage_commodity"


grant(Role.ADMINISTRATOR, *SupplyPerm)
grant_to_every_role(SupplyPerm.VIEW_STOCK)
grant(Role.LOGISTICS_OFFICER, SupplyPerm.MOVE_STOCK, SupplyPerm.MANAGE_COMMODITY)
grant(Role.PROGRAMME_OFFICER, SupplyPerm.MOVE_STOCK, SupplyPerm.APPROVE_LOSS)
