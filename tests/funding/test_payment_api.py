"""What the pledge and payment pages do to the money chain, done through the API: a
commitment and a payment recorded, the payment corrected and then cancelled with a reason.
A read-only viewer is refused before the body is read; an officer of another country meets
the records as if they did not exist."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunbula.core.models import AuditEntry, Role, User
from sunbula.funding.models import Commitment, Payment
from tests.conftest import World, client_for, make_persona
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db
JSON = "application/json"
COMMITMENTS = "/api/v1/funding/commitments/"
PAYMENTS = "/api/v1/funding/payments/"


@pytest.fixture
def viewer_afg(world: World) -> User:
    return make_persona("me.afg@example.org", Role.ME_OFFICER, world.iofs, [world.afghanistan])


def test_a_commitment_and_its_payment_are_recorded_corrected_and_cancelled(
    world: World, money: Money, officer_afg: User
) -> None:
    pledge = kzt_pledge(world, money)
    client = client_for(officer_afg)
    committed = client.post(
        COMMITMENTS,
        {"pledge": pledge.pk, "committed_on": "2024-03-02", "amount": "1000000"},
        content_type=JSON,
    )
    assert committed.status_code == 201, committed.json()
    commitment = committed.json()["id"]
    paid = client.post(
        PAYMENTS,
        {"commitment": commitment, "paid_on": "2024-03-03", "amount": "450000", "currency": "KZT"},
        content_type=JSON,
    )
    assert paid.status_code == 201, paid.json()
    assert Decimal(paid.json()["units_per_usd"]) == 450 and paid.json()["amount_usd"] == "1000.00"
    payment = paid.json()["id"]

    too_much = client.patch(f"{PAYMENTS}{payment}/", {"amount": "2000000"}, content_type=JSON)
    assert too_much.status_code == 400 and "are unpaid" in str(too_much.json())
    corrected = client.patch(
        f"{PAYMENTS}{payment}/", {"paid_on": "2024-07-02", "amount": "480000"}, content_type=JSON
    )
    assert corrected.status_code == 200, corrected.json()
    # The rate follows the new date: 480 tenge per dollar from July.
    assert Decimal(corrected.json()["units_per_usd"]) == 480
    assert corrected.json()["amount_usd"] == "1000.00"

    unexplained = client.post(f"{PAYMENTS}{payment}/cancel/", {"reason": " "}, content_type=JSON)
    assert unexplained.status_code == 400 and "reason" in unexplained.json()
    cancelled = client.post(
        f"{PAYMENTS}{payment}/cancel/", {"reason": "Recorded twice"}, content_type=JSON
    )
    assert cancelled.status_code == 204
    assert client.get(f"{PAYMENTS}{payment}/").status_code == 404
    assert client.get(f"{COMMITMENTS}{commitment}/").json()["payments"] == []
    entry = AuditEntry.objects.get(action="funding.payment.cancelled")
    assert entry.after == {"reason": "Recorded twice"}


def test_money_the_pages_would_refuse_is_refused_on_its_field(
    world: World, money: Money, officer_afg: User
) -> None:
    pledge = kzt_pledge(world, money)
    client = client_for(officer_afg)
    early = client.post(
        COMMITMENTS,
        {"pledge": pledge.pk, "committed_on": "2024-02-01", "amount": "1000"},
        content_type=JSON,
    )
    assert early.status_code == 400 and "committed_on" in early.json()
    beyond = client.post(
        COMMITMENTS,
        {"pledge": pledge.pk, "committed_on": "2024-03-02", "amount": "9000000"},
        content_type=JSON,
    )
    assert beyond.status_code == 400
    assert not Commitment.objects.exists()
    commitment = client.post(
        COMMITMENTS,
        {"pledge": pledge.pk, "committed_on": "2024-03-02", "amount": "1000000"},
        content_type=JSON,
    ).json()["id"]
    in_dollars = client.post(
        PAYMENTS,
        {"commitment": commitment, "paid_on": "2024-03-03", "amount": "100", "currency": "USD"},
        content_type=JSON,
    )
    assert in_dollars.status_code == 400 and "currency" in in_dollars.json()
    assert not Payment.objects.exists()


def test_a_read_only_viewer_reads_the_chain_but_is_refused_before_the_body_is_read(
    world: World, money: Money, officer_afg: User, viewer_afg: User
) -> None:
    pledge = kzt_pledge(world, money)
    officer = client_for(officer_afg)
    commitment = officer.post(
        COMMITMENTS,
        {"pledge": pledge.pk, "committed_on": "2024-03-02", "amount": "1000000"},
        content_type=JSON,
    ).json()["id"]
    payment = officer.post(
        PAYMENTS,
        {"commitment": commitment, "paid_on": "2024-03-03", "amount": "450000", "currency": "KZT"},
        content_type=JSON,
    ).json()["id"]
    viewer = client_for(viewer_afg)
    assert viewer.get(f"{PAYMENTS}{payment}/").json()["amount"] == "450000.00"
    assert viewer.post(COMMITMENTS, {}, content_type=JSON).status_code == 403
    assert viewer.post(PAYMENTS, {}, content_type=JSON).status_code == 403
    assert (
        viewer.patch(f"{PAYMENTS}{payment}/", {"amount": "?"}, content_type=JSON).status_code == 403
    )
    assert viewer.post(f"{PAYMENTS}{payment}/cancel/", {}, content_type=JSON).status_code == 403
    assert Payment.objects.get().amount == Decimal(450000)


def test_an_officer_of_another_country_meets_the_records_as_if_they_did_not_exist(
    world: World, money: Money, officer_afg: User, officer_kaz: User
) -> None:
    pledge = kzt_pledge(world, money)
    officer = client_for(officer_afg)
    commitment = officer.post(
        COMMITMENTS,
        {"pledge": pledge.pk, "committed_on": "2024-03-02", "amount": "1000000"},
        content_type=JSON,
    ).json()["id"]
    payment = officer.post(
        PAYMENTS,
        {"commitment": commitment, "paid_on": "2024-03-03", "amount": "450000", "currency": "KZT"},
        content_type=JSON,
    ).json()["id"]
    other = client_for(officer_kaz)
    assert other.get(PAYMENTS).json()["count"] == 0
    for url in (f"{PAYMENTS}{payment}/", f"{PAYMENTS}987654/"):
        assert other.get(url).status_code == 404, url
        assert other.patch(url, {"amount": "1"}, content_type=JSON).status_code == 404, url
        assert other.post(f"{url}cancel/", {"reason": "x"}, content_type=JSON).status_code == 404
    foreign = other.post(
        PAYMENTS,
        {"commitment": commitment, "paid_on": "2024-03-04", "amount": "1", "currency": "KZT"},
        content_type=JSON,
    )
    assert foreign.status_code == 400 and "commitment" in foreign.json()
    again = other.post(
        COMMITMENTS,
        {"pledge": pledge.pk, "committed_on": "2024-03-04", "amount": "1"},
        content_type=JSON,
    )
    assert again.status_code == 400 and "pledge" in again.json()
    assert Payment.objects.get().amount == Decimal(450000)
