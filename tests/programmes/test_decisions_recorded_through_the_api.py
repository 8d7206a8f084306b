"""A governing body's decision is recorded on a programme through the API, as on its page, by
those who may change the programme: POST /programmes/{id}/decisions/. A programme the caller
does not see answers as one that does not exist."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sunbula.core.models import AuditEntry, User
from sunbula.programmes.models import GoverningBodyDecision
from tests.conftest import Projects

pytestmark = pytest.mark.django_db

DECISION = {
    "body": "Third General Assembly",
    "body_translations": {"ar": "الجمعية العامة الثالثة"},
    "kind": "endorsement",
    "place": "Ankara",
    "held_from": "2020-12-02",
    "held_until": "2020-12-03",
}


def _api(user: User) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_a_decision_is_recorded_on_the_programme(projects: Projects, officer_hq: User) -> None:
    programme = projects.flour.programme
    url = f"/api/v1/programmes/{programme.pk}/decisions/"
    recorded = _api(officer_hq).post(url, DECISION, format="json")
    assert recorded.status_code == 201, recorded.content
    decision = GoverningBodyDecision.objects.get()
    assert recorded.json()["id"] == decision.pk
    assert recorded.json()["programme"] == programme.pk
    assert recorded.json()["place"] == "Ankara"
    assert decision.body_translations == {"ar": "الجمعية العامة الثالثة"}
    entry = AuditEntry.objects.get(action="programmes.governingbodydecision.created")
    assert entry.actor == officer_hq and entry.after["body"] == "Third General Assembly"
    listed = _api(officer_hq).get(f"/api/v1/programme-decisions/?programme={programme.pk}")
    assert [row["id"] for row in listed.json()["results"]] == [decision.pk]


def test_a_decision_that_does_not_hold_is_refused_naming_the_field(
    projects: Projects, officer_hq: User
) -> None:
    url = f"/api/v1/programmes/{projects.flour.programme_id}/decisions/"
    api = _api(officer_hq)
    no_place = {key: value for key, value in DECISION.items() if key != "place"}
    missing = api.post(url, no_place, format="json")
    assert missing.status_code == 400 and "place" in missing.json()
    unknown_kind = api.post(url, {**DECISION, "kind": "veto"}, format="json")
    assert unknown_kind.status_code == 400 and "kind" in unknown_kind.json()
    backwards = api.post(url, {**DECISION, "held_until": "2020-11-30"}, format="json")
    assert backwards.status_code == 400 and "held_until" in backwards.json()
    assert not GoverningBodyDecision.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="programmes.governingbodydecision")


def test_only_those_who_may_change_the_programme_record_decisions(
    projects: Projects, officer_afg: User, rice_officer: User
) -> None:
    url = f"/api/v1/programmes/{projects.flour.programme_id}/decisions/"
    # A country's officer reads the programme but does not change it.
    assert _api(officer_afg).post(url, DECISION, format="json").status_code == 403

    # An officer of another programme does not see this one at all.
    elsewhere = _api(rice_officer)
    outside = elsewhere.post(url, DECISION, format="json")
    missing = elsewhere.post("/api/v1/programmes/987654/decisions/", DECISION, format="json")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert not GoverningBodyDecision.objects.exists()
