"""Who may change programmes: they span countries, so changing one needs a role in every
country (or one limited to that programme). Projects and everything inside them follow
their `scope_rule` through core.access.fetch."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from sunbula.core.access import AnyUser, require_permission, scope_for
from sunbula.core.scoping import ScopeRule
from sunbula.programmes.permissions import ProgrammePerm

# Changing a programme: a role limited to countries does not reach it; one limited to the
# programme itself does.
CHANGING_PROGRAMMES = ScopeRule(programme="pk")


def require_programme_manager(user: AnyUser) -> None:
    """Programmes span countries: creating one needs the permission in every country."""
    if not scope_for(user, ProgrammePerm.MANAGE_PROGRAMME).every_country:
        require_permission(user, ProgrammePerm.MANAGE_PROGRAMME)
        raise PermissionDenied


def can_manage_programmes(user: AnyUser) -> bool:
    return scope_for(user, ProgrammePerm.MANAGE_PROGRAMME).every_country
