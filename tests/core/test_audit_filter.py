"""The audit log's record-type filter lists each kind of record once, by its name."""

from __future__ import annotations

import re

import pytest

from sunbula.core.models import AuditEntry, User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_each_record_type_is_offered_once_by_name(director: User) -> None:
    kinds = (
        AuditEntry.objects.filter(content_type__isnull=False)
        .order_by()
        .values("content_type")
        .distinct()
        .count()
    )
    assert AuditEntry.objects.count() > 2 * kinds
    options = _record_types(director, "en")
    assert len(options) == kinds + 1
    assert ("funding.pledge", "Pledge") in options
    assert ("funding.pledge", "تعهد") in _record_types(director, "ar")


def _record_types(user: User, language: str) -> list[tuple[str, str]]:
    page = client_for(user).get(f"/{language}/audit/").content.decode()
    select = re.search(r'<select name="record_type".*?</select>', page, re.S)
    assert select
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)<', select[0])
