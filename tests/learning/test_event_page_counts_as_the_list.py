"""The event's page counts its registrations by status as the event list does: every
participant's, whatever their country; an organiser limited to some countries also reads
how many of them come from those countries, the ones the status links list."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunbula.core.models import Role, User
from sunbula.learning.models import Event
from tests.conftest import World, client_for, make_persona
from tests.learning.conftest import approved, make_event, register

pytestmark = pytest.mark.django_db
DAY = datetime.date(2021, 12, 22)


def _by_status(html: str) -> dict[str, str]:
    """Each status with what follows it, its links and figures' markup left out."""
    found = re.search(r"<h2>Registrations by status</h2>\s*<ul>(.*?)</ul>", html, re.S)
    assert found, "no registrations by status"
    rows = re.findall(r"<li>(.*?)</li>", found[1], re.S)
    return dict(re.sub(r"<[^>]+>", "", row).split(": ", 1) for row in rows)


@pytest.fixture
def almaty(world: World) -> Event:
    """Hosted in Kazakhstan, with participants from Kazakhstan and Afghanistan."""
    event = make_event(
        title="Almaty workshop", country=world.kazakhstan, starts_on=DAY, ends_on=DAY, capacity=None
    )
    approved(event, world.kazakhstan, "Gulnara Tokaeva")
    approved(event, world.afghanistan, "Amina Karimi")
    approved(event, world.afghanistan, "Farid Ahmadi")
    register(event, world.kazakhstan, "Saule Ibraeva")
    register(event, world.kazakhstan, "Dana Serikova")
    register(event, world.afghanistan, "Hamid Noori")
    return event


@pytest.fixture
def organiser_kaz(world: World) -> User:
    return make_persona(
        "organiser.kaz@example.org", Role.EVENT_ORGANISER, world.iofs, [world.kazakhstan]
    )


def test_an_organiser_limited_to_kazakhstan_reads_the_lists_totals_and_their_own(
    almaty: Event, organiser_kaz: User
) -> None:
    client = client_for(organiser_kaz)
    listed = _by_status(client.get("/en/learning/").content.decode())
    assert listed == {"Pending": "3", "Approved": "3"}
    html = client.get(f"/en/learning/events/{almaty.pk}/").content.decode()
    assert _by_status(html) == {
        "Pending": "3 (2 from your countries)",
        "Approved": "3 (1 from your countries)",
    }
    # Each status still opens the registrations the organiser decides on.
    assert f'href="/en/learning/events/{almaty.pk}/registrations/?status=approved"' in html


def test_no_note_where_the_organisers_countries_hold_every_registration(
    world: World, organiser_kaz: User
) -> None:
    event = make_event(
        title="Astana meeting", country=world.kazakhstan, starts_on=DAY, ends_on=DAY, capacity=None
    )
    approved(event, world.kazakhstan, "Gulnara Tokaeva")
    register(event, world.afghanistan, "Hamid Noori")
    html = client_for(organiser_kaz).get(f"/en/learning/events/{event.pk}/").content.decode()
    assert _by_status(html) == {"Pending": "1 (0 from your countries)", "Approved": "1"}


def test_an_administrator_reads_the_totals_alone(almaty: Event, admin: User) -> None:
    client = client_for(admin)
    listed = _by_status(client.get("/en/learning/").content.decode())
    html = client.get(f"/en/learning/events/{almaty.pk}/").content.decode()
    assert _by_status(html) == listed == {"Pending": "3", "Approved": "3"}
    assert "from your countries" not in html


def test_the_note_takes_one_query_more_and_the_totals_none(
    almaty: Event, organiser_kaz: User, admin: User
) -> None:
    """The administrator's page counts once, as it did; the limited organiser's twice."""
    counts = []
    for user in (admin, organiser_kaz):
        client = client_for(user)
        client.get(f"/en/learning/events/{almaty.pk}/")
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/en/learning/events/{almaty.pk}/")
        counts.append(sum("learning_registration" in query["sql"] for query in queries))
    assert counts[1] == counts[0] + 1


def test_the_note_is_translated(almaty: Event, organiser_kaz: User) -> None:
    html = client_for(organiser_kaz).get(f"/ru/learning/events/{almaty.pk}/").content.decode()
    assert "из ваших стран" in html
