"""The certificate of participation as a PDF, in the participant's language."""

from __future__ import annotations

from sunbula.core.pdf import template_pdf
from sunbula.learning.models import Certificate


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    """HarfBuzz shapes Arabic and the page runs right to left in an Arabic certificate."""
    registration = certificate.registration
    return template_pdf(
        "learning/certificate.html",
        {
            "certificate": certificate,
            "registration": registration,
            "event": registration.event,
            "verify_url": verify_url,
        },
        stylesheets=["learning/certificate.css"],
        language=registration.language,
    )
