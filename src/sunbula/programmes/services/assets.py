"""Writes to project assets and their maintenance visits."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TypedDict, Unpack

from django.db import transaction
from django.utils.translation import gettext as _

from sunbula.core.audit import (
    create_audited,
    given_fields,
    remove_audited,
    stated_reason,
    update_audited,
)
from sunbula.core.models import AdminArea, Currency, Organisation, Site, User
from sunbula.programmes.models import Asset, MaintenanceVisit, Project


class AssetInputs(TypedDict, total=False):
    """An asset as people write it, on a page or through the API."""

    kind: str
    name: str
    name_translations: dict[str, str]
    project: Project
    site: Site
    admin_area: AdminArea | None
    funded_by: Organisation | None
    value: Decimal | None
    currency: Currency | None
    installed_on: datetime.date | None
    status: str
    people_served: int | None


class AssetFields(AssetInputs, total=False):
    """What `asset_register` and `asset_update` take: the inputs and the demo's mark."""

    is_illustrative: bool


ASSET_INPUTS = tuple(AssetInputs.__annotations__)
ASSET_FIELDS = tuple(AssetFields.__annotations__)

# What a person records about an asset after where it stands, in the order the page and
# the API show it.
ASSET_DETAILS = ("funded_by", "value", "currency", "installed_on", "status", "people_served")


class VisitChanges(TypedDict, total=False):
    """What correcting a maintenance visit may change; its asset stays (a visit recorded
    against the wrong asset is removed and recorded again against the right one)."""

    visited_on: datetime.date
    visited_by: str
    finding: str
    status_after: str


VISIT_CHANGES = tuple(VisitChanges.__annotations__)

# What a removed visit's audit entry keeps of it.
VISIT_KEPT = ("asset", "visited_on", "visited_by", "finding", "status_after")


def _with_area(values: dict[str, object]) -> dict[str, object]:
    """Without a P-code of its own, an asset is placed in its site's admin area."""
    site = values.get("site")
    if isinstance(site, Site) and not values.get("admin_area"):
        values["admin_area"] = site.admin_area
    return values


@transaction.atomic
def asset_register(*, actor: User | None, **fields: Unpack[AssetFields]) -> Asset:
    """Register an asset of a project at a site (kind, project, site and name are needed)."""
    values = _with_area(given_fields("asset_register", fields, ASSET_FIELDS))
    return create_audited(actor=actor, model=Asset, values=values)


@transaction.atomic
def asset_update(*, actor: User | None, asset: Asset, **fields: Unpack[AssetFields]) -> Asset:
    """Change the fields given; the others keep their values."""
    values = given_fields("asset_update", fields, ASSET_FIELDS)
    if "site" in values and "admin_area" not in values:
        values = _with_area(values)
    return update_audited(actor=actor, obj=asset, values=values)


@transaction.atomic
def maintenance_visit_record(
    *,
    actor: User | None,
    asset: Asset,
    visited_on: datetime.date,
    visited_by: str,
    finding: str,
    status_after: str,
) -> MaintenanceVisit:
    """A visit to an asset; the newest visit sets the asset's status (recorded in its entry)."""
    locked = Asset.objects.select_for_update().get(pk=asset.pk)
    visit = create_audited(
        actor=actor,
        model=MaintenanceVisit,
        values={
            "asset": locked,
            "visited_on": visited_on,
            "visited_by": visited_by,
            "finding": finding,
            "status_after": status_after,
        },
    )
    newer = locked.visits.filter(visited_on__gt=visited_on).exists()
    if not newer and locked.status != status_after:
        Asset.objects.filter(pk=locked.pk).update(status=status_after)
        asset.status = status_after
    return visit


def _newest_visit(asset: Asset) -> tuple[int, str] | None:
    """The newest visit to `asset` (the last recorded of its latest day) and what it found."""
    newest = asset.visits.order_by("-visited_on", "-id").values_list("pk", "status_after").first()
    return None if newest is None else (newest[0], newest[1])


def _status_after_correction(
    *, actor: User | None, asset: Asset, newest_before: tuple[int, str] | None
) -> None:
    """Where a correction changed the asset's newest visit, or what that visit found, the
    asset takes the status its newest visit now found (an entry of its own); a status set
    on the asset after an untouched newest visit stays. With no visit left, it stays too."""
    newest = _newest_visit(asset)
    if newest is not None and newest != newest_before:
        update_audited(actor=actor, obj=asset, values={"status": newest[1]})


@transaction.atomic
def maintenance_visit_update(
    *, actor: User | None, visit: MaintenanceVisit, **fields: Unpack[VisitChanges]
) -> MaintenanceVisit:
    """Correct a visit's date, visitor, finding or the status it found; if it is, or
    becomes, the asset's newest visit, the asset's status follows."""
    values = given_fields("maintenance_visit_update", fields, VISIT_CHANGES)
    asset = Asset.objects.select_for_update().get(pk=visit.asset_id)
    newest_before = _newest_visit(asset)
    visit = update_audited(actor=actor, obj=visit, values=values)
    _status_after_correction(actor=actor, asset=asset, newest_before=newest_before)
    return visit


@transaction.atomic
def maintenance_visit_remove(*, actor: User | None, visit: MaintenanceVisit, reason: str) -> None:
    """Remove a visit recorded by mistake (against the wrong asset, or never made); the audit
    entry keeps what it said, and why. If it was the newest, the asset's status becomes what
    the visit before it found."""
    reason = stated_reason(reason, _("Say why the visit is removed."))
    asset = Asset.objects.select_for_update().get(pk=visit.asset_id)
    newest_before = _newest_visit(asset)
    stored = MaintenanceVisit.objects.get(pk=visit.pk)
    remove_audited(actor=actor, obj=stored, fields=VISIT_KEPT, also={"reason": reason})
    _status_after_correction(actor=actor, asset=asset, newest_before=newest_before)
