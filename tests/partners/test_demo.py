"""The demo loads the seed partnerships through the services; loading twice changes nothing."""

from __future__ import annotations

import datetime

import pytest

from sunbula.core.demo import load_core_demo, load_personas
from sunbula.core.models import AuditEntry, Organisation, User
from sunbula.partners.demo import load_partners_demo
from sunbula.partners.models import Agreement, Engagement, FollowUpAction, Partner
from sunbula.partners.timeline import timeline_for

pytestmark = pytest.mark.django_db


def test_demo_partnerships_from_the_seeds_load_once() -> None:
    load_core_demo(lambda message: None)
    load_partners_demo(lambda message: None)
    entries = AuditEntry.objects.count()
    load_partners_demo(lambda message: None)
    assert AuditEntry.objects.count() == entries

    unama = Agreement.objects.get(title="IOFS–UNAMA cooperation agreement")
    assert (unama.status, unama.signed_place, unama.signed_on.year) == ("active", "Kabul", 2023)
    assert unama.is_illustrative
    assert Agreement.objects.get(title="IOFS–IOM cooperation agreement").status == "exploring"
    meeting = Engagement.objects.get(held_on=datetime.date(2025, 5, 28))
    assert meeting.event == "Astana International Forum"
    assert FollowUpAction.objects.filter(engagement=meeting).count() == 3
    assert Engagement.objects.filter(held_on=datetime.date(2024, 10, 22)).exists()
    coordination = Partner.objects.filter(roles__icontains='"coordination"')
    assert {p.organisation.acronym for p in coordination} >= {
        "WFP",
        "FAO",
        "UN Women",
        "UN SDG Centre",
    }
    assert "implementing" in Partner.objects.get(organisation__acronym="UNODC").roles

    load_personas()
    admin = User.objects.get(email="admin@sunbula.example")
    organisation = Organisation.objects.get(acronym="UNAMA")
    assert [entry.on.year for entry in timeline_for(admin, organisation)] == [2023, 2025]
