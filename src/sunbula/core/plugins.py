"""Where apps plug into the shared layout: navigation entries, home-page tiles and panels,
the public front door's sections, and demo loaders; core's own entries are at the end.

Every app registers its entries in its own `plugins.py`, which its `core.apps.DomainConfig`
imports when Django is ready; core never imports a domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser, has_permission
from sunbula.core.chain import SHOWN
from sunbula.core.models import Organisation, Site
from sunbula.core.permissions import Perm
from sunbula.core.search import ModelSource, register_search
from sunbula.core.selectors import core_figures

M = TypeVar("M", bound=Model)


# Compared (and hashed) as themselves: each entry is registered once, and its label is
# translated only where it is shown.
@dataclass(frozen=True, eq=False)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str
    order: int = 100

    @property
    def url(self) -> str:
        return _url_in(self.url_name, get_language())


@cache
def _url_in(url_name: str, language: str | None) -> str:
    """A navigation entry's address in one language: reversed once, not on every page."""
    return reverse(url_name)


@dataclass(frozen=True)
class Tile:
    title: str | Promise
    value: str
    url: str
    note: str | Promise = ""


TileProvider = Callable[[AnyUser], list[Tile]]


def count_tile(
    user: AnyUser,
    perm: str,
    title: str | Promise,
    records: Callable[..., QuerySet[Any]],
    url_name: str,
) -> list[Tile]:
    """A tile that counts the records `records(user=user)` a user who holds `perm` sees and
    opens their list; no tile for anyone else."""
    if not has_permission(user, perm):
        return []
    return [Tile(title, str(records(user=user).count()), reverse(url_name))]


@dataclass(frozen=True)
class Panel:
    """A list on the home page, e.g. a user's follow-up actions; rendered by `template`."""

    title: str | Promise
    template: str
    context: dict[str, object]


PanelProvider = Callable[[AnyUser], list[Panel]]

PublicPanelProvider = Callable[[], list[Panel]]

_navigation: list[NavItem] = []
_public_panel_providers: list[tuple[int, PublicPanelProvider]] = []
_tile_providers: list[tuple[int, TileProvider]] = []
_panel_providers: list[tuple[int, PanelProvider]] = []


def register_nav(item: NavItem) -> None:
    """Add an entry, kept in the navigation's order (entries of one order as registered)."""
    if all(existing.url_name != item.url_name for existing in _navigation):
        _navigation.append(item)
        _navigation.sort(key=lambda entry: entry.order)


def register_tiles(provider: TileProvider, order: int = 100) -> None:
    if all(existing is not provider for _order, existing in _tile_providers):
        _tile_providers.append((order, provider))


def register_panels(provider: PanelProvider, order: int = 100) -> None:
    if all(existing is not provider for _order, existing in _panel_providers):
        _panel_providers.append((order, provider))


def register_public_panels(provider: PublicPanelProvider, order: int = 100) -> None:
    """A section of the public front door: what anyone may open without signing in."""
    if all(existing is not provider for _order, existing in _public_panel_providers):
        _public_panel_providers.append((order, provider))


def public_panels() -> list[Panel]:
    panels: list[Panel] = []
    for _order, provider in sorted(_public_panel_providers, key=lambda entry: entry[0]):
        panels.extend(provider())
    return panels


def panels_for(user: AnyUser) -> list[Panel]:
    panels: list[Panel] = []
    for _order, provider in sorted(_panel_providers, key=lambda entry: entry[0]):
        panels.extend(provider(user))
    return panels


def navigation_for(user: AnyUser) -> list[NavItem]:
    return [item for item in _navigation if has_permission(user, item.permission)]


def tiles_for(user: AnyUser) -> list[Tile]:
    tiles: list[Tile] = []
    for _order, provider in sorted(_tile_providers, key=lambda entry: entry[0]):
        tiles.extend(provider(user))
    return tiles


DemoLoader = Callable[[Callable[[str], object]], None]
_demo_loaders: list[DemoLoader] = []


def register_demo_loader(loader: DemoLoader) -> None:
    """A domain's demo data, loaded after core's, in the order the apps are installed."""
    if loader not in _demo_loaders:
        _demo_loaders.append(loader)


def demo_loaders() -> list[DemoLoader]:
    return list(_demo_loaders)


ReferenceLoader = Callable[[Callable[[str], object]], None]
_reference_loaders: list[ReferenceLoader] = []


def register_reference_loader(loader: ReferenceLoader) -> None:
    """A domain's reference data (e.g. the standard commodity list), loaded by `sunbula setup`
    and by the demo after core's: never a demo record."""
    if loader not in _reference_loaders:
        _reference_loaders.append(loader)


def reference_loaders() -> list[ReferenceLoader]:
    return list(_reference_loaders)


@dataclass(frozen=True)
class RecordLink:
    """A page another app keeps about a record (an organisation's partner profile, its donor
    page, a project's events), linked from the record's own page under `kind`. An entry marked
    `more` stands for the others of its kind beyond those linked: its `url` lists them, or is
    empty where no page does, and its `label`, if any, names that list ("all" without one)."""

    kind: str | Promise
    label: str
    url: str
    more: bool = False


@dataclass(frozen=True)
class RecordLinkGroup:
    """The links of one kind on a record's page, and where the others are when there are more
    (`more_url`, the link named `more_label`, or "all" without one)."""

    kind: str | Promise
    links: tuple[RecordLink, ...]
    more: bool = False
    more_url: str = ""
    more_label: str = ""


RecordLinkSource = Callable[[AnyUser, Any], list[RecordLink]]
_record_link_sources: dict[type[Model], list[tuple[int, RecordLinkSource]]] = {}


def register_record_links(model: type[Model], source: RecordLinkSource, order: int = 100) -> None:
    """`source(user, record)` gives the pages of its app about a `model` record that the user
    may open (none that would answer 403 or 404)."""
    sources = _record_link_sources.setdefault(model, [])
    if all(existing is not source for _order, existing in sources):
        sources.append((order, source))


def record_links(user: AnyUser, record: Model) -> list[RecordLink]:
    """Every page the apps keep about `record` that `user` may open, in their order."""
    links: list[RecordLink] = []
    sources = _record_link_sources.get(type(record), [])
    for _order, source in sorted(sources, key=lambda entry: entry[0]):
        links.extend(source(user, record))
    return links


def record_link_groups(user: AnyUser, record: Model) -> list[RecordLinkGroup]:
    """`record_links` gathered under their kinds, in their order, for a page that lists
    several records of a kind (a project's events)."""
    groups: dict[str, RecordLinkGroup] = {}
    for link in record_links(user, record):
        group = groups.setdefault(str(link.kind), RecordLinkGroup(link.kind, ()))
        if link.more:
            if group.more_url:
                group = replace(group, more=True)
            else:
                group = replace(group, more=True, more_url=link.url, more_label=link.label)
        else:
            group = replace(group, links=(*group.links, link))
        groups[str(link.kind)] = group
    return list(groups.values())


def linked_records(
    kind: str | Promise,
    records: QuerySet[M],
    label: Callable[[M], str] = str,
    more_url: str = "",
    more_label: str | Promise = "",
) -> list[RecordLink]:
    """The first `SHOWN` of `records` (scoped to the reader, read in one query) linked under
    `kind`, and an entry for the others when there are more (listed at `more_url`, if a page
    lists them, by a link named `more_label`, or "all" without one)."""
    rows = list(records[: SHOWN + 1])
    links = [RecordLink(kind, label(row), _address(row)) for row in rows[:SHOWN]]
    if len(rows) > SHOWN:
        links.append(RecordLink(kind, str(more_label), more_url, more=True))
    return links


def _address(record: Any) -> str:
    return str(record.get_absolute_url())


# Core's own entries.

register_nav(NavItem(_("Organisations"), "core:organisation_list", Perm.VIEW_REFERENCE, 10))
register_nav(NavItem(_("Member states"), "core:member_state_list", Perm.VIEW_REFERENCE, 20))
register_nav(NavItem(_("Sites"), "core:site_list", Perm.VIEW_SITE, 30))
register_nav(NavItem(_("Audit log"), "core:audit_list", Perm.VIEW_AUDIT, 900))
register_nav(NavItem(_("Schedules"), "core:schedule_list", Perm.VIEW_SCHEDULES, 910))


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
        Tile(_("Sites"), number_format(figures.sites), reverse("core:site_list")),
    ]


register_tiles(core_tiles, order=10)
register_nav(NavItem(_("Exchange rates"), "core:rate_list", Perm.MANAGE_EXCHANGE_RATE, 880))
register_nav(NavItem(_("Users"), "core:user_list", Perm.MANAGE_USERS, 890))


register_search(
    ModelSource(
        _("Organisations"),
        Organisation,
        Perm.VIEW_REFERENCE,
        ("name", "acronym", "iati_identifier"),
        order=10,
    )
)
register_search(ModelSource(_("Sites"), Site, Perm.VIEW_SITE, ("name",), order=30))
