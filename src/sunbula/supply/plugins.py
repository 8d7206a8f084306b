"""Supply in the navigation, on the home page, in the demo and in the chain: the lots and
purchase orders of the money above, the waybills of a lot."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser
from sunbula.core.chain import register_neighbours
from sunbula.core.models import Site
from sunbula.core.plugins import (
    NavItem,
    Tile,
    count_tile,
    register_demo_loader,
    register_nav,
    register_reference_loader,
    register_tiles,
)
from sunbula.core.search import ModelSource, register_search
from sunbula.funding.commodities import CommodityOption, register_commodity_source
from sunbula.funding.models import Commitment, Payment, Pledge
from sunbula.funding.services import COMMITMENT_DRAWS
from sunbula.programmes.models import Project
from sunbula.supply import neighbours
from sunbula.supply.demo import load_supply_demo
from sunbula.supply.models import Commodity, Lot, PurchaseOrder, Waybill
from sunbula.supply.permissions import SupplyPerm
from sunbula.supply.reference import load_commodities
from sunbula.supply.selectors import flagged_losses

register_nav(NavItem(_("Stock"), "supply:stock", SupplyPerm.VIEW_STOCK, 60))


def supply_tiles(user: AnyUser) -> list[Tile]:
    title = _("Losses awaiting approval")
    return count_tile(user, SupplyPerm.VIEW_STOCK, title, flagged_losses, "supply:losses")


register_tiles(supply_tiles, order=60)
register_demo_loader(load_supply_demo)


def commodity_options() -> list[CommodityOption]:
    """What an in-kind pledge may name: the commodities goods are received as."""
    return [
        CommodityOption(code=commodity.code, name=commodity.name, label=str(commodity))
        for commodity in Commodity.objects.order_by("name")
    ]


register_commodity_source(commodity_options)


def load_standard_commodities(log: Callable[[str], object]) -> None:
    """The standard commodity list is reference data: `sunbula setup` loads it too."""
    log("Loading the standard commodity list…")
    load_commodities()


register_reference_loader(load_standard_commodities)
register_neighbours(Pledge, neighbours.pledge_supply)
register_neighbours(Commitment, neighbours.commitment_supply)
register_neighbours(Payment, neighbours.payment_supply)
register_neighbours(Project, neighbours.project_lots)
register_neighbours(Lot, neighbours.lot_neighbours)
register_neighbours(Waybill, neighbours.waybill_lots)
register_neighbours(Site, neighbours.site_supply)
register_neighbours(PurchaseOrder, neighbours.purchase_order_neighbours)
register_search(
    ModelSource(
        _("Lots"),
        Lot,
        SupplyPerm.VIEW_STOCK,
        ("reference", "batch"),
        detail=lambda lot: str(lot.commodity),
        select_related=("commodity",),
        order=50,
    )
)
register_search(ModelSource(_("Waybills"), Waybill, SupplyPerm.VIEW_STOCK, ("number",), order=60))


def _drawn_on(commitment: Commitment) -> Decimal:
    """What the purchase orders not cancelled draw on a commitment, in US dollars: a
    correction of the commitment keeps it at least that."""
    orders = commitment.purchase_orders.exclude(status=PurchaseOrder.Status.CANCELLED)
    total: Decimal | None = orders.aggregate(total=Sum("amount_usd"))["total"]
    return total or Decimal(0)


COMMITMENT_DRAWS.append(_drawn_on)
