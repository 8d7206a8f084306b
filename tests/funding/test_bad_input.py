"""Bad input gets a translated message naming the field and a 4xx, and writes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.funding import services
from sunbula.funding.models import Commitment, Payment, Pledge
from tests.conftest import World, client_for
from tests.funding.conftest import Money, kzt_pledge

pytestmark = pytest.mark.django_db
D = datetime.date


def _pledge_form(world: World, money: Money, **changes: str) -> dict[str, str]:
    form = {
        "donor": str(world.kazakhstan_government.pk),
        "pledged_on": "2024-03-01",
        "amount": "1000",
        "currency": "KZT",
        "country": str(world.afghanistan.pk),
        "contribution_type": "financial",
        "earmarking": "3",
        "budget_year": "2024",
    }
    form.update(changes)
    return form


def _api_pledge(world: World, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "donor": world.kazakhstan_government.pk,
        "pledged_on": "2024-03-01",
        "amount": "1000",
        "currency": "KZT",
        "country": "AFG",
        "budget_year": 2024,
    }
    data.update(changes)
    return data


def _counts() -> tuple[int, int, int, int]:
    return (
        Pledge.objects.count(),
        Commitment.objects.count(),
        Payment.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize(
    ("changes", "field", "russian"),
    [
        ({"amount": "-5"}, "amount", "больше нуля"),
        ({"currency": "XXX"}, "currency", ""),
        ({"pledged_on": "2023-06-01"}, "pledged_on", "Нет обменного курса"),
    ],
)
def test_a_bad_pledge_is_refused_on_the_page_and_by_the_api(
    world: World, money: Money, admin: User, changes: dict[str, str], field: str, russian: str
) -> None:
    before = _counts()
    client = client_for(admin)
    page = client.post("/ru/funding/pledges/new/", _pledge_form(world, money, **changes))
    assert page.status_code == 422
    form = page.context["form"]
    assert field in form.errors
    if russian:
        assert russian in page.content.decode()
    api = client.post(
        "/api/v1/funding/pledges/",
        _api_pledge(world, **changes),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert api.status_code == 400
    assert field in api.json()
    assert _counts() == before


@pytest.fixture
def committed(world: World, money: Money, admin: User) -> Commitment:
    pledge = kzt_pledge(world, money, actor=admin)
    return services.commitment_record(
        actor=admin, pledge=pledge, committed_on=D(2024, 3, 2), amount=Decimal("1000000")
    )


@pytest.mark.parametrize(
    ("changes", "field", "russian"),
    [
        ({"amount": "1000001"}, "amount", "не оплачено"),
        ({"paid_on": "2024-02-01"}, "paid_on", "раньше обещания"),
        ({"amount": "-1"}, "amount", "больше нуля"),
    ],
)
def test_a_bad_payment_is_refused_on_the_page_and_by_the_api(
    committed: Commitment, admin: User, changes: dict[str, str], field: str, russian: str
) -> None:
    before = _counts()
    form = {
        "commitment": str(committed.pk),
        "paid_on": "2024-04-01",
        "amount": "500000",
        "currency": "KZT",
        **changes,
    }
    client = client_for(admin)
    page = client.post(f"/ru/funding/pledges/{committed.pledge_id}/payments/", form)
    assert page.status_code == 422
    assert field in page.context["payment_form"].errors
    assert russian in page.content.decode()
    api = client.post("/api/v1/funding/payments/", form)
    assert api.status_code == 400
    assert field in api.json()
    assert _counts() == before


def test_a_commitment_beyond_the_pledge_is_refused(world: World, money: Money, admin: User) -> None:
    pledge = kzt_pledge(world, money, actor=admin)
    before = _counts()
    response = client_for(admin).post(
        f"/en/funding/pledges/{pledge.pk}/commitments/",
        {"committed_on": "2024-03-02", "amount": "4500001"},
    )
    assert response.status_code == 422
    assert "amount" in response.context["commitment_form"].errors
    assert _counts() == before


def test_the_amount_left_is_written_as_the_reader_writes_money(
    world: World, money: Money, admin: User
) -> None:
    pledge = kzt_pledge(world, money, actor=admin)
    client = client_for(admin)
    url = f"/ru/funding/pledges/{pledge.pk}/commitments/"
    response = client.post(url, {"committed_on": "2024-03-02", "amount": "4500001"})
    assert response.context["commitment_form"].errors["amount"] == [
        "По обещанию осталось принять обязательств лишь на \u20684\xa0500\xa0000,00\xa0KZT\u2069."
    ]
    assert "4500000.00" not in response.content.decode()


def test_a_pledge_left_without_a_budget_year_is_of_the_year_pledged(
    world: World, money: Money, admin: User
) -> None:
    client = client_for(admin)
    page = client.post("/en/funding/pledges/new/", _pledge_form(world, money, budget_year=""))
    assert page.status_code == 302
    api = client.post(
        "/api/v1/funding/pledges/",
        {key: value for key, value in _api_pledge(world).items() if key != "budget_year"},
        content_type="application/json",
    )
    assert api.status_code == 201, api.content
    assert [pledge.budget_year for pledge in Pledge.objects.order_by("pk")] == [2024, 2024]
    # A last year before the year pledged is still refused, naming the field.
    refused = client.post(
        "/en/funding/pledges/new/", _pledge_form(world, money, budget_year="", last_year="2023")
    )
    assert refused.status_code == 422 and "last_year" in refused.context["form"].errors
