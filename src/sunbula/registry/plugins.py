"""The registry in the navigation, on the home page, in the demo and in the people importer."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser, has_permission
from sunbula.core.chain import Kind, Neighbours, Step, linked, register_neighbours
from sunbula.core.imports import register_importer
from sunbula.core.models import Site
from sunbula.core.plugins import (
    NavItem,
    Tile,
    register_demo_loader,
    register_nav,
    register_reference_loader,
    register_tiles,
)
from sunbula.core.search import SHOWN, Group, Hit, ModelSource, register_search
from sunbula.registry.demo import ensure_registry_key, load_registry_demo
from sunbula.registry.importing import PEOPLE, import_file
from sunbula.registry.models import Household, Institution
from sunbula.registry.permissions import RegistryPerm
from sunbula.registry.presentation import person_cards
from sunbula.registry.selectors import person_search, registry_figures

INSTITUTIONS = Kind(Step.INSTITUTION, _("Institutions"), label=lambda row: row.local_name)


def site_institutions(user: AnyUser, site: Site) -> list[Neighbours]:
    """The institutions (a treatment centre, a prison) whose premises a site is."""
    institutions = Institution.objects.visible_to(user, RegistryPerm.VIEW_INSTITUTION)
    return [linked(INSTITUTIONS, institutions.filter(site=site).order_by("name"))]


register_neighbours(Site, site_institutions)
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
                _("about this many") if figures.people_estimated else "",
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


def people_found(user: AnyUser, query: str) -> Group | None:
    """People by name, phone or identity number, for protection officers only; each look-up
    that shows a name is audited like any other reading of personal data."""
    if not has_permission(user, RegistryPerm.VIEW_REGISTRY):
        return None
    people = list(person_search(user=user, query=query, limit=SHOWN))
    cards = person_cards(user=user, people=people, channel="search")
    hits = tuple(
        Hit(
            " ".join(part for part in (card.given_name, card.family_name) if part),
            card.url,
            " · ".join(part for part in (card.household, card.admin_area or card.country) if part),
        )
        for card in cards
    )
    return Group(_("People"), hits)


register_search(people_found, order=200)
register_search(
    ModelSource(
        _("Households"),
        Household,
        RegistryPerm.VIEW_REGISTRY,
        ("reference", "external_id"),
        order=210,
        ordering=("-created_at", "-pk"),
    )
)
register_search(
    ModelSource(_("Institutions"), Institution, RegistryPerm.VIEW_INSTITUTION, ("name",), order=220)
)

register_reference_loader(ensure_registry_key)

register_importer(PEOPLE, service=import_file)
