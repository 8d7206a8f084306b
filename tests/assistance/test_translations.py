"""Every assistance page speaks Arabic, French and Russian; API errors are translated too."""

from __future__ import annotations

import pytest
from django.utils import translation

from sunbula.core.models import User
from tests.assistance.conftest import Field, ready
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_pages_show_translated_headings(field: Field, admin: User, language: str) -> None:
    ready(field.cycle)
    pledge = field.late_lot.pledge_id or 1
    headings = [
        ("assistance/", "Assistance cycles"),
        (f"assistance/cycles/{field.cycle.pk}/", "Beneficiary list"),
        (f"assistance/trace/lots/{field.late_lot.pk}/", "Pledge-to-plate trace"),
        (f"assistance/trace/lots/{field.late_lot.pk}/", "People reached"),
    ]
    client = client_for(admin)
    for path, heading in headings:
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        with translation.override(language):
            translated = translation.gettext(heading)
        assert translated != heading, (language, heading)
        html = response.content.decode()
        assert translated in html or translated.replace("'", "&#x27;") in html, (language, path)
    assert client.get(f"/{language}/assistance/trace/pledges/{pledge}/").status_code == 404


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_api_refusals_are_translated(field: Field, admin: User, language: str) -> None:
    response = client_for(admin).get("/api/v1/trace/lots/999999/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    with translation.override(language):
        assert translation.gettext("Not found.") in response.content.decode()
