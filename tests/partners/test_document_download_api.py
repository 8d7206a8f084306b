"""An agreement's document downloaded through /api/v1/ as from the page: streamed, with its
type and name, only to those who may see the agreement (404 outside, as for no such id)."""

from __future__ import annotations

import io

import pytest
from django.http import FileResponse
from django.test import Client

from sunbula.core.models import User
from sunbula.partners import services
from sunbula.partners.models import Agreement, DocumentVersion
from tests.conftest import client_for
from tests.partners.conftest import Partnerships

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
DOCX = b"PK\x03\x04" + b"\x00" * 64


def _upload(admin: User, agreement: Agreement, filename: str, data: bytes) -> DocumentVersion:
    return services.document_upload(
        actor=admin,
        agreement=agreement,
        title="Signed text",
        filename=filename,
        content=io.BytesIO(data),
        size=len(data),
    )


def _api(version_id: int) -> str:
    return f"/api/v1/agreement-documents/{version_id}/download/"


def _page(version_id: int) -> str:
    return f"/en/partners/documents/{version_id}/"


def test_a_reader_in_scope_gets_the_file_streamed_with_its_type_and_name(
    admin: User, officer_afg: User, partnerships: Partnerships
) -> None:
    version = _upload(admin, partnerships.agreement, "agreement.pdf", PDF)
    response = client_for(officer_afg).get(_api(version.pk))
    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    assert b"".join(response.streaming_content) == PDF  # type: ignore[arg-type]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="agreement.pdf"'
    assert response["Content-Length"] == str(len(PDF))
    assert response["X-Content-Type-Options"] == "nosniff"


def test_each_version_comes_with_its_own_type_and_a_name_in_any_script(
    admin: User, officer_afg: User, partnerships: Partnerships
) -> None:
    _upload(admin, partnerships.agreement, "agreement.pdf", PDF)
    later = _upload(admin, partnerships.agreement, "اتفاقية.docx", DOCX)
    response = client_for(officer_afg).get(_api(later.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "%D8%A7%D8%AA%D9%81%D8%A7%D9%82%D9%8A%D8%A9.docx" in disposition
    assert b"".join(response.streaming_content) == DOCX  # type: ignore[attr-defined]


def test_out_of_scope_is_refused_exactly_as_a_missing_id(
    admin: User, officer_kaz: User, partnerships: Partnerships
) -> None:
    version = _upload(admin, partnerships.agreement, "agreement.pdf", PDF)
    client = client_for(officer_kaz)
    outside = client.get(_api(version.pk))
    missing = client.get(_api(version.pk + 1000))
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    # The Kazakhstan officer still reads the documents of a Kazakhstan agreement.
    own = _upload(admin, partnerships.kaz_agreement, "kaz.pdf", PDF + b"%")
    assert client.get(_api(own.pk)).status_code == 200


@pytest.mark.parametrize(
    "persona", ["admin", "officer_afg", "officer_kaz", "donor_viewer", "outsider"]
)
def test_the_api_answers_each_persona_as_the_page_does(
    persona: str, admin: User, partnerships: Partnerships, request: pytest.FixtureRequest
) -> None:
    version = _upload(admin, partnerships.agreement, "agreement.pdf", PDF)
    client = client_for(request.getfixturevalue(persona))
    api = client.get(_api(version.pk)).status_code
    page = client.get(_page(version.pk)).status_code
    assert api == page


def test_signed_out_the_api_asks_for_credentials(admin: User, partnerships: Partnerships) -> None:
    version = _upload(admin, partnerships.agreement, "agreement.pdf", PDF)
    assert Client().get(_api(version.pk)).status_code == 401
