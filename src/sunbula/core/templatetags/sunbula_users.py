"""People administration in templates:

{% load sunbula_users %}{{ assignment|role_summary }}   Programme officer (IOFS): Afghanistan
"""

from __future__ import annotations

from django import template

from sunbula.core import selectors
from sunbula.core.models import RoleAssignment

register = template.Library()


@register.filter
def role_summary(assignment: RoleAssignment) -> str:
    """The role with the countries, programmes and organisation it is limited to."""
    return selectors.role_summary(assignment)
