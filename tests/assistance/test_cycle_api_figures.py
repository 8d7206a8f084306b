"""Must show: the cycle API gives each cycle's figures as its pages do (beneficiaries listed,
and per commodity what is entitled and what was distributed), the list in the same queries
however many cycles it holds, and a freeze answers how many beneficiaries it listed."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from sunbula.assistance import services
from sunbula.assistance.models import Entitlement, RationKind
from sunbula.core.models import User
from tests.conftest import Field, World, client_for, ready
from tests.openapi import assert_documented

pytestmark = pytest.mark.django_db
D = datetime.date
CYCLES = "/api/v1/assistance/cycles/"


def _get(user: User, path: str) -> Any:
    answer = client_for(user).get(path)
    assert answer.status_code == 200
    assert_documented(answer, "get")
    return answer.json()


@pytest.fixture
def served(field: Field) -> None:
    """The household and the treatment centre entitled; ten kilograms handed over."""
    services.beneficiary_add(actor=None, cycle=field.cycle, institution=field.institution)
    ready(field.cycle)
    services.distribution_record(
        actor=None,
        entitlement=field.cycle.entitlements.get(beneficiary__household=field.household),
        site=field.centre,
        quantity=Decimal(10),
        distributed_on=D(2023, 6, 5),
    )


def _expected(field: Field) -> dict[str, Any]:
    entitled = Entitlement.objects.filter(cycle=field.cycle).aggregate(total=Sum("quantity"))
    return {
        "beneficiaries": 2,
        "commodities": [
            {
                "commodity": field.flour.pk,
                "name": "Wheat flour",
                "unit": "kg",
                "entitled": f"{entitled['total']:.3f}",
                "distributed": "10.000",
            }
        ],
    }


def test_the_list_and_the_cycle_give_its_figures(field: Field, served: None, admin: User) -> None:
    listed = _get(admin, CYCLES)["results"]
    one = _get(admin, f"{CYCLES}{field.cycle.pk}/")

    expected = _expected(field)
    [row] = [row for row in listed if row["id"] == field.cycle.pk]
    assert {key: row[key] for key in expected} == expected
    assert {key: one[key] for key in expected} == expected


def test_a_cycle_not_entitled_yet_has_no_figures_per_commodity(field: Field, admin: User) -> None:
    one = _get(admin, f"{CYCLES}{field.cycle.pk}/")

    assert one["beneficiaries"] == 0
    assert one["commodities"] == []


def _queries(user: User) -> int:
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CYCLES).status_code == 200
    return len(queries)


def test_the_list_reads_the_same_queries_for_one_cycle_or_many(
    field: Field, served: None, world: World, admin: User
) -> None:
    one_cycle = _queries(admin)
    for number in range(1, 4):
        cycle = services.cycle_create(
            actor=None,
            project=field.projects.flour,
            country=world.afghanistan,
            name=f"Herat, round {number}",
            period_start=D(2023, 7, number),
            period_end=D(2023, 7, 30),
            ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
        )
        services.ration_line_set(
            actor=None, cycle=cycle, commodity=field.flour, quantity=Decimal(5)
        )
        services.beneficiary_list_freeze(actor=None, cycle=cycle)
        services.entitlements_compute(actor=None, cycle=cycle)

    assert _queries(admin) == one_cycle
    assert len(_get(admin, CYCLES)["results"]) == 4


def test_a_freeze_answers_how_many_beneficiaries_it_listed(field: Field, officer_afg: User) -> None:
    services.beneficiary_add(actor=None, cycle=field.cycle, institution=field.institution)

    answer = client_for(officer_afg).post(f"{CYCLES}{field.cycle.pk}/freeze/")

    assert answer.status_code == 200
    assert_documented(answer, "post")
    assert answer.json()["count"] == 2 == field.cycle.beneficiaries.count()
    assert answer.json()["cycle"]["beneficiaries"] == 2
