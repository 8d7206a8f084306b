"""Writes to commodities and the sites that keep stock."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from sunbula.core.audit import upsert_audited
from sunbula.core.models import Site, User
from sunbula.supply.models import (
    Commodity,
    StockSite,
)


@transaction.atomic
def commodity_upsert(*, actor: User | None, code: str, **values: Any) -> Commodity:
    """Create a commodity, or update what differs; an unchanged one is not audited."""
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
