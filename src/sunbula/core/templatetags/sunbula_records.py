"""Marks on records, their addresses and lists of them in templates, loaded on every
template (settings TEMPLATES builtins):

    {{ pledge.reference }}{% illustrative pledge %}   <span class="tag" …>illustrative</span>
    {{ pledge.donor_id|record_url:"funding:donor_detail" }}   /en/funding/donors/7/
    {{ pledge.commodity|named:commodity_names }}   دقيق القمح (the name a view looked up)
    {{ revision.reason|said }}   ملغى (a reason the domain wrote, in the reader's language)
    {{ line.lot|linked:line.lot.reference }}   <a href="/en/supply/lots/4/">LOT-…</a>
    {{ names|joined }}   أفغانستان، كازاخستان (a list, with the reader's comma)
    {% for … %}…{% if not forloop.last %}{% list_separator %}{% endif %}{% endfor %}

Written in Python rather than included or reversed: a list marks and links each of its rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from sunbula.core import addresses, lists, reasons

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


@register.filter
def record_url(pk: int, viewname: str) -> str:
    """What `{% url viewname pk %}` gives for a view that takes one id (core.addresses)."""
    return addresses.record_url(viewname, pk)


@register.filter
def linked(record: object, label: object) -> SafeString:
    """`label` as a link to `record`'s page: a record named inside a translated sentence
    (`{% blocktranslate with lot=line.lot|linked:line.lot.reference %}`)."""
    return format_html('<a href="{}">{}</a>', record.get_absolute_url(), label)  # type: ignore[attr-defined]


@register.filter
def named(value: str, names: Mapping[str, str]) -> str:
    """`value`'s name in `names`, which a view looked up for the rows of a list (the reader's
    language of a free text, say), else `value` itself."""
    return names.get(value, value)


@register.filter
def said(reason: str) -> str:
    """A reason kept as plain text in the reader's language (core.reasons.said)."""
    return reasons.said(reason)


@register.filter
def joined(items: Iterable[object]) -> str:
    """`items` as one list, joined with the comma of the reader's language (core.lists)."""
    return lists.joined(items)


@register.simple_tag
def list_separator() -> str:
    """What stands between two items of a list the template writes out one by one (links):
    "، " on Arabic, Dari and Pashto pages, ", " on the others."""
    return lists.list_separator()
