"""Programmes in the navigation, on the home page, in the demo, on partners' timelines, on a
member state's page, in the 3W importer and in the roles limited to programmes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser, has_permission
from sunbula.core.imports import register_importer
from sunbula.core.models import MemberState, Organisation
from sunbula.core.plugins import (
    NavItem,
    RecordLink,
    Tile,
    count_tile,
    linked_records,
    register_demo_loader,
    register_nav,
    register_record_links,
    register_tiles,
)
from sunbula.core.search import ModelSource, register_search
from sunbula.partners.timeline import TimelineEntry, register_timeline_source
from sunbula.programmes import role_limits
from sunbula.programmes.demo import load_programmes_demo
from sunbula.programmes.imports import THREE_W
from sunbula.programmes.models import Project
from sunbula.programmes.permissions import ProgrammePerm
from sunbula.programmes.selectors import project_list, projects_with_organisation
from sunbula.programmes.services import three_w_import

register_nav(NavItem(_("Projects"), "programmes:project_list", ProgrammePerm.VIEW_PROJECT, 40))
register_nav(NavItem(_("Assets"), "programmes:asset_list", ProgrammePerm.VIEW_PROJECT, 42))
register_nav(NavItem(_("4W"), "programmes:four_w", ProgrammePerm.VIEW_COORDINATION, 45))


def programme_tiles(user: AnyUser) -> list[Tile]:
    title = _("Projects")
    return count_tile(
        user, ProgrammePerm.VIEW_PROJECT, title, project_list, "programmes:project_list"
    )


def project_timeline(user: AnyUser, organisation: Organisation) -> list[TimelineEntry]:
    if not has_permission(user, ProgrammePerm.VIEW_PROJECT):
        return []
    return [
        TimelineEntry(
            on=project.actual_start or project.planned_start,
            kind=_("Project"),
            title=str(project),
            url=project.get_absolute_url(),
        )
        for project in projects_with_organisation(user=user, organisation=organisation)
    ]


def projects_in(user: AnyUser, state: MemberState) -> list[RecordLink]:
    """On a member state's page: the projects it receives that the reader may open."""
    if not has_permission(user, ProgrammePerm.VIEW_PROJECT):
        return []
    projects = project_list(user=user).filter(recipient_country=state.country_id)
    return linked_records(_("Projects here"), projects)


register_tiles(programme_tiles, order=40)
register_record_links(MemberState, projects_in, order=20)
register_demo_loader(load_programmes_demo)
register_timeline_source(project_timeline)
register_search(
    ModelSource(_("Projects"), Project, ProgrammePerm.VIEW_PROJECT, ("code", "title"), order=20)
)

register_importer(THREE_W, service=three_w_import)
role_limits.register()
