"""A distribution's reference is copied into the stock ledger, which keeps it for good, so it
never carries a person's identifier: one typed with the beneficiary's reference or external id
(in any case) is refused on `reference` and nothing is written; one left out is made from what
names no one; the demo's hand-overs carry none either."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q

from sunbula.assistance.models import Beneficiary, Distribution, Entitlement
from sunbula.core.models import AuditEntry, User
from sunbula.supply.models import StockMovement
from tests.conftest import Field, client_for, ready

pytestmark = pytest.mark.django_db
JSON = "application/json"
URL = "/api/v1/assistance/distributions/"


def _hand_over(user: User, field: Field, entitlement: Entitlement, **more: str) -> Any:
    body = {
        "entitlement": entitlement.pk,
        "site": field.centre.pk,
        "quantity": "10",
        "distributed_on": "2023-06-05",
        **more,
    }
    return client_for(user).post(URL, body, content_type=JSON)


def _household_row(field: Field) -> Entitlement:
    ready(field.cycle)
    return Entitlement.objects.get(cycle=field.cycle, beneficiary__reference="HH-1")


@pytest.mark.parametrize(
    "typed",
    [
        "hh-1/june",  # the household's reference, in another case
        "RECEIPT-Hh-1",
        "Card p-mother",  # the mother's number in another system: she is of the household
    ],
)
def test_a_reference_that_names_the_beneficiary_is_refused_and_nothing_is_written(
    field: Field, officer_afg: User, typed: str
) -> None:
    entitlement = _household_row(field)
    movements = StockMovement.objects.count()
    entries = AuditEntry.objects.count()

    answer = _hand_over(officer_afg, field, entitlement, reference=typed)

    assert answer.status_code == 400, answer.content
    assert "reference" in answer.json()
    assert "must not contain the beneficiary" in str(answer.json()["reference"])
    assert not Distribution.objects.exists()
    assert StockMovement.objects.count() == movements
    assert AuditEntry.objects.count() == entries
    entitlement.refresh_from_db()
    assert entitlement.distributed == 0


def test_the_refusal_is_in_the_readers_language(field: Field, officer_afg: User) -> None:
    entitlement = _household_row(field)
    answer = client_for(officer_afg).post(
        URL,
        {
            "entitlement": entitlement.pk,
            "site": field.centre.pk,
            "quantity": "10",
            "distributed_on": "2023-06-05",
            "reference": "HH-1-JUNE",
        },
        content_type=JSON,
        headers={"accept-language": "fr"},
    )
    assert answer.status_code == 400
    assert "ne doit pas contenir" in str(answer.json()["reference"])


def test_a_reference_that_names_no_one_is_kept_and_one_left_out_is_made(
    field: Field, officer_afg: User
) -> None:
    entitlement = _household_row(field)
    typed = _hand_over(officer_afg, field, entitlement, reference="JUNE-RECEIPT-0042")
    made = _hand_over(officer_afg, field, entitlement)
    assert (typed.status_code, made.status_code) == (201, 201), made.content
    assert typed.json()["reference"] == "JUNE-RECEIPT-0042"
    assert made.json()["reference"] == f"DIST-{field.cycle.pk}-{entitlement.pk}-20230605"
    ledger = set(StockMovement.objects.values_list("reference", flat=True))
    assert {"JUNE-RECEIPT-0042", made.json()["reference"]} <= ledger


def test_the_demos_hand_overs_name_no_one(demo: None) -> None:
    """Neither a distribution nor its lines in the stock ledger carry a listed person's or
    household's reference or number in another system."""
    rows = Beneficiary.objects.filter(Q(person__isnull=False) | Q(household__isnull=False))
    identifiers = {
        text.casefold()
        for row in rows.select_related("person", "household")
        for text in (
            row.reference,
            row.person.external_id if row.person else "",
            row.household.external_id if row.household else "",
        )
        if text
    }
    assert identifiers
    references = [
        reference.casefold()
        for reference in (
            *Distribution.objects.values_list("reference", flat=True),
            *StockMovement.objects.filter(kind="distribution").values_list("reference", flat=True),
        )
    ]
    assert Distribution.objects.filter(beneficiary__in=rows).exists()
    assert [
        (reference, identifier)
        for reference in references
        for identifier in identifiers
        if identifier in reference
    ] == []
