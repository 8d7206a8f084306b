"""Form widgets' parts written in Python where a template per part is too slow.

    {% load sunbula_forms %}{% select_options widget.optgroups %}
    {% load sunbula_forms %}<input name="{{ widget.name }}"{% html_attrs widget.attrs %}>

A choice of countries or organisations holds hundreds of options; one template rendered
per option was most of the time a page with filters took. The options come out as
Django's own `select_option.html` writes them, and a widget's or label's attributes as
Django's `attrs.html` does, without a template rendered for each field."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, SafeString, mark_safe

register = template.Library()

OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _option(option: dict[str, Any]) -> str:
    if option["template_name"] != OPTION_TEMPLATE:  # a widget that writes its own options
        return render_to_string(option["template_name"], {"widget": option})
    return format_html(
        '<option value="{}"{}>{}</option>',
        str(option["value"]),
        flatatt(option["attrs"]),
        option["label"],
    )


@register.simple_tag
def select_options(optgroups: list[tuple[Any, list[dict[str, Any]], int]]) -> SafeString:
    """The options of a select, in their groups where it has any."""
    parts = []
    for group_name, options, _index in optgroups:
        written = mark_safe("".join(_option(option) for option in options))  # noqa: S308 — each part escaped
        parts.append(
            format_html('<optgroup label="{}">{}</optgroup>', group_name, written)
            if group_name
            else written
        )
    return mark_safe("".join(parts))  # noqa: S308 — each part escaped by format_html


@register.simple_tag
def html_attrs(attrs: dict[str, Any] | None) -> SafeString:
    """` name="value"` for each attribute, a bare ` name` for True, nothing for False: what
    Django's `attrs.html` writes (a value that is already safe HTML is not escaped again)."""
    parts = []
    for name, value in (attrs or {}).items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            written = str(value)  # the `stringformat:'s'` of attrs.html
            if isinstance(value, SafeData):
                written = mark_safe(written)  # noqa: S308 — safe already
            parts.append(f'="{conditional_escape(written)}"')
    return mark_safe("".join(parts))  # noqa: S308 — each part escaped
