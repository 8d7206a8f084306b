"""Learning in the navigation, on the home page, in the demo and in the attendance importer."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser
from sunbula.core.imports import register_importer
from sunbula.core.plugins import (
    NavItem,
    Panel,
    Tile,
    count_tile,
    register_demo_loader,
    register_nav,
    register_public_panels,
    register_tiles,
)
from sunbula.core.search import ModelSource, register_search
from sunbula.learning.demo import load_learning_demo
from sunbula.learning.imports import ATTENDANCE_REPORT
from sunbula.learning.models import Course, Event
from sunbula.learning.permissions import LearningPerm
from sunbula.learning.selectors import event_list, events_open_for_registration
from sunbula.learning.services import attendance_import
from sunbula.learning.views import FARMER_LANGUAGES

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
