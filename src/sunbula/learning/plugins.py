"""Learning in the navigation, on the home page, in the demo, in the attendance importer, and
on the pages of the projects and member states its events and courses belong to."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser, has_permission
from sunbula.core.addresses import list_url
from sunbula.core.imports import register_importer
from sunbula.core.models import MemberState
from sunbula.core.plugins import (
    NavItem,
    Panel,
    RecordLink,
    Tile,
    count_tile,
    linked_records,
    register_demo_loader,
    register_nav,
    register_public_panels,
    register_record_links,
    register_tiles,
)
from sunbula.core.search import ModelSource, register_search
from sunbula.learning.demo import load_learning_demo
from sunbula.learning.imports import ATTENDANCE_REPORT
from sunbula.learning.models import Course, Event
from sunbula.learning.permissions import LearningPerm
from sunbula.learning.selectors import course_list, event_list, events_open_for_registration
from sunbula.learning.services import attendance_import
from sunbula.learning.views import FARMER_LANGUAGES
from sunbula.programmes.models import Project

register_nav(NavItem(_("Events"), "learning:event_list", LearningPerm.VIEW_EVENT, 60))


def learning_tiles(user: AnyUser) -> list[Tile]:
    title = _("Workshops and trainings")
    return count_tile(user, LearningPerm.VIEW_EVENT, title, event_list, "learning:event_list")


register_tiles(learning_tiles, order=60)


def learning_doors() -> list[Panel]:
    """On the public front door: events open for registration (when there are any), the
    farmer courses in each farmer's language, and the check of a certificate."""
    events = events_open_for_registration()
    registration = Panel(
        _("Events open for registration"), "learning/_public_events.html", {"events": events}
    )
    return [
        *([registration] if events else []),
        Panel(
            _("Farmer courses"),
            "learning/_public_courses.html",
            {
                "languages": [
                    (code, reverse("learning:farm_courses", args=[code]))
                    for code in FARMER_LANGUAGES
                ]
            },
        ),
        Panel(_("Verify a certificate"), "learning/_public_verify.html", {}),
    ]


register_public_panels(learning_doors, order=20)
register_demo_loader(load_learning_demo)
register_search(ModelSource(_("Events"), Event, LearningPerm.VIEW_EVENT, ("title",), order=70))
register_search(ModelSource(_("Courses"), Course, LearningPerm.VIEW_COURSE, ("title",), order=75))

register_importer(ATTENDANCE_REPORT, service=attendance_import)


def project_learning(user: AnyUser, project: Project) -> list[RecordLink]:
    """On a project's page: its events, the latest first (the others on the event list for
    that project), and its farmer courses, those the reader may open."""
    links: list[RecordLink] = []
    if has_permission(user, LearningPerm.VIEW_EVENT):
        events = event_list(user=user).filter(project=project)
        listed = list_url("learning:event_list", project=project.pk)
        links += linked_records(
            _("Events"),
            events,
            label=_title,
            more_url=listed,
            more_label=_("All events of this project"),
        )
    if has_permission(user, LearningPerm.VIEW_COURSE):
        courses = course_list(user=user).filter(project=project)
        links += linked_records(_("Farmer courses"), courses, label=_title)
    return links


def events_held_in(user: AnyUser, state: MemberState) -> list[RecordLink]:
    """On a member state's page: the events it hosts that the reader may open, the latest
    first; the others on the event list for that host country."""
    if not has_permission(user, LearningPerm.VIEW_EVENT):
        return []
    iso3 = state.country.iso3
    events = event_list(user=user, country=iso3)
    listed = list_url("learning:event_list", country=iso3)
    return linked_records(_("Events held here"), events, label=_title, more_url=listed)


def _title(record: Event | Course) -> str:
    return str(record.local_title)


register_record_links(Project, project_learning, order=50)
register_record_links(MemberState, events_held_in, order=50)
