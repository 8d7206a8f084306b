"""The waybill and goods-received note as PDF: WeasyPrint shapes the Arabic beside the English."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML


def document_pdf(document: str, context: dict[str, Any]) -> bytes:
    """Render `document` (a supply/_*_document.html partial) as a PDF page."""
    html = render_to_string(
        "supply/print_pdf.html",
        {
            **context,
            "document": document,
            "language": translation.get_language(),
            "bidi": translation.get_language_bidi(),
        },
    )
    stylesheet = CSS(filename=str(finders.find("supply/print.css")))
    pdf: bytes = HTML(string=html).write_pdf(stylesheets=[stylesheet])
    return pdf
