"""A person's page says on which day a consent was withdrawn, written as the page writes
its other days (in the reader's language and figures)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from sunbula.core import figures
from sunbula.core.models import User
from sunbula.registry import services
from tests.conftest import client_for
from tests.registry.conftest import People

pytestmark = pytest.mark.django_db
WITHDRAWN_ON = datetime.date(2024, 3, 17)


@pytest.mark.parametrize("language", ["en", "ar", "fr", "ru"])
def test_the_day_a_consent_was_withdrawn_is_on_the_persons_page(
    people: People, officer_afg: User, language: str
) -> None:
    consent = people.afghan.consents.get()
    services.consent_withdraw(actor=officer_afg, consent=consent, on=WITHDRAWN_ON)

    page = client_for(officer_afg).get(f"/{language}/registry/people/{people.afghan.pk}/")

    with translation.override(language):
        day = str(figures.day(WITHDRAWN_ON))
        given = str(figures.day(consent.given_on))
        withdrawn = translation.gettext("withdrawn on %(day)s") % {"day": day}
    html = page.content.decode()
    assert given in html
    assert withdrawn in html
    if language != "en":
        assert withdrawn != f"withdrawn on {day}"
