"""The money chain keeps its dates in order: a payment comes after its commitment, and no
pledge, commitment or payment is dated in the future (the dashboards would count it already)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sunbula.core.models import User
from sunbula.core.validation import today_somewhere
from sunbula.funding import services
from sunbula.funding.models import Commitment, Payment, Pledge
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def commitment(world: World, money: Money, admin: User) -> Commitment:
    pledge = kzt_pledge(world, money, actor=admin)
    return services.commitment_record(
        actor=admin, pledge=pledge, committed_on=D(2024, 4, 1), amount=Decimal("1000000")
    )


def _tomorrow() -> datetime.date:
    return today_somewhere() + datetime.timedelta(days=1)


def test_a_payment_dated_before_its_commitment_is_refused_on_the_page_and_by_the_api(
    commitment: Commitment, admin: User
) -> None:
    form = {
        "commitment": str(commitment.pk),
        "paid_on": "2024-03-20",
        "amount": "500000",
        "currency": "KZT",
    }
    client = client_for(admin)
    page = client.post(f"/en/funding/pledges/{commitment.pledge_id}/payments/", form)
    assert page.status_code == 422
    assert page.context["payment_form"].errors["paid_on"] == [
        "A payment cannot be dated before its commitment (\u2068Apr 1, 2024\u2069)."
    ]
    api = client.post("/api/v1/funding/payments/", form)
    assert api.status_code == 400
    assert "paid_on" in api.json()
    assert not Payment.objects.exists()


def test_a_payment_cannot_be_corrected_to_before_its_commitment(
    commitment: Commitment, admin: User, money: Money
) -> None:
    payment = services.payment_record(
        actor=admin,
        commitment=commitment,
        paid_on=D(2024, 4, 2),
        amount=Decimal("1000"),
        currency=money.kzt,
    )
    with pytest.raises(ValidationError) as refused:
        services.payment_update(actor=admin, payment=payment, paid_on=D(2024, 3, 20))
    assert "paid_on" in refused.value.message_dict


def test_a_pledge_dated_in_the_future_is_refused_on_the_page(
    world: World, money: Money, admin: User
) -> None:
    form = {
        "donor": str(world.kazakhstan_government.pk),
        "pledged_on": "2099-01-01",
        "amount": "1000",
        "currency": "KZT",
        "country": str(world.afghanistan.pk),
        "contribution_type": "financial",
        "earmarking": "3",
        "budget_year": "2099",
    }
    page = client_for(admin).post("/fr/funding/pledges/new/", form)
    assert page.status_code == 422
    assert page.context["form"].errors["pledged_on"] == [
        "Cette date est à venir ; enregistrez-la une fois arrivée."
    ]
    assert not Pledge.objects.exists()


def test_a_commitment_or_payment_dated_in_the_future_is_refused(
    commitment: Commitment, admin: User, money: Money
) -> None:
    with pytest.raises(ValidationError) as committed:
        services.commitment_record(
            actor=admin, pledge=commitment.pledge, committed_on=_tomorrow(), amount=Decimal(1)
        )
    assert "committed_on" in committed.value.message_dict
    with pytest.raises(ValidationError) as paid:
        services.payment_record(
            actor=admin,
            commitment=commitment,
            paid_on=_tomorrow(),
            amount=Decimal(1),
            currency=money.kzt,
        )
    assert "paid_on" in paid.value.message_dict
    # Today is not the future.
    services.payment_record(
        actor=admin,
        commitment=commitment,
        paid_on=timezone.localdate(),
        amount=Decimal(1),
        currency=money.kzt,
    )


def test_a_revision_or_cancellation_dated_in_the_future_is_refused_on_the_page(
    world: World, money: Money, admin: User
) -> None:
    pledge = kzt_pledge(world, money, actor=admin)
    client = client_for(admin)
    tomorrow = _tomorrow().isoformat()
    revised = client.post(
        f"/fr/funding/pledges/{pledge.pk}/revise/", {"amount": "5000000", "revised_on": tomorrow}
    )
    assert revised.status_code == 422
    assert revised.context["revision_form"].errors["revised_on"] == [
        "Cette date est à venir ; enregistrez-la une fois arrivée."
    ]
    cancelled = client.post(f"/fr/funding/pledges/{pledge.pk}/cancel/", {"cancelled_on": tomorrow})
    assert cancelled.status_code == 422
    assert cancelled.context["cancel_form"].errors["cancelled_on"] == [
        "Cette date est à venir ; enregistrez-la une fois arrivée."
    ]
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.ACTIVE
    assert pledge.amount == Decimal("4500000")
    assert not pledge.revisions.exclude(revised_on=pledge.pledged_on).exists()
