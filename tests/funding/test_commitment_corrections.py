"""A commitment recorded wrongly is corrected or withdrawn, on its page and through the API:
the pledge's commitments stay within it, a commitment never falls below what was paid or
ordered against it nor is dated after its first payment, and one with payments stays until
they are cancelled. Each change is audited and kept to the recorder's countries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from sunbula.core.models import AuditEntry, Role, User
from sunbula.funding import services
from sunbula.funding.models import Commitment, Pledge
from tests.conftest import World, client_for, make_persona
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db
JSON = "application/json"
COMMITMENTS = "/api/v1/funding/commitments/"
D = datetime.date


def _committed(pledge: Pledge, amount: str) -> Commitment:
    return services.commitment_record(
        actor=None, pledge=pledge, committed_on=D(2024, 3, 2), amount=Decimal(amount)
    )


def test_a_commitment_is_corrected_on_its_page_within_its_pledge_and_its_payments(
    world: World, money: Money, officer_afg: User, officer_kaz: User
) -> None:
    pledge = kzt_pledge(world, money)  # 4,500,000 KZT
    commitment = _committed(pledge, "1000000")
    _committed(pledge, "3000000")
    services.payment_record(
        actor=None,
        commitment=commitment,
        paid_on=D(2024, 3, 5),
        amount=Decimal(450000),
        currency=money.kzt,
    )
    client = client_for(officer_afg)
    page = client.get(commitment.get_absolute_url()).content.decode()
    edit = reverse("funding:commitment_edit", args=[commitment.pk])
    assert edit in page and reverse("funding:commitment_cancel", args=[commitment.pk]) in page
    assert 'name="committed_on" value="2024-03-02"' in client.get(edit).content.decode()

    def refused(values: dict[str, str]) -> str:
        answer = client.post(edit, {"committed_on": "2024-03-02", **values})
        assert answer.status_code == 422
        return answer.content.decode()

    assert "Only \u2068KZT\xa01,500,000.00\u2069 of the pledge are left to commit." in refused(
        {"amount": "1500001"}
    )
    assert "were paid against this commitment; it cannot be less." in refused({"amount": "400000"})
    assert "cannot be dated after its first payment" in refused(
        {"committed_on": "2024-03-06", "amount": "1000000"}
    )
    commitment.refresh_from_db()
    assert commitment.amount == Decimal(1000000)

    saved = client.post(edit, {"committed_on": "2024-03-04", "amount": "1500000"})
    assert saved.status_code == 302 and saved["Location"] == commitment.get_absolute_url()
    commitment.refresh_from_db()
    assert (commitment.committed_on, commitment.amount, commitment.amount_usd) == (
        D(2024, 3, 4),
        Decimal(1500000),
        Decimal("3333.33"),
    )
    entry = AuditEntry.objects.get(action="funding.commitment.updated")
    assert Decimal(entry.before["amount"]) == 1000000 and Decimal(entry.after["amount"]) == 1500000

    elsewhere = client_for(officer_kaz)
    assert elsewhere.get(edit).status_code == 404
    assert elsewhere.post(edit, {"committed_on": "2024-03-02", "amount": "1"}).status_code == 404


def test_a_commitment_recorded_by_mistake_is_withdrawn_unless_it_was_paid(
    world: World, money: Money, officer_afg: User
) -> None:
    pledge = kzt_pledge(world, money)
    paid = _committed(pledge, "1000000")
    services.payment_record(
        actor=None, commitment=paid, paid_on=D(2024, 3, 5), amount=Decimal(1), currency=money.kzt
    )
    mistaken = _committed(pledge, "2000000")
    client = client_for(officer_afg)

    cancel = reverse("funding:commitment_cancel", args=[mistaken.pk])
    assert client.post(cancel, {"reason": " "}).status_code == 422
    done = client.post(cancel, {"reason": "Recorded on the wrong pledge"})
    assert done.status_code == 302 and done["Location"] == pledge.get_absolute_url()
    assert list(Commitment.objects.values_list("pk", flat=True)) == [paid.pk]
    entry = AuditEntry.objects.get(action="funding.commitment.cancelled")
    assert entry.after == {"reason": "Recorded on the wrong pledge"}
    assert Decimal(entry.before["amount"]) == 2000000

    kept = client.post(
        reverse("funding:commitment_cancel", args=[paid.pk]), {"reason": "Not needed"}
    )
    assert kept.status_code == 422
    assert "cancel them first" in kept.content.decode()
    assert Commitment.objects.filter(pk=paid.pk).exists()
    assert not AuditEntry.objects.filter(
        action="funding.commitment.cancelled", object_id=str(paid.pk)
    ).exists()


def test_the_api_corrects_and_withdraws_commitments_as_the_pages_do(
    world: World, money: Money, officer_afg: User, officer_kaz: User
) -> None:
    pledge = kzt_pledge(world, money)
    commitment = _committed(pledge, "1000000")
    client = client_for(officer_afg)
    too_much = client.patch(
        f"{COMMITMENTS}{commitment.pk}/", {"amount": "4500001"}, content_type=JSON
    )
    assert too_much.status_code == 400 and "amount" in too_much.json()
    corrected = client.patch(
        f"{COMMITMENTS}{commitment.pk}/",
        {"committed_on": "2024-07-02", "amount": "960000"},
        content_type=JSON,
    )
    assert corrected.status_code == 200, corrected.json()
    # The rate follows the new date: 480 tenge per dollar from July.
    assert Decimal(corrected.json()["units_per_usd"]) == 480
    assert corrected.json()["amount_usd"] == "2000.00"

    viewer = make_persona("me.afg@example.org", Role.ME_OFFICER, world.iofs, [world.afghanistan])
    assert (
        client_for(viewer)
        .patch(f"{COMMITMENTS}{commitment.pk}/", {"amount": "1"}, content_type=JSON)
        .status_code
        == 403
    )
    other = client_for(officer_kaz)
    missing = max(Commitment.objects.values_list("pk", flat=True)) + 1
    out_of_scope = other.post(
        f"{COMMITMENTS}{commitment.pk}/cancel/", {"reason": "x"}, content_type=JSON
    )
    unknown = other.post(f"{COMMITMENTS}{missing}/cancel/", {"reason": "x"}, content_type=JSON)
    assert out_of_scope.status_code == unknown.status_code == 404
    assert out_of_scope.json() == unknown.json()

    payment = services.payment_record(
        actor=None,
        commitment=commitment,
        paid_on=D(2024, 7, 5),
        amount=Decimal(1),
        currency=money.kzt,
    )
    in_use = client.post(
        f"{COMMITMENTS}{commitment.pk}/cancel/", {"reason": "Recorded twice"}, content_type=JSON
    )
    assert in_use.status_code == 409 and "cancel them first" in in_use.json()["detail"]
    services.payment_cancel(actor=None, payment=payment, reason="Recorded on the wrong commitment")
    cancelled = client.post(
        f"{COMMITMENTS}{commitment.pk}/cancel/", {"reason": "Recorded twice"}, content_type=JSON
    )
    assert cancelled.status_code == 204
    assert client.get(f"{COMMITMENTS}{commitment.pk}/").status_code == 404
