"""Agreement documents: only accepted types and sizes, stored under generated names outside
the web root, and served only to people who may see the agreement."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from sunbula.core.models import AuditEntry, User
from sunbula.partners import services
from sunbula.partners.models import DocumentVersion
from sunbula.partners.services import documents
from tests.conftest import client_for
from tests.partners.conftest import Partnerships

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _upload(admin: User, partnerships: Partnerships, filename: str, data: bytes) -> DocumentVersion:
    return services.document_upload(
        actor=admin,
        agreement=partnerships.agreement,
        title="Signed text",
        filename=filename,
        content=io.BytesIO(data),
        size=len(data),
    )


def test_a_pdf_is_stored_as_the_next_version(admin: User, partnerships: Partnerships) -> None:
    first = _upload(admin, partnerships, "agreement.pdf", PDF)
    second = _upload(admin, partnerships, "agreement-final.pdf", PDF + b"%")
    assert (first.number, second.number) == (1, 2)
    stored = Path(settings.VAR_DIR) / "documents" / second.stored_name
    assert stored.read_bytes() == PDF + b"%"
    assert "agreement" not in second.stored_name
    assert AuditEntry.objects.filter(action="partners.documentversion.created").count() == 2


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("agreement.exe", b"MZ\x90\x00", "Only PDF"),
        ("agreement.html", b"<html></html>", "Only PDF"),
        ("agreement.pdf", b"<script>alert(1)</script>", "does not match"),
        ("../../etc/passwd.pdf", PDF, "file name"),
        ("..\\..\\config.pdf", PDF, "file name"),
        (".hidden.pdf", PDF, "file name"),
    ],
)
def test_wrong_type_or_name_is_refused(
    admin: User, partnerships: Partnerships, filename: str, data: bytes, message: str
) -> None:
    with pytest.raises(services.DocumentRefused, match=message):
        _upload(admin, partnerships, filename, data)
    assert DocumentVersion.objects.count() == 0
    assert not (Path(settings.VAR_DIR) / "documents").exists()


def test_an_oversize_file_is_refused(
    admin: User, partnerships: Partnerships, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(documents, "DOCUMENT_MAX_BYTES", 1024)
    with pytest.raises(services.DocumentRefused, match="larger than"):
        _upload(admin, partnerships, "agreement.pdf", PDF + b"0" * 1024)
    assert DocumentVersion.objects.count() == 0


def test_the_page_refuses_a_wrong_file_with_422(
    officer_afg: User, partnerships: Partnerships
) -> None:
    response = client_for(officer_afg).post(
        f"/en/partners/agreements/{partnerships.agreement.pk}/documents/",
        {"title": "Signed text", "file": SimpleUploadedFile("agreement.svg", b"<svg/>")},
    )
    assert response.status_code == 422
    assert "Only PDF" in response.content.decode()
    assert DocumentVersion.objects.count() == 0


def test_a_traversal_name_over_http_never_chooses_the_path(
    officer_afg: User, partnerships: Partnerships
) -> None:
    response = client_for(officer_afg).post(
        f"/en/partners/agreements/{partnerships.agreement.pk}/documents/",
        {"title": "Signed text", "file": SimpleUploadedFile("../../../evil.pdf", PDF)},
    )
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    root = (Path(settings.VAR_DIR) / "documents").resolve()
    assert (root / version.stored_name).resolve().is_relative_to(root)
    assert version.original_name == "evil.pdf"


def test_in_scope_reader_downloads_out_of_scope_gets_404(
    admin: User, officer_afg: User, officer_kaz: User, outsider: User, partnerships: Partnerships
) -> None:
    version = _upload(admin, partnerships, "agreement.pdf", PDF)
    url = f"/en/partners/documents/{version.pk}/"
    response = client_for(officer_afg).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Disposition"].startswith("attachment")
    assert client_for(officer_kaz).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code in (403, 404)
    assert client_for(officer_kaz).get("/en/partners/documents/999/").status_code == 404
