"""The certificate of participation as a PDF, in the participant's language."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML

from sunbula.learning.models import Certificate


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    """Render with WeasyPrint; HarfBuzz shapes Arabic and the page runs right to left."""
    registration = certificate.registration
    with translation.override(registration.language):
        html = render_to_string(
            "learning/certificate.html",
            {
                "certificate": certificate,
                "registration": registration,
                "event": registration.event,
                "verify_url": verify_url,
                "bidi": translation.get_language_bidi(),
                "language": registration.language,
            },
        )
    stylesheet = CSS(filename=str(finders.find("learning/certificate.css")))
    pdf: bytes = HTML(string=html).write_pdf(stylesheets=[stylesheet])
    return pdf
