"""A partner's timeline gathers what every registered source knows, oldest first."""

from __future__ import annotations

import datetime

import pytest

from sunbula.core.models import Organisation, User
from sunbula.partners import services, timeline
from sunbula.partners.timeline import TimelineEntry, timeline_for
from tests.conftest import World, client_for
from tests.partners.conftest import Partnerships

pytestmark = pytest.mark.django_db


def test_unama_shows_the_2023_agreement_then_the_2025_meeting(
    world: World, admin: User, officer_afg: User, partnerships: Partnerships
) -> None:
    partner = services.partner_create(
        actor=admin, organisation=partnerships.unama, roles=["co_host", "coordination"]
    )
    entries = timeline_for(officer_afg, partnerships.unama)
    assert [(entry.on, entry.title) for entry in entries] == [
        (datetime.date(2023, 4, 1), "Cooperation agreement"),
        (datetime.date(2025, 5, 28), "IOFS–UNAMA meeting"),
    ]
    html = client_for(officer_afg).get(f"/en/partners/{partner.pk}/").content.decode()
    assert html.index("Cooperation agreement") < html.index("IOFS–UNAMA meeting")


def test_entries_outside_the_reader_scope_are_left_out(
    world: World, officer_kaz: User, partnerships: Partnerships
) -> None:
    assert timeline_for(officer_kaz, partnerships.unama) == []
    assert [entry.title for entry in timeline_for(officer_kaz, partnerships.iom)] == [
        "IOFS–IOM meeting",
        "IOFS–IOM agreement",
    ]


def test_a_higher_domain_adds_entries_by_registering_a_source(
    world: World, officer_afg: User, partnerships: Partnerships, monkeypatch: pytest.MonkeyPatch
) -> None:
    def pledges(user: object, organisation: Organisation) -> list[TimelineEntry]:
        return [TimelineEntry(datetime.date(2024, 1, 15), "Pledge", "A pledge", "/en/")]

    monkeypatch.setattr(timeline, "_sources", list(timeline._sources))
    timeline.register_timeline_source(pledges)
    timeline.register_timeline_source(pledges)
    titles = [entry.title for entry in timeline_for(officer_afg, partnerships.unama)]
    assert titles == ["Cooperation agreement", "A pledge", "IOFS–UNAMA meeting"]
