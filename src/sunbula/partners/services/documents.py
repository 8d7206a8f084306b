"""An agreement's documents: checked by type and size, stored, versioned."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from sunbula.core.audit import create_audited
from sunbula.core.errors import DomainError
from sunbula.core.models import User
from sunbula.partners.models import (
    Agreement,
    AgreementDocument,
    DocumentVersion,
    documents_root,
)


class DocumentRefused(DomainError):
    status_code = 422


DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


ZIP = b"PK\x03\x04"


# Extension: (content type, how such a file begins).
DOCUMENT_TYPES: dict[str, tuple[str, bytes]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
}


def _checked_type(filename: str, head: bytes) -> str:
    """The content type of an acceptable upload; refuse names and contents we do not take."""
    if (
        not filename
        or filename != Path(filename).name
        or "\\" in filename
        or ".." in filename
        or filename.startswith(".")
        or not filename.isprintable()
        or len(filename) > 200
    ):
        raise DocumentRefused(_("This file name is not acceptable."))
    extension = Path(filename).suffix.lower()
    if extension not in DOCUMENT_TYPES:
        raise DocumentRefused(
            _("Only PDF, Word, Excel, OpenDocument, PNG and JPEG files are accepted.")
        )
    content_type, signature = DOCUMENT_TYPES[extension]
    if not head.startswith(signature):
        raise DocumentRefused(_("The file's content does not match its type."))
    return content_type


@transaction.atomic
def document_upload(
    *,
    actor: User,
    agreement: Agreement,
    title: str,
    filename: str,
    content: IO[bytes],
    size: int,
) -> DocumentVersion:
    """Store a file as the next version of the agreement's document called `title`."""
    if size > DOCUMENT_MAX_BYTES:
        raise DocumentRefused(
            _("The file is larger than %(limit)s MB.")
            % {"limit": DOCUMENT_MAX_BYTES // (1024 * 1024)}
        )
    data = content.read(DOCUMENT_MAX_BYTES + 1)
    if len(data) > DOCUMENT_MAX_BYTES:
        raise DocumentRefused(
            _("The file is larger than %(limit)s MB.")
            % {"limit": DOCUMENT_MAX_BYTES // (1024 * 1024)}
        )
    content_type = _checked_type(filename, data[:16])
    document = AgreementDocument.objects.filter(agreement=agreement, title=title).first()
    if document is None:
        document = create_audited(
            actor=actor, model=AgreementDocument, values={"agreement": agreement, "title": title}
        )
    number = (
        document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    # The stored name is ours, never the uploader's: nothing they send can choose the path.
    stored_name = f"{agreement.pk}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"
    path = documents_root() / stored_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        return create_audited(
            actor=actor,
            model=DocumentVersion,
            values={
                "document": document,
                "number": number,
                "stored_name": stored_name,
                "original_name": filename,
                "content_type": content_type,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "uploaded_by": actor,
            },
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise
