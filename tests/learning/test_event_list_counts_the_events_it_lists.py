"""The event list's registrations by status count the registrations to the events it lists,
its filters applied, as its approved participants do: every participant's, whichever country
they come from, and no event the list leaves out."""

from __future__ import annotations

import datetime
import re

import pytest

from sunbula.core.models import Country, User
from sunbula.learning.models import Event
from tests.conftest import World, client_for
from tests.learning.conftest import approved, make_event, register

pytestmark = pytest.mark.django_db


def _event(country: Country | None, title: str) -> Event:
    day = datetime.date(2021, 12, 22)
    return make_event(title=title, country=country, starts_on=day, ends_on=day, capacity=None)


def _by_status(html: str) -> dict[str, str]:
    found = re.search(r"<h2>Registrations by status</h2>\s*<ul>(.*?)</ul>", html, re.S)
    assert found, "no registrations by status"
    return dict(re.findall(r"<li>([^<:]+): <bdi>([^<]+)</bdi></li>", found[1]))


def _approved_column(html: str) -> int:
    """The approved participants the list's rows add up to."""
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return sum(int(cell) for cell in re.findall(r"<td>(\d+)</td>\s*</tr>", rows))


@pytest.fixture
def events(world: World) -> dict[str, Event]:
    kabul = _event(world.afghanistan, "Kabul workshop")
    approved(kabul, world.afghanistan, "Amina Karimi")
    approved(kabul, world.kazakhstan, "Bolat Nurlanov")
    register(kabul, world.kazakhstan, "Dana Serikova")
    international = _event(None, "Regional conference")
    approved(international, world.kazakhstan, "Erlan Abenov")
    almaty = _event(world.kazakhstan, "Almaty workshop")
    approved(almaty, world.kazakhstan, "Gulnara Tokaeva")
    register(almaty, world.kazakhstan, "Saule Ibraeva")
    return {"kabul": kabul, "international": international, "almaty": almaty}


def test_the_counts_by_status_add_up_to_the_approved_participants_listed(
    events: dict[str, Event], officer_afg: User
) -> None:
    html = client_for(officer_afg).get("/en/learning/").content.decode()
    assert "Almaty workshop" not in html
    assert _approved_column(html) == 3
    # Kazakhstan's participants count too, as they do among the approved participants.
    assert _by_status(html) == {"Pending": "1", "Approved": "3"}


def test_the_counts_by_status_follow_the_filters(
    events: dict[str, Event], officer_afg: User
) -> None:
    html = client_for(officer_afg).get("/en/learning/?country=AFG").content.decode()
    assert "Regional conference" not in html
    assert _approved_column(html) == 2
    assert _by_status(html) == {"Pending": "1", "Approved": "2"}


def test_an_administrator_counts_every_event_listed(events: dict[str, Event], admin: User) -> None:
    html = client_for(admin).get("/en/learning/").content.decode()
    assert _approved_column(html) == 4
    assert _by_status(html) == {"Pending": "2", "Approved": "4"}


def test_a_reader_who_does_not_manage_registrations_is_not_shown_them(
    events: dict[str, Event], donor_viewer: User
) -> None:
    html = client_for(donor_viewer).get("/en/learning/").content.decode()
    assert "Registrations by status" not in html


def test_a_filter_that_does_not_parse_counts_nothing(
    events: dict[str, Event], officer_afg: User
) -> None:
    response = client_for(officer_afg).get("/en/learning/?state=someday")
    assert response.status_code == 400
    assert "Registrations by status" not in response.content.decode()
