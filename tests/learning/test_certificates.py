"""Certificates follow the attendance rule; anyone can verify one by its code."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from sunbula.learning import services
from sunbula.learning.certificates import certificate_pdf
from sunbula.learning.models import Registration
from tests.conftest import World
from tests.learning.conftest import Workshop, approved, at

pytestmark = pytest.mark.django_db
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"


def _attend(workshop: Workshop, registration: Registration, *sessions: str) -> None:
    for name in sessions:
        services.attendance_check_in(
            actor=None, session=getattr(workshop, name), registration=registration, now=at(9)
        )


def test_attending_every_session_earns_a_certificate(workshop: Workshop, world: World) -> None:
    amina = approved(workshop.event, world.afghanistan, "Amina Karimi")
    _attend(workshop, amina, "morning", "afternoon")
    certificate = services.certificate_issue(actor=None, registration=amina)
    assert (certificate.sessions_attended, certificate.sessions_held) == (2, 2)
    assert len(certificate.code) == 10


def test_half_the_sessions_is_below_the_75_percent_rule(workshop: Workshop, world: World) -> None:
    amina = approved(workshop.event, world.afghanistan, "Amina Karimi")
    _attend(workshop, amina, "morning")
    with pytest.raises(services.NotEligible, match="Attended 1 of 2 sessions"):
        services.certificate_issue(actor=None, registration=amina)


def test_online_minutes_count_when_at_least_half_the_session(
    workshop: Workshop, world: World
) -> None:
    workshop.event.certificate_share = 100
    workshop.event.save()
    amina = approved(workshop.event, world.afghanistan, "Amina Karimi")
    report = (
        b"User Email,Join Time,Leave Time\n"
        b"amina@example.org,2021-12-22 09:00:00,2021-12-22 10:00:00\n"
    )
    services.attendance_import(actor=None, session=workshop.morning, report=report)
    report = (
        b"User Email,Join Time,Leave Time\n"
        b"amina@example.org,2021-12-22 13:00:00,2021-12-22 13:29:00\n"
    )
    services.attendance_import(actor=None, session=workshop.afternoon, report=report)
    with pytest.raises(services.NotEligible, match="Attended 1 of 2"):
        services.certificate_issue(actor=None, registration=amina)


def test_the_public_page_verifies_a_code(workshop: Workshop, world: World, client: Client) -> None:
    amina = approved(workshop.event, world.afghanistan, "Amina Karimi")
    _attend(workshop, amina, "morning", "afternoon")
    certificate = services.certificate_issue(actor=None, registration=amina)
    response = client.get(f"/en/learning/verify/?code={certificate.code.lower()}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This certificate is genuine." in html and "Amina Karimi" in html
    unknown = client.get("/en/learning/verify/?code=NOSUCHCODE")
    assert unknown.status_code == 404
    assert "No certificate has this code." in unknown.content.decode()
    assert "Amina Karimi" not in unknown.content.decode()


def test_the_participant_downloads_the_pdf_from_their_own_page(
    workshop: Workshop, world: World, client: Client
) -> None:
    amina = approved(workshop.event, world.afghanistan, "Amina Karimi")
    assert client.get(f"/en/learning/r/{amina.token}/certificate.pdf").status_code == 404
    _attend(workshop, amina, "morning", "afternoon")
    services.certificate_issue(actor=None, registration=amina)
    response = client.get(f"/en/learning/r/{amina.token}/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_arabic_certificate_is_shaped_right_to_left(
    workshop: Workshop, world: World, tmp_path: Path
) -> None:
    amina = approved(
        workshop.event, world.afghanistan, "أمينة كريمي", language="ar", email="amina@example.org"
    )
    _attend(workshop, amina, "morning", "afternoon")
    certificate = services.certificate_issue(actor=None, registration=amina)
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(certificate_pdf(certificate, verify_url="https://example.org/verify/"))
    text = subprocess.run(  # noqa: S603 — poppler on our own file
        [PDFTOTEXT, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    # pdftotext marks each right-to-left run with U+202B and returns the words in logical
    # order: the Arabic was laid out right to left from shaped glyph runs.
    assert "\u202bشهادة مشاركة" in text
    assert "أمينة كريمي" in text
    assert "ورشة حوكمة" in text
    assert "Certificate of participation" not in text
    subprocess.run(  # noqa: S603 — poppler on our own file
        [PDFTOPPM, "-png", "-r", "60", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    assert (tmp_path / "page.png").read_bytes().startswith(b"\x89PNG")
