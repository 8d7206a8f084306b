"""Goods add up like money: an in-kind pledge's commitments never give more than it pledged,
and its contributions never bring more than committed, on the page, in the API and in the
service alike; a cash pledge carries no goods at all."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sunbula.core.models import AuditEntry, User
from sunbula.funding import services
from sunbula.funding.models import Commitment, Payment, Pledge
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db
D = datetime.date


def flour_pledge(world: World, money: Money, admin: User) -> Pledge:
    """68,000 kg of wheat flour, worth 47,000,000 tenge."""
    return kzt_pledge(
        world,
        money,
        actor=admin,
        amount=Decimal("47000000"),
        contribution_type="in_kind",
        commodity="Wheat flour",
        quantity=Decimal("68000"),
        unit="kg",
    )


def _counts() -> tuple[int, int, int, int]:
    return (
        Pledge.objects.count(),
        Commitment.objects.count(),
        Payment.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_commitment_of_more_goods_than_pledged_is_refused_on_the_page_and_by_the_api(
    world: World, money: Money, admin: User
) -> None:
    pledge = flour_pledge(world, money, admin)
    before = _counts()
    client = client_for(admin)
    form = {"committed_on": "2024-03-02", "amount": "47000000", "quantity": "99000"}
    page = client.post(f"/en/funding/pledges/{pledge.pk}/commitments/", form)
    assert page.status_code == 422
    errors = page.context["commitment_form"].errors
    assert "quantity" in errors
    assert "Only \u206868,000 kg\u2069 of the pledge are left to commit." in errors["quantity"]
    api = client.post(
        "/api/v1/funding/commitments/", {**form, "pledge": pledge.pk}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert api.status_code == 400
    assert "68\xa0000 кг" in api.json()["quantity"][0]
    assert _counts() == before


def test_commitments_together_stay_within_the_pledged_quantity(
    world: World, money: Money, admin: User
) -> None:
    pledge = flour_pledge(world, money, admin)
    services.commitment_record(
        actor=admin,
        pledge=pledge,
        committed_on=D(2024, 3, 2),
        amount=Decimal("20000000"),
        quantity=Decimal("40000"),
    )
    with pytest.raises(ValidationError) as refused:
        services.commitment_record(
            actor=admin,
            pledge=pledge,
            committed_on=D(2024, 3, 3),
            amount=Decimal("20000000"),
            quantity=Decimal("28001"),
        )
    assert "quantity" in refused.value.message_dict
    services.commitment_record(
        actor=admin,
        pledge=pledge,
        committed_on=D(2024, 3, 3),
        amount=Decimal("20000000"),
        quantity=Decimal("28000"),
    )


def test_a_contribution_stays_within_its_commitments_quantity(
    world: World, money: Money, admin: User
) -> None:
    pledge = flour_pledge(world, money, admin)
    commitment = services.commitment_record(
        actor=admin,
        pledge=pledge,
        committed_on=D(2024, 3, 2),
        amount=Decimal("20000000"),
        quantity=Decimal("30000"),
    )
    before = _counts()
    form = {
        "commitment": str(commitment.pk),
        "paid_on": "2024-04-01",
        "amount": "1000",
        "currency": "KZT",
        "quantity": "30001",
    }
    client = client_for(admin)
    page = client.post(f"/en/funding/pledges/{pledge.pk}/payments/", form)
    assert page.status_code == 422
    errors = page.context["payment_form"].errors
    assert (
        "Only \u206830,000 kg\u2069 of this commitment are still to be received."
        in (errors["quantity"])
    )
    api = client.post("/api/v1/funding/payments/", form)
    assert api.status_code == 400
    assert "quantity" in api.json()
    assert _counts() == before


def test_contributions_stay_within_the_pledge_when_the_commitment_gives_no_quantity(
    world: World, money: Money, admin: User
) -> None:
    pledge = flour_pledge(world, money, admin)
    commitment = services.commitment_record(
        actor=admin, pledge=pledge, committed_on=D(2024, 3, 2), amount=pledge.amount
    )
    received = services.payment_record(
        actor=admin,
        commitment=commitment,
        paid_on=D(2024, 4, 1),
        amount=Decimal("1000"),
        currency=money.kzt,
        quantity=Decimal("60000"),
    )
    with pytest.raises(ValidationError) as refused:
        services.payment_record(
            actor=admin,
            commitment=commitment,
            paid_on=D(2024, 4, 2),
            amount=Decimal("1000"),
            currency=money.kzt,
            quantity=Decimal("8001"),
        )
    assert "quantity" in refused.value.message_dict
    # A correction counts the payment it corrects once, not twice.
    services.payment_update(actor=admin, payment=received, quantity=Decimal("68000"))
    with pytest.raises(ValidationError) as corrected:
        services.payment_update(actor=admin, payment=received, quantity=Decimal("68001"))
    assert "quantity" in corrected.value.message_dict


def test_a_pledge_cannot_be_corrected_below_the_quantity_committed(
    world: World, money: Money, admin: User
) -> None:
    pledge = flour_pledge(world, money, admin)
    services.commitment_record(
        actor=admin,
        pledge=pledge,
        committed_on=D(2024, 3, 2),
        amount=Decimal("20000000"),
        quantity=Decimal("40000"),
    )
    with pytest.raises(ValidationError) as refused:
        services.pledge_update(actor=admin, pledge=pledge, quantity=Decimal("39999"))
    assert "quantity" in refused.value.message_dict


def _cash_pledge_form(world: World, **changes: str) -> dict[str, str]:
    form = {
        "donor": str(world.kazakhstan_government.pk),
        "pledged_on": "2024-03-01",
        "amount": "47000000",
        "currency": "KZT",
        "country": str(world.afghanistan.pk),
        "contribution_type": "financial",
        "earmarking": "3",
        "budget_year": "2024",
    }
    form.update(changes)
    return form


def test_a_financial_pledge_naming_goods_is_refused_on_the_page_and_by_the_api(
    world: World, money: Money, admin: User
) -> None:
    before = _counts()
    goods = {"commodity": "Wheat flour", "quantity": "68000", "unit": "kg"}
    client = client_for(admin)
    page = client.post("/en/funding/pledges/new/", _cash_pledge_form(world, **goods))
    assert page.status_code == 422
    assert {"commodity", "quantity", "unit"} <= set(page.context["form"].errors)
    api = client.post(
        "/api/v1/funding/pledges/",
        {
            "donor": world.kazakhstan_government.pk,
            "pledged_on": "2024-03-01",
            "amount": "47000000",
            "currency": "KZT",
            "country": "AFG",
            "budget_year": 2024,
            "contribution_type": "financial",
            "quantity": "68000",
        },
        content_type="application/json",
    )
    assert api.status_code == 400
    assert "quantity" in api.json()
    assert _counts() == before


def test_goods_on_a_cash_pledges_commitment_or_payment_are_refused(
    world: World, money: Money, admin: User
) -> None:
    pledge = kzt_pledge(world, money, actor=admin)
    with pytest.raises(ValidationError) as committed:
        services.commitment_record(
            actor=admin,
            pledge=pledge,
            committed_on=D(2024, 3, 2),
            amount=Decimal("1000"),
            quantity=Decimal("5"),
        )
    assert "quantity" in committed.value.message_dict
    commitment = services.commitment_record(
        actor=admin, pledge=pledge, committed_on=D(2024, 3, 2), amount=Decimal("1000")
    )
    before = _counts()
    form = {
        "commitment": str(commitment.pk),
        "paid_on": "2024-04-01",
        "amount": "500",
        "currency": "KZT",
        "quantity": "5",
    }
    client = client_for(admin)
    page = client.post(f"/en/funding/pledges/{pledge.pk}/payments/", form)
    assert page.status_code == 422
    assert "quantity" in page.context["payment_form"].errors
    api = client.post("/api/v1/funding/payments/", form)
    assert api.status_code == 400
    assert "quantity" in api.json()
    assert _counts() == before
