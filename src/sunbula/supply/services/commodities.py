"""Writes to commodities and the sites that keep stock."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict, Unpack

from django.db import transaction

from sunbula.core.audit import given_fields, upsert_audited
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


@transaction.atomic
def commodity_upsert(
    *, actor: User | None, code: str, **fields: Unpack[CommodityFields]
) -> Commodity:
    """Create a commodity, or update what differs; an unchanged one is not audited."""
    values = given_fields("commodity_upsert", fields, COMMODITY_FIELDS)
    return upsert_audited(actor=actor, model=Commodity, lookup={"code": code}, values=values)


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
