"""The distribution point hands over part of an entitlement: a part leaves it partly
distributed with the rest still open; two parts from a device's queue are both recorded; one
device id sent twice is recorded once; more than is left is a 400 on `quantity`, in the
reader's language, and writes nothing."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest

from sunbula.assistance.models import Distribution, Entitlement
from sunbula.core.models import AuditEntry, User
from tests.conftest import Field, client_for, ready

pytestmark = pytest.mark.django_db
SYNC = "/api/v1/assistance/point/distributions/"


def _hand_over(
    user: User,
    entitlement: Entitlement,
    field: Field,
    quantity: str,
    client_id: uuid.UUID | None = None,
    **headers: str,
) -> Any:
    return client_for(user).post(
        SYNC,
        {
            "client_id": str(client_id or uuid.uuid4()),
            "entitlement": entitlement.pk,
            "site": field.centre.pk,
            "quantity": quantity,
            "distributed_on": "2023-06-02",
        },
        content_type="application/json",
        headers=headers,
    )


def _lines_on_the_list(user: User, field: Field) -> list[list[Any]]:
    listed = client_for(user).get(
        f"/api/v1/assistance/point/{field.cycle.pk}/entitlements/?site={field.centre.pk}"
    )
    [row] = listed.json()["rows"]
    return [line[2:] for line in row["e"]]


def test_a_part_leaves_the_entitlement_partly_distributed_and_open_for_the_rest(
    field: Field, officer_afg: User
) -> None:
    entitlement = ready(field.cycle)
    client_id = uuid.uuid4()
    answer = _hand_over(officer_afg, entitlement, field, "20", client_id)
    assert answer.status_code == 201, answer.content
    assert Decimal(answer.json()["quantity"]) == Decimal(20)
    entitlement.refresh_from_db()
    assert entitlement.status == Entitlement.Status.PARTLY
    assert entitlement.remaining == Decimal(30)
    # The list names the part as counted, so that the phone that holds it does not take it
    # off what is left a second time.
    assert _lines_on_the_list(officer_afg, field) == [["30", [client_id.hex[:8]]]]
    entry = AuditEntry.objects.get(action="assistance.distribution.created")
    assert entry.actor == officer_afg


def test_two_parts_from_the_queue_are_both_recorded(field: Field, officer_afg: User) -> None:
    entitlement = ready(field.cycle)
    first = _hand_over(officer_afg, entitlement, field, "20")
    second = _hand_over(officer_afg, entitlement, field, "30")
    assert (first.status_code, second.status_code) == (201, 201), second.content
    assert sorted(Distribution.objects.values_list("quantity", flat=True)) == [
        Decimal(20),
        Decimal(30),
    ]
    entitlement.refresh_from_db()
    assert entitlement.status == Entitlement.Status.DISTRIBUTED
    assert entitlement.remaining == Decimal(0)
    assert _lines_on_the_list(officer_afg, field) == [["0"]]
    assert AuditEntry.objects.filter(action="assistance.distribution.created").count() == 2


def test_a_part_sent_twice_under_one_id_is_recorded_once(field: Field, officer_afg: User) -> None:
    entitlement = ready(field.cycle)
    client_id = uuid.uuid4()
    first = _hand_over(officer_afg, entitlement, field, "20.5", client_id)
    again = _hand_over(officer_afg, entitlement, field, "20.5", client_id)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == {**first.json(), "replayed": True}
    assert Distribution.objects.filter(client_id=client_id).count() == 1
    entitlement.refresh_from_db()
    assert entitlement.remaining == Decimal("29.5")
    assert AuditEntry.objects.filter(action="assistance.distribution.created").count() == 1


def test_the_whole_replayed_after_the_rest_was_served_is_still_answered_as_recorded(
    field: Field, officer_afg: User
) -> None:
    entitlement = ready(field.cycle)
    client_id = uuid.uuid4()
    assert _hand_over(officer_afg, entitlement, field, "20", client_id).status_code == 201
    assert _hand_over(officer_afg, entitlement, field, "30").status_code == 201
    # The first part is sent again when nothing is left: a replay, not more than is left.
    assert _hand_over(officer_afg, entitlement, field, "20", client_id).status_code == 200
    assert Distribution.objects.count() == 2


def test_more_than_is_left_is_a_400_on_the_quantity_and_writes_nothing(
    field: Field, officer_afg: User
) -> None:
    entitlement = ready(field.cycle)
    assert _hand_over(officer_afg, entitlement, field, "20").status_code == 201
    refused = _hand_over(officer_afg, entitlement, field, "30.5")
    assert refused.status_code == 400
    body = refused.json()
    assert "quantity" in body
    assert "left" in body["quantity"][0]
    assert "30" in body["quantity"][0]
    assert Distribution.objects.count() == 1
    entitlement.refresh_from_db()
    assert entitlement.remaining == Decimal(30)
    assert AuditEntry.objects.filter(action="assistance.distribution.created").count() == 1


def test_more_than_is_left_is_refused_in_the_readers_language(
    field: Field, officer_afg: User
) -> None:
    entitlement = ready(field.cycle)
    refused = _hand_over(officer_afg, entitlement, field, "60", accept_language="ar")
    assert refused.status_code == 400
    message = refused.json()["quantity"][0]
    assert "left" not in message
    assert "الاستحقاق" in message
    assert not Distribution.objects.exists()
