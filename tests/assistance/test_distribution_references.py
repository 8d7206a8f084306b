"""Must show: no two distributions share a reference, though two hand-overs against one
entitlement on one day are built from the same parts (one by one, or in lists)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from sunbula.assistance import services
from sunbula.assistance.models import Distribution
from sunbula.core.models import User
from tests.conftest import Field, client_for, ready

pytestmark = pytest.mark.django_db
D = datetime.date


def test_two_hand_overs_on_one_day_get_two_references(field: Field, officer_afg: User) -> None:
    entitlement = ready(field.cycle)
    client = client_for(officer_afg)
    body = {
        "entitlement": entitlement.pk,
        "site": field.centre.pk,
        "quantity": "10",
        "distributed_on": "2023-06-05",
    }
    first = client.post("/api/v1/assistance/distributions/", body, content_type="application/json")
    second = client.post("/api/v1/assistance/distributions/", body, content_type="application/json")
    assert first.status_code == second.status_code == 201
    assert first.json()["reference"] == f"DIST-{field.cycle.pk}-{entitlement.pk}-20230605"
    assert second.json()["reference"] == f"{first.json()['reference']}-2"


def test_two_lists_on_one_day_get_references_of_their_own(field: Field) -> None:
    ready(field.cycle)
    for _ in range(2):
        services.distribution_batch_record(
            actor=None,
            cycle=field.cycle,
            commodity=field.flour,
            site=field.centre,
            distributed_on=D(2023, 6, 5),
            rows=[services.BatchRow("HH-1", Decimal(10))],
        )
    references = list(Distribution.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 2


def test_the_database_refuses_a_repeated_reference(field: Field) -> None:
    entitlement = ready(field.cycle)
    made = services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=field.centre,
        quantity=Decimal(10),
        distributed_on=D(2023, 6, 5),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Distribution.objects.filter(pk=made.pk).update(reference="X")
        copy = Distribution.objects.get(pk=made.pk)
        copy.pk = None
        copy.client_id = None
        copy.save()
