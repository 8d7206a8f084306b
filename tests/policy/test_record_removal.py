"""A strategy, legal text, coordinating body or decision added to a draft profile in error is
removed with a reason, on a page from the profile and through the API: only while the
profile is a draft (409 otherwise), only from the profile's country (404 elsewhere, as if it
did not exist), and the audit entry keeps what the record was and why it went."""

from __future__ import annotations

import datetime

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.policy import services
from sunbula.policy.models import (
    CoordinatingBody,
    PolicyDecision,
    PolicyProfile,
    Strategy,
)
from sunbula.policy.selectors import ProfileRecord
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Each kind of record: its name in addresses, its API collection, its audit action's model.
KINDS = {
    "strategy": ("policy-strategies", "strategy"),
    "legal-instrument": ("legal-instruments", "legalinstrument"),
    "coordinating-body": ("coordinating-bodies", "coordinatingbody"),
    "decision": ("policy-decisions", "policydecision"),
}


def _record(kind: str, analyst: User, profile: PolicyProfile) -> ProfileRecord:
    """A record of `kind` in `profile`, named "Recorded in error" where it is added here."""
    if kind == "strategy":
        return profile.strategies.get()
    if kind == "decision":
        return profile.decisions.get()
    if kind == "legal-instrument":
        return services.legal_instrument_add(
            actor=analyst,
            profile=profile,
            name="Recorded in error",
            kind="regulation",
            date_of_text=datetime.date(2020, 2, 1),
        )
    return services.coordinating_body_add(
        actor=analyst, profile=profile, name="Recorded in error", chair="Nobody"
    )


def _exists(record: ProfileRecord) -> bool:
    return type(record).objects.filter(pk=record.pk).exists()


def test_the_profile_offers_removal_beside_each_record_of_a_draft(
    analyst: User, officer_afg: User, afghan_draft: PolicyProfile
) -> None:
    records = {kind: _record(kind, analyst, afghan_draft) for kind in KINDS}
    removals = [f"/en/policy/records/{kind}/{item.pk}/remove/" for kind, item in records.items()]
    html = client_for(analyst).get(afghan_draft.get_absolute_url()).content.decode()
    for address in removals:
        assert f'<a href="{address}">Remove</a>' in html
    shown = client_for(officer_afg).get(afghan_draft.get_absolute_url()).content.decode()
    assert "/remove/" not in shown


@pytest.mark.parametrize("kind", KINDS)
def test_a_record_added_in_error_is_removed_with_a_reason_on_its_page(
    kind: str, analyst: User, afghan_draft: PolicyProfile
) -> None:
    record = _record(kind, analyst, afghan_draft)
    client = client_for(analyst)
    url = f"/en/policy/records/{kind}/{record.pk}/remove/"
    page = client.get(url).content.decode()
    assert f"Remove “{record.name}” from the profile of Afghanistan" in page
    assert 'name="reason"' in page
    # htmx checks the form as it is typed in: that writes nothing.
    assert client.post(f"{url}?validate=1", {"reason": "Typing"}).status_code == 200
    assert client.post(url, {"reason": " "}).status_code == 422
    assert _exists(record)

    removed = client.post(url, {"reason": "Belongs to   another country"})
    assert removed.status_code == 302
    assert removed["Location"] == afghan_draft.get_absolute_url()
    assert not _exists(record)
    entry = AuditEntry.objects.get(action=f"policy.{KINDS[kind][1]}.removed")
    assert entry.actor == analyst
    assert entry.before["reason"] == "Belongs to another country"
    assert entry.before["name"] == record.name
    assert entry.before["profile"] == afghan_draft.pk
    shown = client.get(afghan_draft.get_absolute_url()).content.decode()
    assert "Removed from the profile." in shown


@pytest.mark.parametrize("kind", KINDS)
def test_the_api_removes_a_record_added_in_error(
    kind: str, analyst: User, afghan_draft: PolicyProfile
) -> None:
    record = _record(kind, analyst, afghan_draft)
    url = f"/api/v1/{KINDS[kind][0]}/{record.pk}/remove/"
    client = client_for(analyst)
    no_reason = client.post(url, {"reason": ""}, content_type="application/json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    done = client.post(url, {"reason": "Entered twice"}, content_type="application/json")
    assert done.status_code == 204
    assert not _exists(record)
    entry = AuditEntry.objects.get(action=f"policy.{KINDS[kind][1]}.removed")
    assert (entry.actor, entry.before["reason"]) == (analyst, "Entered twice")
    assert entry.before["name"] == record.name


def test_a_decision_also_keeps_its_group_and_day_when_removed(
    analyst: User, afghan_draft: PolicyProfile
) -> None:
    decision = afghan_draft.decisions.get()
    services.decision_remove(actor=analyst, decision=decision, reason="A rumour, not a decision")
    entry = AuditEntry.objects.get(action="policy.policydecision.removed")
    assert entry.before == {
        "name": "Input subsidy for wheat farmers",
        "name_translations": {},
        "profile": afghan_draft.pk,
        "group": "producer",
        "decided_on": "2024-03-01",
        "reason": "A rumour, not a decision",
    }


def test_a_published_profiles_records_are_not_removed(
    analyst: User, afghan_published: PolicyProfile
) -> None:
    strategy = afghan_published.strategies.get()
    decision = afghan_published.decisions.get()
    client = client_for(analyst)
    url = f"/en/policy/records/strategy/{strategy.pk}/remove/"
    for response in (client.get(url), client.post(url, {"reason": "Wrong"})):
        assert response.status_code == 409
        assert "Only a draft profile can be changed; reopen it first." in response.content.decode()
    refused = client.post(
        f"/api/v1/policy-decisions/{decision.pk}/remove/",
        {"reason": "Wrong"},
        content_type="application/json",
    )
    assert refused.status_code == 409
    assert refused.json()["detail"] == "Only a draft profile can be changed; reopen it first."
    assert Strategy.objects.filter(pk=strategy.pk).exists()
    assert PolicyDecision.objects.filter(pk=decision.pk).exists()
    assert not AuditEntry.objects.filter(action__endswith=".removed").exists()
    html = client.get(afghan_published.get_absolute_url()).content.decode()
    assert "/remove/" not in html


def test_the_refusal_is_translated(analyst: User, afghan_published: PolicyProfile) -> None:
    strategy = afghan_published.strategies.get()
    refused = client_for(analyst).post(
        f"/api/v1/policy-strategies/{strategy.pk}/remove/",
        {"reason": "Faux"},
        content_type="application/json",
        headers={"accept-language": "fr"},
    )
    assert refused.status_code == 409
    assert "brouillon" in refused.json()["detail"]


def test_a_record_is_removed_only_from_its_country(
    analyst: User,
    focal_afg: User,
    focal_kaz: User,
    officer_afg: User,
    afghan_draft: PolicyProfile,
) -> None:
    council = _record("coordinating-body", analyst, afghan_draft)
    assert isinstance(council, CoordinatingBody)
    page = f"/en/policy/records/coordinating-body/{council.pk}/remove/"
    missing_page = "/en/policy/records/coordinating-body/987654/remove/"
    api = f"/api/v1/coordinating-bodies/{council.pk}/remove/"
    missing_api = "/api/v1/coordinating-bodies/987654/remove/"
    kazakh = client_for(focal_kaz)
    assert kazakh.get(page).status_code == kazakh.get(missing_page).status_code == 404
    assert kazakh.post(page, {"reason": "Mine"}).status_code == 404
    outside = kazakh.post(api, {"reason": "Mine"}, content_type="application/json")
    missing = kazakh.post(missing_api, {"reason": "Mine"}, content_type="application/json")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    reader = client_for(officer_afg)
    assert reader.post(page, {"reason": "Mine"}).status_code == 403
    assert reader.post(api, {"reason": "x"}, content_type="application/json").status_code == 403
    assert CoordinatingBody.objects.filter(pk=council.pk).exists()
    assert client_for(focal_afg).post(page, {"reason": "Not ours"}).status_code == 302
    assert not CoordinatingBody.objects.filter(pk=council.pk).exists()
