"""A coordinating body or a policy decision recorded with a mistake is corrected, on its page
from the profile and through the API, by the same services: by those who edit the profile's
country (others who read it are refused 403, those who cannot see it 404 as if it did not
exist), only while the profile is a draft (409), audited."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from sunbula.core.models import AuditEntry, User
from sunbula.policy import services
from sunbula.policy.models import CoordinatingBody, PolicyProfile
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _council(analyst: User, profile: PolicyProfile) -> CoordinatingBody:
    return services.coordinating_body_add(
        actor=analyst,
        profile=profile,
        name="National food security council",
        chair="Minister of Agriculture",
        meeting_frequency="yearly",
    )


def _patch(client: Client, url: str, body: dict[str, object]) -> tuple[int, Any]:
    response = client.patch(url, body, content_type="application/json")
    return response.status_code, response.json()


BODY_FORM = {
    "name": "National food security council",
    "chair": "Prime Minister",
    "has_civil_society_seat": "on",
    "meeting_frequency": "quarterly",
}


def test_the_profile_links_its_bodies_and_decisions_to_their_pages(
    analyst: User, officer_afg: User, afghan_draft: PolicyProfile
) -> None:
    council = _council(analyst, afghan_draft)
    decision = afghan_draft.decisions.get()
    body_page = f"/en/policy/records/coordinating-body/{council.pk}/edit/"
    decision_page = f"/en/policy/records/decision/{decision.pk}/edit/"
    html = client_for(analyst).get(afghan_draft.get_absolute_url()).content.decode()
    assert f'<a href="{body_page}">National food security council</a>' in html
    assert f'<a href="{decision_page}">Input subsidy for wheat farmers</a>' in html
    # A programme officer reads the profile but does not edit it.
    shown = client_for(officer_afg).get(afghan_draft.get_absolute_url()).content.decode()
    assert "National food security council" in shown
    assert body_page not in shown and decision_page not in shown


def test_a_coordinating_body_is_corrected_on_its_page(
    analyst: User, afghan_draft: PolicyProfile
) -> None:
    council = _council(analyst, afghan_draft)
    client = client_for(analyst)
    url = f"/en/policy/records/coordinating-body/{council.pk}/edit/"
    assert 'value="Minister of Agriculture"' in client.get(url).content.decode()
    saved = client.post(url, BODY_FORM)
    assert saved.status_code == 302
    assert saved["Location"] == afghan_draft.get_absolute_url()
    council.refresh_from_db()
    assert (council.chair, council.meeting_frequency) == ("Prime Minister", "quarterly")
    assert council.has_civil_society_seat
    entry = AuditEntry.objects.get(action="policy.coordinatingbody.updated")
    assert entry.actor == analyst
    assert entry.before == {
        "chair": "Minister of Agriculture",
        "has_civil_society_seat": False,
        "meeting_frequency": "yearly",
    }
    refused = client.post(url, {**BODY_FORM, "meeting_frequency": "weekly"})
    assert refused.status_code == 422
    assert refused.context["form"].errors["meeting_frequency"]


def test_a_decision_is_corrected_on_its_page(analyst: User, afghan_draft: PolicyProfile) -> None:
    decision = afghan_draft.decisions.get()
    client = client_for(analyst)
    url = f"/en/policy/records/decision/{decision.pk}/edit/"
    assert 'value="Input subsidy for wheat farmers"' in client.get(url).content.decode()
    saved = client.post(
        url,
        {"name": "Input subsidy for wheat farmers", "group": "consumer", "decided_on": "2024-3-2"},
    )
    assert saved.status_code == 302
    decision.refresh_from_db()
    assert (decision.group, decision.decided_on) == ("consumer", datetime.date(2024, 3, 2))
    entry = AuditEntry.objects.get(action="policy.policydecision.updated")
    assert entry.before == {"group": "producer", "decided_on": "2024-03-01"}
    assert entry.after == {"group": "consumer", "decided_on": "2024-03-02"}


def test_a_published_profiles_body_and_decision_are_not_changed(
    analyst: User, afghan_published: PolicyProfile
) -> None:
    decision = afghan_published.decisions.get()
    client = client_for(analyst)
    url = f"/en/policy/records/decision/{decision.pk}/edit/"
    refused = client.post(url, {"name": "Renamed", "group": "consumer", "decided_on": "2024-3-1"})
    assert refused.status_code == 409
    assert "reopen it first" in refused.content.decode()
    status, body = _patch(client, f"/api/v1/policy-decisions/{decision.pk}/", {"name": "X"})
    assert status == 409
    assert body["detail"] == "Only a draft profile can be changed; reopen it first."
    decision.refresh_from_db()
    assert decision.name == "Input subsidy for wheat farmers"
    assert not AuditEntry.objects.filter(action="policy.policydecision.updated").exists()


def test_a_body_and_a_decision_are_corrected_only_from_their_country(
    analyst: User,
    focal_afg: User,
    focal_kaz: User,
    officer_afg: User,
    afghan_draft: PolicyProfile,
) -> None:
    council = _council(analyst, afghan_draft)
    decision = afghan_draft.decisions.get()
    kazakh = client_for(focal_kaz)
    for kind, pk in (("coordinating-body", council.pk), ("decision", decision.pk)):
        page, missing = (f"/en/policy/records/{kind}/{key}/edit/" for key in (pk, 987654))
        assert kazakh.get(page).status_code == kazakh.get(missing).status_code == 404
        assert kazakh.post(page, BODY_FORM).status_code == 404
        assert client_for(officer_afg).get(page).status_code == 403
    for address, pk in (("coordinating-bodies", council.pk), ("policy-decisions", decision.pk)):
        outside = _patch(kazakh, f"/api/v1/{address}/{pk}/", {"name": "Mine"})
        missing = _patch(kazakh, f"/api/v1/{address}/987654/", {"name": "Mine"})
        assert outside == missing
        assert outside[0] == 404
        assert _patch(client_for(officer_afg), f"/api/v1/{address}/{pk}/", {"name": "x"})[0] == 403
    council.refresh_from_db()
    decision.refresh_from_db()
    assert (council.name, decision.name) == (
        "National food security council",
        "Input subsidy for wheat farmers",
    )
    # Afghanistan's focal point edits its country's profile.
    status, body = _patch(
        client_for(focal_afg), f"/api/v1/policy-decisions/{decision.pk}/", {"group": "consumer"}
    )
    assert status == 200 and body["group"] == "consumer"


def test_the_api_corrects_the_fields_given_of_a_body(
    analyst: User, afghan_draft: PolicyProfile
) -> None:
    council = _council(analyst, afghan_draft)
    url = f"/api/v1/coordinating-bodies/{council.pk}/"
    client = client_for(analyst)
    status, body = _patch(client, url, {"has_private_sector_seat": True, "profile": 987654})
    assert status == 200, body
    assert body["id"] == council.pk
    assert body["has_private_sector_seat"] is True
    assert (body["chair"], body["meeting_frequency"]) == ("Minister of Agriculture", "yearly")
    council.refresh_from_db()
    assert council.has_private_sector_seat and council.profile_id == afghan_draft.pk
    entry = AuditEntry.objects.get(action="policy.coordinatingbody.updated")
    assert (entry.actor, entry.after) == (analyst, {"has_private_sector_seat": True})
    assert client.get(url).json() == body
    wrong = _patch(client, url, {"meeting_frequency": "weekly"})
    assert wrong[0] == 400 and list(wrong[1]) == ["meeting_frequency"]
