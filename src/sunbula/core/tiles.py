"""Core's entries in the navigation and on the home page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser, has_permission
from sunbula.core.permissions import Perm
from sunbula.core.registry import NavItem, Tile, register_nav, register_tiles
from sunbula.core.selectors import core_figures

register_nav(NavItem(_("Organisations"), "core:organisation_list", Perm.VIEW_REFERENCE, 10))
register_nav(NavItem(_("Member states"), "core:member_state_list", Perm.VIEW_REFERENCE, 20))
register_nav(NavItem(_("Sites"), "core:site_list", Perm.VIEW_SITE, 30))
register_nav(NavItem(_("Audit log"), "core:audit_list", Perm.VIEW_AUDIT, 900))


def core_tiles(user: AnyUser) -> list[Tile]:
    if not has_permission(user, Perm.VIEW_REFERENCE):
        return []
    figures = core_figures(user=user)
    return [
        Tile(
            _("Organisations"),
            number_format(figures.organisations),
            reverse("core:organisation_list"),
        ),
        Tile(
            _("OIC member states"),
            number_format(figures.member_states),
            reverse("core:member_state_list"),
            _("%(count)s recorded as IOFS members") % {"count": figures.iofs_members},
        ),
        Tile(_("Sites in your countries"), number_format(figures.sites), reverse("core:site_list")),
    ]


register_tiles(core_tiles, order=10)
