"""What each role may do. Domains add their permissions here as they land."""

from __future__ import annotations

from enum import StrEnum

from sunbula.core.models import Role


class Perm(StrEnum):
    VIEW_REFERENCE = "core.view_reference"
    VIEW_SITE = "core.view_site"
    MANAGE_SITE = "core.manage_site"
    MANAGE_ORGANISATION = "core.manage_organisation"
    MANAGE_EXCHANGE_RATE = "core.manage_exchange_rate"
    MANAGE_USERS = "core.manage_users"
    VIEW_AUDIT = "core.view_audit"


_EVERY_ROLE = frozenset({Perm.VIEW_REFERENCE, Perm.VIEW_SITE})

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.ADMINISTRATOR: frozenset(Perm),
    Role.PROGRAMME_OFFICER: _EVERY_ROLE | {Perm.MANAGE_ORGANISATION, Perm.MANAGE_SITE},
    Role.LOGISTICS_OFFICER: _EVERY_ROLE | {Perm.MANAGE_SITE},
    Role.PROTECTION_OFFICER: _EVERY_ROLE,
    Role.ME_OFFICER: _EVERY_ROLE,
    Role.EVENT_ORGANISER: _EVERY_ROLE | {Perm.MANAGE_SITE},
    Role.POLICY_ANALYST: _EVERY_ROLE,
    Role.DONOR_VIEWER: _EVERY_ROLE,
    Role.COUNTRY_FOCAL_POINT: _EVERY_ROLE | {Perm.MANAGE_ORGANISATION},
}
