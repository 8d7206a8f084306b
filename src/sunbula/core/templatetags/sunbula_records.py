"""Marks on records in templates, loaded on every template (settings TEMPLATES builtins):

    {{ pledge.reference }}{% illustrative pledge %}   <span class="tag" …>illustrative</span>

Written in Python rather than included: a list marks each of its rows."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def illustrative(record: object) -> SafeString:
    """The tag on demonstration data the source documents do not give; nothing on the rest."""
    if not getattr(record, "is_illustrative", False):
        return SafeString("")
    return format_html(
        ' <span class="tag" title="{}">{}</span>',
        gettext("Demonstration data that the source documents do not give."),
        gettext("illustrative"),
    )
