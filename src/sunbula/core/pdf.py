"""Documents as PDF: the one way Sunbula lays out HTML on paper (waybills, certificates, reports).

WeasyPrint shapes Arabic and lays it out right to left. Every document gets the project's font
stylesheet first, then its own; relative links resolve against the static files, and nothing
is fetched over the network, so a name typed into a record can never make the server call out.
The same HTML gives the same bytes, so a kept PDF can be checked by its hash.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import translation

from sunbula.core.figures import FSI, PDI

BASE_STYLESHEET = "core/pdf.css"
# file: for the static files a document names, data: for inline images; never http(s).
ALLOWED_PROTOCOLS = ("file", "data")


def static_file(name: str) -> Path:
    """The path of a static file (e.g. "supply/print.css"), wherever its app keeps it."""
    found = finders.find(name)
    if not isinstance(found, str):
        raise ImproperlyConfigured(f"{name} is missing")
    return Path(found)


def html_pdf(html: str, *, stylesheets: Sequence[str] = ()) -> bytes:
    """The PDF of a complete HTML document, with the project's fonts and `stylesheets`
    (static file names) applied in order."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS)
    sheets = [
        CSS(filename=str(static_file(name)), url_fetcher=fetcher)
        for name in (BASE_STYLESHEET, *stylesheets)
    ]
    document = HTML(string=isolate_figures(html), base_url=_base_url(), url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(stylesheets=sheets)
    return pdf


def template_pdf(
    template: str,
    context: Mapping[str, Any],
    *,
    stylesheets: Sequence[str] = (),
    language: str | None = None,
) -> bytes:
    """`template` rendered in `language` (the active one when not given) and laid out as PDF.

    The context also holds `language` and `bidi`, so the page can set its direction.
    """
    with translation.override(language or translation.get_language()):
        html = render_to_string(
            template,
            {
                **context,
                "language": translation.get_language(),
                "bidi": translation.get_language_bidi(),
            },
        )
    return html_pdf(html, stylesheets=stylesheets)


def isolate_figures(html: str) -> str:
    """WeasyPrint does not isolate `<bdi>` (sunbula.core.figures wraps each figure in one):
    the Unicode isolates inside it keep an amount and its currency together on paper."""
    return html.replace("<bdi>", f"<bdi>{FSI}").replace("</bdi>", f"{PDI}</bdi>")


def _base_url() -> str:
    return Path(settings.STATIC_ROOT).resolve().as_uri() + "/"
