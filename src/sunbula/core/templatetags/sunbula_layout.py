"""Parts of the shared layout (base.html) written in Python: every page shows them.

    {% load sunbula_layout %}{% navigation_links navigation request.path %}
    <a href="{% page_url 'core:home' %}">   what {% url 'core:home' %} gives

The navigation holds some thirty links and the header a dozen more; a template node per link
and attribute, and the URL resolver walked for each, were a noticeable share of a list
page's time."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from sunbula.core import addresses
from sunbula.core.plugins import NavItem

register = template.Library()


@cache
def _link(item: NavItem, language: str | None) -> tuple[str, str, str]:
    """An entry's address, and its address and label escaped, in one language: the same on
    every page."""
    url = item.url
    return url, conditional_escape(url), conditional_escape(str(item.label))


@register.simple_tag
def navigation_links(entries: Iterable[NavItem], path: str) -> SafeString:
    """A list item with a link for each entry; the page being shown is marked current."""
    language = get_language()
    links = []
    for item in entries:
        url, href, label = _link(item, language)
        current = ' aria-current="page"' if url == path else ""
        links.append(f'<li><a href="{href}"{current}>{label}</a></li>')
    return mark_safe("".join(links))  # noqa: S308 — addresses and labels escaped


@register.simple_tag
def page_url(viewname: str) -> str:
    """What `{% url viewname %}` gives for a view that takes no argument (core.addresses)."""
    return addresses.page_url(viewname)
