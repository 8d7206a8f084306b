"""Writes to commodities and the sites that keep stock."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict, Unpack

from django.db import transaction

from sunbula.core.audit import create_audited, given_fields, update_audited, upsert_audited
from sunbula.core.models import Site, User
from sunbula.supply.models import (
    Commodity,
    StockSite,
)


class CommodityFields(TypedDict, total=False):
    """What `commodity_upsert` takes besides the code; a field left out keeps its value."""

    name: str
    name_translations: dict[str, str]
    category: str
    base_unit: str
    package_size: Decimal | None
    package_name: str
    kcal_per_kg: int | None
    shelf_life_days: int | None


COMMODITY_FIELDS = tuple(CommodityFields.__annotations__)

# What a person fills in about a commodity after its code and name, in the order the page
# and the API show it.
COMMODITY_DETAILS = (
    "category",
    "base_unit",
    "package_size",
    "package_name",
    "kcal_per_kg",
    "shelf_life_days",
)


class StockSiteFields(TypedDict, total=False):
    """What a stock-keeping site records besides its site; a field left out keeps its value."""

    capacity: Decimal | None
    is_active: bool


STOCK_SITE_FIELDS = tuple(StockSiteFields.__annotations__)


@transaction.atomic
def commodity_upsert(
    *, actor: User | None, code: str, **fields: Unpack[CommodityFields]
) -> Commodity:
    """Create a commodity, or update what differs; an unchanged one is not audited."""
    values = given_fields("commodity_upsert", fields, COMMODITY_FIELDS)
    return upsert_audited(actor=actor, model=Commodity, lookup={"code": code}, values=values)


@transaction.atomic
def commodity_create(
    *, actor: User | None, code: str, **fields: Unpack[CommodityFields]
) -> Commodity:
    """Add a commodity; a code already in use is refused."""
    values = given_fields("commodity_create", fields, COMMODITY_FIELDS)
    return create_audited(actor=actor, model=Commodity, values={"code": code, **values})


@transaction.atomic
def commodity_update(
    *, actor: User | None, commodity: Commodity, **fields: Unpack[CommodityFields]
) -> Commodity:
    """Change what differs of a commodity; its code stays."""
    values = given_fields("commodity_update", fields, COMMODITY_FIELDS)
    return update_audited(actor=actor, obj=commodity, values=values)


@transaction.atomic
def stock_site_register(
    *, actor: User | None, site: Site, capacity: Decimal | None = None, is_active: bool = True
) -> StockSite:
    """Let a site hold stock (or stop it), with its storage capacity."""
    return upsert_audited(
        actor=actor,
        model=StockSite,
        lookup={"site": site},
        values={"capacity": capacity, "is_active": is_active},
    )


@transaction.atomic
def stock_site_update(
    *, actor: User | None, stock_site: StockSite, **fields: Unpack[StockSiteFields]
) -> StockSite:
    """Change a stock-keeping site's capacity, or stop (or resume) it holding stock."""
    values = given_fields("stock_site_update", fields, STOCK_SITE_FIELDS)
    return update_audited(actor=actor, obj=stock_site, values=values)
