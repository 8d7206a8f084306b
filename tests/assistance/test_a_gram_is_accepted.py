"""A gram (0.001 of the commodity's unit) is the smallest quantity a ration, a lowered
entitlement and a hand-over at the desk take from their pages; less is refused naming the
gram."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.assistance.models import Distribution, Entitlement, RationLine
from sunbula.core.models import User
from tests.conftest import Field, client_for, ready

pytestmark = pytest.mark.django_db
GRAM = Decimal("0.001")


def test_a_ration_of_a_gram_is_set(field: Field, officer_afg: User) -> None:
    page = f"/en/assistance/cycles/{field.cycle.pk}/ration/"
    client = client_for(officer_afg)

    set_ = client.post(page, {"commodity": field.flour.pk, "quantity": "0.001"})
    less = client.post(page, {"commodity": field.flour.pk, "quantity": "0.0009"})

    assert set_.status_code == 302
    assert RationLine.objects.get(cycle=field.cycle).quantity == GRAM
    assert less.status_code == 422
    assert "greater than or equal to 0.001" in less.content.decode()


def test_an_entitlement_is_lowered_to_a_gram(field: Field, officer_afg: User) -> None:
    entitlement = ready(field.cycle)
    page = f"/en/assistance/entitlements/{entitlement.pk}/reduce/"

    lowered = client_for(officer_afg).post(page, {"quantity": "0.001"})

    assert lowered.status_code == 302
    assert Entitlement.objects.get(pk=entitlement.pk).quantity == GRAM


def test_a_gram_is_handed_over_at_the_desk(field: Field, officer_afg: User) -> None:
    ready(field.cycle)

    handed = client_for(officer_afg).post(
        f"/en/assistance/cycles/{field.cycle.pk}/distributions/",
        {
            "reference": "HH-1",
            "commodity": field.flour.pk,
            "site": field.centre.pk,
            "quantity": "0.001",
            "distributed_on": "2023-06-02",
        },
    )

    assert handed.status_code == 302
    assert Distribution.objects.get().quantity == GRAM
