"""Field forms in the navigation, in the demo, and in a person's file and erasure."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.models import User
from sunbula.core.plugins import NavItem, register_demo_loader, register_nav
from sunbula.fieldforms import selectors, services
from sunbula.fieldforms.demo import load_fieldforms_demo
from sunbula.fieldforms.permissions import FieldPerm
from sunbula.registry.holdings import register_forgetting, register_holding
from sunbula.registry.models import Person

register_nav(NavItem(_("Field forms"), "fieldforms:overview", FieldPerm.VIEW_FIELD_FORMS, 66))
register_demo_loader(load_fieldforms_demo)


def forget_submissions(actor: User, person: Person) -> dict[str, int]:
    """The submissions that registered or changed an erased person, or answered
    post-distribution monitoring for them or their household, lose their values."""
    submissions = list(selectors.person_submissions(person=person))
    return services.submissions_erase(actor=actor, submissions=submissions)


register_holding(selectors.person_submission_holdings, order=300)
register_forgetting(forget_submissions)
