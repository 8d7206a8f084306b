"""A strategy or a legal text of a draft profile is corrected through the API as on its
page, by the same services: by those who edit the profile's country (others are refused 403,
and those who cannot see it 404), only while the profile is a draft (409), the fields given
alone, audited."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from sunbula.core.models import AuditEntry, User
from sunbula.policy import services
from sunbula.policy.models import LegalInstrument, PolicyProfile, Strategy
from tests.conftest import World, client_for
from tests.policy.conftest import draft_profile

pytestmark = pytest.mark.django_db


def _patch(client: Client, url: str, body: dict[str, object]) -> tuple[int, Any]:
    response = client.patch(url, body, content_type="application/json")
    return response.status_code, response.json()


def _strategy(profile: PolicyProfile) -> Strategy:
    return profile.strategies.get()


def _law(analyst: User, profile: PolicyProfile, name: str = "Food Safety Law") -> LegalInstrument:
    return services.legal_instrument_add(
        actor=analyst,
        profile=profile,
        name=name,
        kind="legislation",
        date_of_text=datetime.date(2019, 5, 1),
    )


def test_an_analyst_corrects_a_strategy_of_a_draft(
    analyst: User, afghan_draft: PolicyProfile
) -> None:
    strategy = _strategy(afghan_draft)
    url = f"/api/v1/policy-strategies/{strategy.pk}/"
    client = client_for(analyst)
    status, body = _patch(client, url, {"end_year": 2032})
    assert status == 200
    assert body["id"] == strategy.pk
    assert body["end_year"] == 2032
    assert body["name"] == "National food security strategy"
    strategy.refresh_from_db()
    assert (strategy.start_year, strategy.end_year) == (2021, 2032)
    entry = AuditEntry.objects.filter(object_id=str(strategy.pk)).latest("pk")
    assert entry.action == "policy.strategy.updated"
    assert entry.actor == analyst
    assert client.get(url).json() == body


def test_a_strategy_of_a_published_profile_is_not_changed(
    analyst: User, afghan_published: PolicyProfile
) -> None:
    strategy = _strategy(afghan_published)
    status, _body = _patch(
        client_for(analyst), f"/api/v1/policy-strategies/{strategy.pk}/", {"end_year": 2032}
    )
    assert status == 409
    strategy.refresh_from_db()
    assert strategy.end_year == 2030


def test_a_strategy_is_corrected_only_in_the_callers_countries(
    afghan_draft: PolicyProfile, focal_afg: User, focal_kaz: User, officer_afg: User
) -> None:
    strategy = _strategy(afghan_draft)
    url = f"/api/v1/policy-strategies/{strategy.pk}/"
    # Kazakhstan's focal point does not see Afghanistan's profile: as if it did not exist.
    assert _patch(client_for(focal_kaz), url, {"end_year": 2040})[0] == 404
    assert client_for(focal_kaz).get(url).status_code == 404
    # A programme officer reads it but does not edit profiles.
    assert client_for(officer_afg).get(url).status_code == 200
    assert _patch(client_for(officer_afg), url, {"end_year": 2040})[0] == 403
    strategy.refresh_from_db()
    assert strategy.end_year == 2030
    # Afghanistan's focal point edits its country's profile.
    assert _patch(client_for(focal_afg), url, {"end_year": 2031})[0] == 200
    strategy.refresh_from_db()
    assert strategy.end_year == 2031


def test_a_legal_text_is_corrected_and_linked_to_another_of_its_country(
    analyst: User, afghan_draft: PolicyProfile
) -> None:
    earlier = _law(analyst, afghan_draft, "Food Law of 2005")
    law = _law(analyst, afghan_draft)
    status, body = _patch(
        client_for(analyst),
        f"/api/v1/legal-instruments/{law.pk}/",
        {"amends": earlier.pk, "faolex_id": "LEX-FAOC123"},
    )
    assert status == 200
    assert (body["amends"], body["faolex_id"], body["name"]) == (
        earlier.pk,
        "LEX-FAOC123",
        "Food Safety Law",
    )
    law.refresh_from_db()
    assert law.amends == earlier


def test_a_legal_text_cannot_amend_itself(analyst: User, afghan_draft: PolicyProfile) -> None:
    law = _law(analyst, afghan_draft)
    status, body = _patch(
        client_for(analyst), f"/api/v1/legal-instruments/{law.pk}/", {"amends": law.pk}
    )
    assert status == 400
    assert body == {"amends": ["A text cannot amend or repeal itself."]}
    law.refresh_from_db()
    assert law.amends is None


def test_a_legal_text_links_no_text_its_editor_cannot_see(
    world: World, analyst: User, focal_afg: User, afghan_draft: PolicyProfile
) -> None:
    kazakh_law = _law(analyst, draft_profile(world, analyst, "kazakhstan"), "Grain Law")
    law = _law(analyst, afghan_draft)
    status, body = _patch(
        client_for(focal_afg), f"/api/v1/legal-instruments/{law.pk}/", {"repeals": kazakh_law.pk}
    )
    assert status == 400
    assert list(body) == ["repeals"]
    law.refresh_from_db()
    assert law.repeals is None
