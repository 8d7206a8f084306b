"""Profiles are seen in the viewer's countries only; readers cannot write; reports need a role."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sunbula.core.models import User
from sunbula.policy import services
from sunbula.policy.models import PolicyProfile
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_focal_point_sees_her_own_countrys_profile_only(
    afghan_published: PolicyProfile, focal_afg: User, focal_kaz: User
) -> None:
    pk = afghan_published.pk
    own = client_for(focal_afg)
    assert own.get(f"/en/policy/{pk}/").status_code == 200
    assert own.get(f"/api/v1/policy-profiles/{pk}/").status_code == 200
    other = client_for(focal_kaz)
    for url in (
        f"/en/policy/{pk}/",
        f"/en/policy/{pk}/add/strategy/",
        f"/api/v1/policy-profiles/{pk}/",
    ):
        assert other.get(url).status_code == 404, url
    assert other.get("/api/v1/policy-profiles/").json()["count"] == 0
    assert other.get("/api/v1/indicator-values/").json()["count"] == 0
    assert "Afghanistan" not in other.get("/en/policy/").content.decode()


def test_a_programme_officer_reads_but_cannot_change(
    afghan_draft: PolicyProfile, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    assert client.get(f"/en/policy/{afghan_draft.pk}/").status_code == 200
    assert client.get(f"/en/policy/{afghan_draft.pk}/add/strategy/").status_code == 403
    assert client.get("/en/policy/indicators/import/").status_code == 403
    assert client.post("/en/policy/new/", {"country": "KAZ"}).status_code == 403
    assert client.post("/en/policy/reports/", {"taken_on": "2026-01-01"}).status_code == 403
    # Read-only for them: refused as such (403), by the API and on the page alike.
    assert client.post(f"/api/v1/policy-profiles/{afghan_draft.pk}/submit/").status_code == 403
    response = client.post(f"/en/policy/{afghan_draft.pk}/submit/")
    assert response.status_code == 403
    assert "You may not submit this country&#x27;s profile." in response.content.decode()
    afghan_draft.refresh_from_db()
    assert afghan_draft.status == "draft"


def test_someone_without_a_role_sees_nothing(
    afghan_published: PolicyProfile, analyst: User, outsider: User
) -> None:
    snapshot = services.report_snapshot_take(actor=analyst, taken_on=timezone.localdate())
    client = client_for(outsider)
    for url in (
        "/en/policy/",
        f"/en/policy/{afghan_published.pk}/",
        "/en/policy/gaps/",
        "/en/policy/map/",
        "/en/policy/frameworks/",
        "/en/policy/reports/",
        f"/en/policy/reports/{snapshot.pk}/",
        f"/en/policy/reports/{snapshot.pk}/pdf/",
        "/api/v1/policy-profiles/",
        "/api/v1/indicator-values/",
        "/api/v1/report-snapshots/",
    ):
        assert client.get(url).status_code == 403, url


def test_a_donor_reads_reports_but_not_profiles(
    afghan_published: PolicyProfile, analyst: User, donor_viewer: User
) -> None:
    snapshot = services.report_snapshot_take(actor=analyst, taken_on=timezone.localdate())
    client = client_for(donor_viewer)
    assert client.get(f"/en/policy/reports/{snapshot.pk}/").status_code == 200
    assert client.get("/en/policy/").status_code == 403
    assert client.post("/en/policy/reports/", {"taken_on": "2026-01-01"}).status_code == 403
