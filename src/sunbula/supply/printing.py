"""The waybill and goods-received note as PDF: WeasyPrint shapes the Arabic beside the English."""

from __future__ import annotations

from typing import Any

from sunbula.core.pdf import template_pdf


def document_pdf(document: str, context: dict[str, Any]) -> bytes:
    """Render `document` (a supply/_*_document.html partial) as a PDF page."""
    return template_pdf(
        "supply/print_pdf.html",
        {**context, "document": document},
        stylesheets=["supply/print.css"],
    )
