"""`{% export_query "csv" %}`: the current page's query string, asking for a download."""

from __future__ import annotations

from django import template
from django.template import Context

register = template.Library()


@register.simple_tag(takes_context=True)
def export_query(context: Context, file_format: str) -> str:
    """Keep every filter (repeated ones too), drop the page number, add the format."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["format"] = file_format
    return f"?{query.urlencode()}"
