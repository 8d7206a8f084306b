"""The audit log in templates:

{% load sunbula_audit %}{{ entry|audit_action }}   Waybill · dispatched
{% for field, value in entry|audit_values:"after" %}…{% endfor %}
"""

from __future__ import annotations

from django import template

from sunbula.core import selectors
from sunbula.core.models import AuditEntry

register = template.Library()


@register.filter
def audit_values(entry: AuditEntry, side: str) -> list[tuple[str, str]]:
    """The entry's `side` ("before" or "after") as readable (field, value) pairs."""
    return selectors.audit_values(entry, side)


@register.filter
def audit_action(entry: AuditEntry) -> str:
    """What the entry records, in the reader's language."""
    return selectors.audit_action(entry)
