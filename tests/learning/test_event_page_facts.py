"""An event's page says where it is hosted (linked to the member state's page), what it is
interpreted into, when registration opens and where to join online; each delegation says how
many places of its quota its nominees take, on the event's page and where officials are
nominated."""

from __future__ import annotations

import datetime
import re

import pytest

from sunbula.core.models import User
from sunbula.learning import services
from tests.conftest import World, client_for
from tests.learning.conftest import NOMINATION, Workshop

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"</?bdi>", "", html)


def test_the_event_page_names_its_host_country_interpretation_and_opening(
    workshop: Workshop, world: World, organiser: User
) -> None:
    services.event_update(
        actor=None,
        event=workshop.event,
        country=world.kazakhstan,
        registration_opens=datetime.datetime(2021, 11, 1, 9, tzinfo=datetime.UTC),
    )
    client = client_for(organiser)
    english = client.get(f"/en/learning/events/{workshop.event.pk}/").content.decode()
    assert '<dt>Host country</dt><dd><a href="/en/member-states/KAZ/">Kazakhstan</a></dd>' in (
        english
    )
    assert "<dt>Interpretation into</dt><dd>Arabic, French, Russian</dd>" in english
    assert "<dt>Registration opens</dt>" in english
    assert 'href="https://meet.example.org/fsg"' in english
    arabic = client.get(f"/ar/learning/events/{workshop.event.pk}/").content.decode()
    assert "العربية، الفرنسية، الروسية" in arabic
    assert ">كازاخستان</a>" in arabic


def test_an_international_event_says_so(workshop: Workshop, organiser: User) -> None:
    services.event_update(actor=None, event=workshop.event, interpretation_languages=[])
    page = client_for(organiser).get(f"/en/learning/events/{workshop.event.pk}/")
    html = page.content.decode()
    assert "<dt>Host country</dt><dd>None: an international event</dd>" in html
    assert "<dt>Interpretation into</dt><dd>No interpretation</dd>" in html


def test_a_delegation_shows_the_places_its_nominees_take(
    workshop: Workshop, world: World, organiser: User, focal: User
) -> None:
    delegation = services.delegation_create(
        actor=None, event=workshop.event, country=world.kazakhstan, focal_point=focal, quota=3
    )
    nominee = services.delegate_nominate(actor=focal, delegation=delegation, **NOMINATION)
    services.delegate_nominate(
        actor=focal, delegation=delegation, **{**NOMINATION, "email": "dana@example.org"}
    )
    services.registration_withdraw(actor=None, registration=nominee)  # frees the place
    page = client_for(organiser).get(f"/en/learning/events/{workshop.event.pk}/")
    assert "(1 of 3 places taken)" in _text(page.content.decode())
    nominating = client_for(focal).get(f"/en/learning/delegations/{delegation.pk}/nominate/")
    assert "(1 of 3 places taken)" in _text(nominating.content.decode())
