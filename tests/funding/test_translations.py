"""Every funding page speaks Arabic, French and Russian: headings come from the catalogues."""

from __future__ import annotations

import pytest
from django.utils import translation

from sunbula.core.models import User
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_pages_show_translated_headings(
    world: World, money: Money, admin: User, language: str
) -> None:
    pledge = kzt_pledge(world, money, conference=money.conference)
    pages = [
        ("funding/", "Pledges ageing without conversion"),
        ("funding/conferences/", "Donor conferences"),
        (f"funding/conferences/{money.conference.pk}/", "By destination"),
        (f"funding/conferences/{money.conference.pk}/capture/", "Record the pledge"),
        (f"funding/conferences/{money.conference.pk}/announcements/", "Financial announcements"),
        ("funding/pledges/", "Converted"),
        ("funding/pledges/new/", "Record a pledge"),
        (f"funding/pledges/{pledge.pk}/", "Commitments and payments"),
        ("funding/requirements/", "Coverage and gaps"),
        (f"funding/donors/{world.kazakhstan_government.pk}/", "Across conferences"),
    ]
    client = client_for(admin)
    for path, heading in pages:
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        with translation.override(language):
            translated = translation.gettext(heading)
        assert translated != heading, (language, heading)
        html = response.content.decode()
        assert translated in html or translated.replace("'", "&#x27;") in html, (language, path)
