"""API refusals on assistance records are translated; a pledge with no trace is not found.

Page headings in every language are checked in tests/test_translated_headings.py."""

from __future__ import annotations

import pytest
from django.utils import translation

from sunbula.core.models import User
from tests.conftest import Field, client_for, ready

pytestmark = pytest.mark.django_db


def test_a_pledge_without_a_trace_is_not_found(field: Field, admin: User) -> None:
    ready(field.cycle)
    pledge = field.late_lot.pledge_id or 1
    for language in ("ar", "fr", "ru"):
        response = client_for(admin).get(f"/{language}/assistance/trace/pledges/{pledge}/")
        assert response.status_code == 404


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_api_refusals_are_translated(field: Field, admin: User, language: str) -> None:
    response = client_for(admin).get("/api/v1/trace/lots/999999/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    with translation.override(language):
        assert translation.gettext("Not found.") in response.content.decode()
