"""Must show: the API names what it refuses: more than an entitlement has left is keyed by
`quantity`; a refused list names every bad line, and records none; the distribution point's
list without a site is a 400 naming `site`, and a device id sent again with other figures is
a conflict, not a silent replay."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest

from sunbula.assistance.models import Distribution, Entitlement
from sunbula.core.models import User
from tests.conftest import Field, client_for, ready

pytestmark = pytest.mark.django_db
API = "/api/v1/assistance"
SYNC = f"{API}/point/distributions/"


def _post(user: User, path: str, body: dict[str, Any]) -> Any:
    return client_for(user).post(path, body, content_type="application/json")


def test_more_than_is_left_is_keyed_by_quantity(field: Field, officer_afg: User) -> None:
    entitlement = ready(field.cycle)
    body = {
        "entitlement": entitlement.pk,
        "site": field.centre.pk,
        "quantity": "50.5",
        "distributed_on": "2023-06-05",
    }
    refused = _post(officer_afg, f"{API}/distributions/", body)
    assert refused.status_code == 409
    assert "left" in refused.json()["quantity"][0]
    desk = client_for(officer_afg).post(
        f"/en/assistance/cycles/{field.cycle.pk}/distributions/",
        {
            "reference": "HH-1",
            "commodity": field.flour.pk,
            "site": field.centre.pk,
            "quantity": "50.5",
            "distributed_on": "2023-06-05",
        },
    )
    assert desk.status_code == 422 and desk.context["form"].errors["quantity"]


def test_a_refused_list_names_every_bad_line(field: Field, officer_afg: User) -> None:
    ready(field.cycle)
    refused = _post(
        officer_afg,
        f"{API}/distributions/bulk/",
        {
            "cycle": field.cycle.pk,
            "commodity": field.flour.pk,
            "site": field.centre.pk,
            "distributed_on": "2023-06-05",
            "rows": [
                {"reference": "HH-404", "quantity": "5"},
                {"reference": "HH-1", "quantity": "10"},
                {"reference": "HH-405", "quantity": "5"},
            ],
        },
    )
    assert refused.status_code == 400
    rows = refused.json()["rows"]
    assert len(rows) == 2
    assert rows[0].startswith("Line 1:") and rows[1].startswith("Line 3:")
    assert not Distribution.objects.exists()


@pytest.mark.parametrize("query", ["", "?site=abc"])
def test_the_points_list_without_a_site_names_it(
    field: Field, officer_afg: User, query: str
) -> None:
    ready(field.cycle)
    answer = client_for(officer_afg).get(f"{API}/point/{field.cycle.pk}/entitlements/{query}")
    assert answer.status_code == 400
    assert "site" in answer.json()


def test_a_device_id_sent_again_with_another_quantity_is_a_conflict(
    field: Field, officer_afg: User
) -> None:
    entitlement = ready(field.cycle)
    body = {
        "client_id": str(uuid.uuid4()),
        "entitlement": entitlement.pk,
        "site": field.centre.pk,
        "quantity": "20",
        "distributed_on": "2023-06-05",
    }
    assert _post(officer_afg, SYNC, body).status_code == 201
    replay = _post(officer_afg, SYNC, body)
    assert replay.status_code == 200 and replay.json()["replayed"] is True
    changed = _post(officer_afg, SYNC, {**body, "quantity": "30"})
    assert changed.status_code == 409
    assert "already used" in changed.json()["detail"]
    assert Entitlement.objects.get(pk=entitlement.pk).distributed == Decimal(20)
