"""Analysts publish an assessment framework, and the next version of one, from the pages and
the API; those who may not manage assessments are refused and nothing is written."""

from __future__ import annotations

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.policy.models import AssessmentFramework
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
JSON = "application/json"
FORM = {
    "code": "comcec-2020",
    "name": "COMCEC 2020 recommendations",
    "name_fr": "Recommandations COMCEC 2020",
    "reference": "COMCEC, 2020",
    "criteria": "R1 | A national food-security strategy\nR2 | A body that coordinates it\n",
}


def test_an_analyst_publishes_a_framework_and_its_next_version(analyst: User) -> None:
    client = client_for(analyst)
    assert "/en/policy/frameworks/new/" in client.get("/en/policy/frameworks/").content.decode()
    entries = AuditEntry.objects.count()
    checked = client.post(
        "/en/policy/frameworks/new/?validate=1", {**FORM, "criteria": "R1 A strategy"}
    )
    assert checked.status_code == 200 and "Line 1" in checked.content.decode()
    assert AuditEntry.objects.count() == entries
    twice = client.post("/en/policy/frameworks/new/", {**FORM, "criteria": "R1 | a\nR1 | b"})
    assert twice.status_code == 422 and not AssessmentFramework.objects.exists()
    assert client.post("/en/policy/frameworks/new/", FORM).status_code == 302
    first = AssessmentFramework.objects.get()
    assert first.version == 1 and first.name_translations == {"fr": FORM["name_fr"]}
    assert [c.code for c in first.criteria.all()] == ["R1", "R2"]
    again = client.get(f"/en/policy/frameworks/new/?from={first.pk}").content.decode()
    assert "R2 | A body that coordinates it" in again
    assert client.post("/en/policy/frameworks/new/", FORM).status_code == 302
    assert AssessmentFramework.objects.get(version=2).code == "comcec-2020"


def test_a_framework_is_published_through_the_api(analyst: User) -> None:
    client = client_for(analyst)
    body = {
        "code": "fao-sofi",
        "name": "SOFI checklist",
        "criteria": [{"code": "C1", "name": "Prevalence of undernourishment is measured"}],
    }
    made = client.post("/api/v1/assessment-frameworks/", body, content_type=JSON)
    assert made.status_code == 201, made.json()
    assert made.json()["version"] == 1 and made.json()["criteria"][0]["order"] == 1
    next_ = client.post("/api/v1/assessment-frameworks/", body, content_type=JSON)
    assert next_.status_code == 201 and next_.json()["version"] == 2
    empty = client.post(
        "/api/v1/assessment-frameworks/", {**body, "criteria": []}, content_type=JSON
    )
    assert empty.status_code == 400 and "criteria" in empty.json()
    listed = client.get("/api/v1/assessment-frameworks/").json()
    assert listed["count"] == 2


def test_who_may_not_manage_assessments_cannot_publish(officer_afg: User) -> None:
    client = client_for(officer_afg)
    assert "/en/policy/frameworks/new/" not in client.get("/en/policy/frameworks/").content.decode()
    assert client.post("/en/policy/frameworks/new/", FORM).status_code == 403
    refused = client.post(
        "/api/v1/assessment-frameworks/",
        {"code": "x", "name": "x", "criteria": [{"code": "C1", "name": "x"}]},
        content_type=JSON,
    )
    assert refused.status_code == 403
    assert not AssessmentFramework.objects.exists()
