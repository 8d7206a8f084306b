"""What each role may do. Core's permissions are here; each domain grants its own.

A domain declares its permissions as a StrEnum in `<app>/permissions.py` and calls
`grant(role, *permissions)` there; its `core.apps.DomainConfig` imports that module.
"""

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
    VIEW_SCHEDULES = "core.view_schedules"


ROLE_PERMISSIONS: dict[Role, set[str]] = {role: set() for role in Role}


def grant(role: Role, *permissions: str) -> None:
    ROLE_PERMISSIONS[role].update(permissions)


def grant_to_every_role(*permissions: str) -> None:
    for role in Role:
        grant(role, *permissions)


grant(Role.ADMINISTRATOR, *Perm)
grant_to_every_role(Perm.VIEW_REFERENCE, Perm.VIEW_SITE)
grant(Role.PROGRAMME_OFFICER, Perm.MANAGE_ORGANISATION, Perm.MANAGE_SITE)
grant(Role.LOGISTICS_OFFICER, Perm.MANAGE_SITE)
grant(Role.EVENT_ORGANISER, Perm.MANAGE_SITE)
grant(Role.COUNTRY_FOCAL_POINT, Perm.MANAGE_ORGANISATION)
