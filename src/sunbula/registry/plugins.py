"""The registry in the navigation, on the home page and in the demo."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser, has_permission
from sunbula.core.plugins import NavItem, Tile, register_demo_loader, register_nav, register_tiles
from sunbula.registry.demo import load_registry_demo
from sunbula.registry.permissions import RegistryPerm
from sunbula.registry.selectors import registry_figures

register_nav(NavItem(_("People"), "registry:person_list", RegistryPerm.VIEW_REGISTRY, 200))
register_nav(NavItem(_("Households"), "registry:household_list", RegistryPerm.VIEW_REGISTRY, 210))
register_nav(
    NavItem(_("Institutions"), "registry:institution_list", RegistryPerm.VIEW_INSTITUTION, 220)
)
register_nav(
    NavItem(_("Duplicates"), "registry:duplicate_queue", RegistryPerm.REVIEW_DUPLICATES, 230)
)


def registry_tiles(user: AnyUser) -> list[Tile]:
    tiles: list[Tile] = []
    figures = registry_figures(user=user)
    if has_permission(user, RegistryPerm.VIEW_REGISTRY):
        tiles.append(
            Tile(
                _("People registered"),
                number_format(figures.people),
                reverse("registry:person_list"),
            )
        )
    if has_permission(user, RegistryPerm.VIEW_INSTITUTION):
        tiles.append(
            Tile(
                _("Institutions"),
                number_format(figures.institutions),
                reverse("registry:institution_list"),
            )
        )
    if has_permission(user, RegistryPerm.REVIEW_DUPLICATES) and figures.pending_duplicates:
        tiles.append(
            Tile(
                _("Possible duplicates"),
                number_format(figures.pending_duplicates),
                reverse("registry:duplicate_queue"),
            )
        )
    return tiles


register_tiles(registry_tiles, order=200)
register_demo_loader(load_registry_demo)
