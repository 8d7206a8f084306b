"""A report's figures as one standalone HTML document, and the PDF WeasyPrint lays out from it.

The HTML carries its own stylesheet so that the kept file reads the same anywhere; the PDF is
made from that very HTML, so the two never disagree. Its dates read as its requester's pages
wrote them when the report was asked for, though no page is being answered when it is made.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from sunbula.core import figures
from sunbula.core.pdf import html_pdf, static_file
from sunbula.reports.donor import DonorReport
from sunbula.reports.governing import GoverningReport

STYLESHEET = "reports/report_document.css"


def _stylesheet() -> str:
    return static_file(STYLESHEET).read_text(encoding="utf-8")


def render_html(
    report: DonorReport | GoverningReport,
    language: str,
    *,
    requester_limited_to_afghanistan: bool = False,
) -> str:
    """The report in `language` as a complete HTML document, its dates as the requester's
    pages write them (`requester_limited_to_afghanistan`: as recorded on the run)."""
    template = (
        "reports/donor_document.html"
        if isinstance(report, DonorReport)
        else "reports/governing_document.html"
    )
    with (
        figures.read_as(limited_to_afghanistan=requester_limited_to_afghanistan),
        translation.override(language),
    ):
        return render_to_string(
            template,
            {
                "report": report,
                "stylesheet": _stylesheet(),
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
            },
        )


def render_pdf(html: str) -> bytes:
    """The PDF of a rendered report; its stylesheet travels inside the HTML."""
    return html_pdf(html)
