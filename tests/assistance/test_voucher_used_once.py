"""A voucher or receipt number typed for a hand-over names one hand-over: typed again, the
hand-over is refused on that field, naming the number, and nothing is recorded, at the desk
(422) and in the API (400). A reference made by Sunbula (none typed) still takes the next
free number, as a second hand-over against one entitlement on one day is legitimate."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from sunbula.assistance.models import Distribution, Entitlement
from sunbula.core.models import User
from sunbula.supply.models import StockBalance
from tests.conftest import Field, client_for, ready

pytestmark = pytest.mark.django_db
API = "/api/v1/assistance/distributions/"


def _held(field: Field) -> Decimal:
    return sum((row.quantity for row in StockBalance.objects.filter(site=field.centre)), Decimal(0))


def test_a_voucher_typed_twice_at_the_desk_is_refused_on_its_field(
    field: Field, officer_afg: User
) -> None:
    entitlement = ready(field.cycle)
    client = client_for(officer_afg)
    url = f"/en/assistance/cycles/{field.cycle.pk}/distributions/"
    values = {
        "reference": "HH-1",
        "commodity": field.flour.pk,
        "site": field.centre.pk,
        "quantity": "20",
        "distributed_on": "2023-06-02",
        "voucher": "V-777",
    }
    assert client.post(url, values).status_code == 302
    held = _held(field)

    again = client.post(url, values)

    assert again.status_code == 422
    voucher = re.search(
        r'<p class="field[^"]*">(?:(?!</p>).)*id="id_voucher"(?:(?!</p>).)*</p>',
        again.content.decode(),
        re.S,
    )
    assert voucher is not None and "V-777 is the reference of a distribution" in voucher.group(0)
    assert list(Distribution.objects.values_list("reference", flat=True)) == ["V-777"]
    assert _held(field) == held
    entitlement.refresh_from_db()
    assert entitlement.distributed == Decimal(20)


def test_a_reference_typed_twice_in_the_api_is_refused(field: Field, officer_afg: User) -> None:
    entitlement = ready(field.cycle)
    client = client_for(officer_afg)
    body = {
        "entitlement": entitlement.pk,
        "site": field.centre.pk,
        "quantity": "10",
        "distributed_on": "2023-06-05",
        "reference": "VCH-1",
    }
    first = client.post(API, body, content_type="application/json")
    second = client.post(API, body, content_type="application/json")

    assert first.status_code == 201 and first.json()["reference"] == "VCH-1"
    assert second.status_code == 400
    assert "VCH-1 is the reference of a distribution" in second.json()["reference"][0]
    assert Distribution.objects.count() == 1
    assert Entitlement.objects.get(pk=entitlement.pk).distributed == Decimal(10)


def test_a_made_reference_still_takes_the_next_free_number(field: Field, officer_afg: User) -> None:
    entitlement = ready(field.cycle)
    client = client_for(officer_afg)
    body = {
        "entitlement": entitlement.pk,
        "site": field.centre.pk,
        "quantity": "10",
        "distributed_on": "2023-06-05",
    }
    made = [client.post(API, body, content_type="application/json") for _ in range(2)]

    assert [answer.status_code for answer in made] == [201, 201]
    stem = f"DIST-{field.cycle.pk}-{entitlement.pk}-20230605"
    assert [answer.json()["reference"] for answer in made] == [stem, f"{stem}-2"]
