"""The certificate of participation as a PDF, in the participant's language."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from sunbula.core.notifications import absolute_url
from sunbula.core.pdf import template_pdf
from sunbula.learning.models import Certificate, CourseCertificate


def verify_url(certificate: Certificate) -> str:
    """The page that confirms the certificate, in the participant's language, at the
    server's public address (SUNBULA_BASE_URL), whoever asked for the certificate."""
    with translation.override(certificate.registration.language):
        path = reverse("learning:certificate_verify")
    return absolute_url(f"{path}?{urlencode({'code': certificate.code})}")


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


def course_certificate_verify_url(certificate: CourseCertificate, language: str) -> str:
    """The page that confirms a farmer's course certificate. Dari and Pashto are not
    interface prefixes: their verification page is the English one."""
    prefix = language if language in dict(settings.LANGUAGES) else "en"
    with translation.override(prefix):
        path = reverse("learning:certificate_verify")
    return absolute_url(f"{path}?{urlencode({'code': certificate.code})}")


def course_certificate_pdf(
    certificate: CourseCertificate, *, language: str, verify_url: str
) -> bytes:
    """The farmer's certificate, in the language the farmer reads the course in."""
    enrolment = certificate.enrolment
    return template_pdf(
        "learning/course_certificate.html",
        {
            "certificate": certificate,
            "course": enrolment.course,
            "enrolment": enrolment,
            "verify_url": verify_url,
        },
        stylesheets=["learning/certificate.css"],
        language=language,
    )
