"""The certificate's verification link is the server's public address (SUNBULA_BASE_URL) in
the participant's language, whichever host or language the download was asked from."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sunbula.learning import services, views
from sunbula.learning.models import Certificate
from tests.conftest import World
from tests.learning.conftest import Workshop, approved, at

pytestmark = pytest.mark.django_db


def test_the_verify_link_is_public_and_in_the_participants_language(
    workshop: Workshop, world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SUNBULA_BASE_URL = "https://sunbula.iofs.example"
    amina = approved(
        workshop.event, world.afghanistan, "Amina Karimi", language="fr", email="a@example.org"
    )
    for session in (workshop.morning, workshop.afternoon):
        services.attendance_check_in(actor=None, session=session, registration=amina, now=at(9))
    certificate = services.certificate_issue(actor=None, registration=amina)
    links: list[str] = []

    def pdf(issued: Certificate, *, verify_url: str) -> bytes:
        links.append(verify_url)
        return b"%PDF-"

    monkeypatch.setattr(views, "certificate_pdf", pdf)
    response = Client().get(f"/en/learning/r/{amina.token}/certificate.pdf", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert links == [f"https://sunbula.iofs.example/fr/learning/verify/?code={certificate.code}"]
