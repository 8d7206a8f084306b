"""An agreement's dates read as the reader writes them: its period on its page, the date a
refused expiry names, and how far ahead the alerts look."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from sunbula.core.figures import day
from sunbula.core.models import User
from sunbula.partners import services
from tests.conftest import World, client_for
from tests.partners.conftest import Partnerships, signed_agreement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_an_agreement_without_an_end_date_says_so(
    officer_afg: User, partnerships: Partnerships
) -> None:
    page = client_for(officer_afg).get(partnerships.agreement.get_absolute_url()).content.decode()
    assert "with no end date" in page
    assert "– —" not in page


def test_a_refused_expiry_names_the_end_date_as_the_reader_writes_it(
    world: World, admin: User, officer_kaz: User
) -> None:
    agreement = signed_agreement(admin, world, world.kazakhstan_government)
    services.agreement_update(actor=admin, agreement=agreement, country=world.kazakhstan)
    end = TODAY + datetime.timedelta(days=40)
    services.agreement_activate(actor=admin, agreement=agreement, valid_from=TODAY, valid_until=end)
    response = client_for(officer_kaz).post(f"/fr/partners/agreements/{agreement.pk}/step/expire/")
    assert response.status_code == 422
    html = response.content.decode()
    with translation.override("fr"):
        written = day(end, html=False)
    assert written in html
    assert end.isoformat() not in html
    api = client_for(officer_kaz, HTTP_ACCEPT_LANGUAGE="fr").post(
        f"/api/v1/agreements/{agreement.pk}/step/",
        {"step": "expire"},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert written in api.json()["detail"]


def test_the_alerts_say_how_far_ahead_they_look(
    settings: object, world: World, admin: User, officer_afg: User
) -> None:
    settings.AGREEMENT_WARNING_DAYS = 30  # type: ignore[attr-defined]
    client = client_for(officer_afg)
    alerts = client.get("/en/partners/alerts/").content.decode()
    assert "Agreements ending within <bdi>30</bdi> days" in alerts
    assert "90 days" not in alerts
    home = client.get("/en/").content.decode()
    assert "Agreements ending within 30 days, overdue deliverables" in home
