"""The Arabic PDF carries shaped right-to-left text, and pdftoppm turns it into a picture."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.utils import timezone

from sunbula.core.models import User
from sunbula.policy import services
from sunbula.policy.models import PolicyProfile
from sunbula.policy.report import render_report_pdf
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_the_arabic_report_renders_to_png_with_arabic_text(
    analyst: User, afghan_published: PolicyProfile, tmp_path: Path
) -> None:
    snapshot = services.report_snapshot_take(actor=analyst, taken_on=timezone.localdate())
    pdf = tmp_path / "report-ar.pdf"
    pdf.write_bytes(render_report_pdf(snapshot.content, "ar"))
    subprocess.run(  # noqa: S603 (fixed poppler tools on our own file)
        [PDFTOPPM, "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert pngs and pngs[0].read_bytes().startswith(b"\x89PNG")
    ARTIFACTS.mkdir(exist_ok=True)
    for png in pngs:
        (ARTIFACTS / f"policy-report-ar-{png.name}").write_bytes(png.read_bytes())

    text = subprocess.run(  # noqa: S603 (fixed poppler tools on our own file)
        [PDFTOTEXT, str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    # pdftotext gives shaped glyphs back as letters (NFKC folds presentation forms), wrapped
    # in right-to-left embedding marks; a lam-alef ligature comes back as two letters in
    # visual order, so the words checked here avoid it.
    folded = unicodedata.normalize("NFKC", text)
    assert "\u202b" in folded  # right-to-left embedding: the runs were laid out RTL
    plain = folded.replace("\u202b", "").replace("\u202c", "").replace("\u202a", "")
    assert "تحليل سياسات" in plain
    assert "منظمة التعاون" in plain
    assert "أفغانستان" in plain
    assert "الوطنية" in plain


def test_the_pdf_is_served_in_the_page_language(
    analyst: User, afghan_published: PolicyProfile
) -> None:
    snapshot = services.report_snapshot_take(actor=analyst, taken_on=timezone.localdate())
    response = client_for(analyst).get(f"/ar/policy/reports/{snapshot.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "-ar.pdf" in response["Content-Disposition"]
