"""The assistance API plans cycles, sets rations, generates and approves entitlements (four
eyes), records distributions one by one and in bulk, and reverses them, as the OpenAPI
schema documents (each answer's status and shape checked against it); out of scope is 404,
bad input 4xx with the field named."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from sunbula.assistance.models import Cycle, Distribution, Entitlement
from sunbula.core.models import User
from tests.conftest import Field, World, client_for
from tests.openapi import assert_documented

pytestmark = pytest.mark.django_db
D = datetime.date
API = "/api/v1/assistance"


def _post(user: User, path: str, body: dict[str, Any] | None = None) -> Any:
    answer = client_for(user).post(path, body or {}, content_type="application/json")
    assert_documented(answer, "post")
    return answer


def _get(user: User, path: str) -> Any:
    answer = client_for(user).get(path)
    assert_documented(answer, "get")
    return answer


def test_the_schema_documents_every_endpoint(officer_afg: User) -> None:
    schema = client_for(officer_afg).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path, method in (
        ("/api/v1/assistance/cycles/", "post"),
        ("/api/v1/assistance/cycles/", "get"),
        ("/api/v1/assistance/cycles/{id}/rules/", "post"),
        ("/api/v1/assistance/cycles/{id}/preview/", "get"),
        ("/api/v1/assistance/cycles/{id}/freeze/", "post"),
        ("/api/v1/assistance/cycles/{id}/generate/", "post"),
        ("/api/v1/assistance/cycles/{id}/approve/", "post"),
        ("/api/v1/assistance/cycles/{id}/monitoring/", "post"),
        ("/api/v1/assistance/cycles/{id}/monitoring/", "get"),
        ("/api/v1/assistance/rations/", "post"),
        ("/api/v1/assistance/rations/", "get"),
        ("/api/v1/assistance/entitlements/", "get"),
        ("/api/v1/assistance/distributions/", "post"),
        ("/api/v1/assistance/distributions/bulk/", "post"),
        ("/api/v1/assistance/distributions/{id}/reverse/", "post"),
    ):
        assert method in paths[path], (path, method)
    bulk = paths["/api/v1/assistance/distributions/bulk/"]["post"]
    assert "201" in bulk["responses"]


def test_a_cycle_planned_entitled_and_served_through_the_api(
    field: Field, world: World, officer_afg: User, admin: User
) -> None:
    created = _post(
        officer_afg,
        f"{API}/cycles/",
        {
            "name": "Herat, July 2023",
            "project": field.projects.flour.pk,
            "country": world.afghanistan.pk,
            "period_start": "2023-07-01",
            "period_end": "2023-07-31",
            "ration_kind": "household_month",
        },
    )
    assert created.status_code == 201, created.content
    cycle_id = created.json()["id"]
    assert created.json()["status"] == "planning"
    line = _post(
        officer_afg,
        f"{API}/rations/",
        {"cycle": cycle_id, "commodity": field.flour.pk, "quantity": "25"},
    )
    assert line.status_code == 201, line.content
    assert line.json()["unit"] == "kg"
    rule = _post(
        officer_afg, f"{API}/cycles/{cycle_id}/rules/", {"field": "admin_area", "value": "AF32"}
    )
    assert rule.status_code == 201
    preview = _get(officer_afg, f"{API}/cycles/{cycle_id}/preview/?field=household_size&value=3")
    assert preview.json() == {"current": 1, "with_rule": 1}
    assert _post(officer_afg, f"{API}/cycles/{cycle_id}/freeze/").status_code == 200
    generated = _post(officer_afg, f"{API}/cycles/{cycle_id}/generate/")
    assert generated.json()["count"] == 1
    refused = _post(officer_afg, f"{API}/cycles/{cycle_id}/approve/")
    assert refused.status_code == 403
    assert "another person" in refused.json()["detail"]
    approved = _post(admin, f"{API}/cycles/{cycle_id}/approve/")
    assert approved.status_code == 200 and approved.json()["count"] == 1
    listed = _get(officer_afg, f"{API}/entitlements/?cycle={cycle_id}").json()
    assert listed["count"] == 1
    entitlement = listed["results"][0]
    assert entitlement["status"] == "approved" and entitlement["unit"] == "kg"
    one = _post(
        officer_afg,
        f"{API}/distributions/",
        {
            "entitlement": entitlement["id"],
            "site": field.centre.pk,
            "quantity": "10",
            "distributed_on": "2023-07-02",
        },
    )
    assert one.status_code == 201, one.content
    reversed_ = _post(
        officer_afg, f"{API}/distributions/{one.json()['id']}/reverse/", {"reason": "Wrong day"}
    )
    assert reversed_.status_code == 201 and reversed_.json()["quantity"] == "-10.000"
    bulk = _post(
        officer_afg,
        f"{API}/distributions/bulk/",
        {
            "cycle": cycle_id,
            "commodity": field.flour.pk,
            "site": field.centre.pk,
            "distributed_on": "2023-07-03",
            "rows": [{"reference": "HH-1", "quantity": "20"}],
        },
    )
    assert bulk.status_code == 201 and bulk.json() == {"recorded": 1}
    assert Entitlement.objects.get(pk=entitlement["id"]).distributed == Decimal(20)
    again = _post(
        officer_afg,
        f"{API}/distributions/",
        {
            "entitlement": entitlement["id"],
            "site": field.centre.pk,
            "quantity": "30",
            "distributed_on": "2023-07-04",
        },
    )
    assert again.status_code == 409  # only 5 kg left of 25


def test_bad_input_is_refused_with_the_field_named(field: Field, officer_afg: User) -> None:
    answer = _post(officer_afg, f"{API}/cycles/", {"name": "No dates"})
    assert answer.status_code == 400
    assert "period_start" in answer.json() or "period_start" in str(answer.json())
    bulk = _post(
        officer_afg,
        f"{API}/distributions/bulk/",
        {
            "cycle": field.cycle.pk,
            "commodity": field.flour.pk,
            "site": field.centre.pk,
            "distributed_on": "2023-07-03",
            "rows": [{"reference": "HH-1", "quantity": "-3"}],
        },
    )
    assert bulk.status_code == 400
    assert not Distribution.objects.exists()


def test_out_of_scope_is_not_found(field: Field, officer_kaz: User) -> None:
    assert _post(officer_kaz, f"{API}/cycles/{field.cycle.pk}/freeze/").status_code == 404
    answer = _post(
        officer_kaz,
        f"{API}/rations/",
        {"cycle": field.cycle.pk, "commodity": field.flour.pk, "quantity": "1"},
    )
    assert answer.status_code == 400  # a cycle outside the scope does not exist for them
    listed = _get(officer_kaz, f"{API}/cycles/").json()
    assert listed["count"] == 0
    assert Cycle.objects.get(pk=field.cycle.pk).status == "planning"


def test_a_viewer_cannot_write(field: Field, donor_viewer: User) -> None:
    answer = _post(donor_viewer, f"{API}/cycles/{field.cycle.pk}/freeze/")
    assert answer.status_code in (403, 404)
