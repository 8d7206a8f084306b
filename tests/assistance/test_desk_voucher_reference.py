"""At the desk, a hand-over can carry its own reference from paper (a voucher or a ration-card
stub): it is kept on the distribution and in the stock ledger; one that carries the
household's reference or a member's number in another system is refused on that field, not
on the beneficiary look-up, and nothing is written."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from sunbula.assistance.models import Distribution
from sunbula.core.models import AuditEntry, User
from sunbula.supply.models import StockMovement
from tests.conftest import Field, client_for, ready

pytestmark = pytest.mark.django_db


def _desk(field: Field, language: str = "en") -> str:
    return f"/{language}/assistance/cycles/{field.cycle.pk}/distributions/"


def _hand_over(client: Client, field: Field, voucher: str) -> tuple[int, str]:
    answer = client.post(
        _desk(field),
        {
            "reference": "HH-1",
            "commodity": field.flour.pk,
            "site": field.centre.pk,
            "quantity": "50",
            "distributed_on": "2023-06-02",
            "voucher": voucher,
        },
    )
    return answer.status_code, answer.content.decode()


def _field_on_page(page: str, name: str) -> str:
    """The paragraph of the hand-over form that holds the input `name`: its label, help and
    errors (the look-up form above has a `reference` of its own)."""
    holds = rf'<p class="field[^"]*">(?:(?!</p>).)*id="id_{name}"(?:(?!</p>).)*</p>'
    found = re.search(holds, page, re.S)
    assert found is not None, f"no field {name} on the page"
    return found.group(0)


def test_a_voucher_number_is_kept_on_the_hand_over_and_in_the_ledger(
    field: Field, officer_afg: User
) -> None:
    ready(field.cycle)

    status, _page = _hand_over(client_for(officer_afg), field, "  VOUCHER-0042 ")

    assert status == 302
    distribution = Distribution.objects.get()
    assert distribution.reference == "VOUCHER-0042"
    assert StockMovement.objects.filter(kind="distribution", reference="VOUCHER-0042").exists()
    assert "VOUCHER-0042" in client_for(officer_afg).get(_desk(field)).content.decode()


def test_left_empty_a_reference_that_names_no_one_is_made(field: Field, officer_afg: User) -> None:
    entitlement = ready(field.cycle)

    status, _page = _hand_over(client_for(officer_afg), field, "")

    assert status == 302
    assert Distribution.objects.get().reference == (
        f"DIST-{field.cycle.pk}-{entitlement.pk}-20230602"
    )


@pytest.mark.parametrize(
    "voucher",
    [
        "hh-1/june",  # the household's reference, in another case
        "STUB p-mother 7",  # the mother's number in another system
    ],
)
def test_a_voucher_naming_the_household_is_refused_on_its_field_and_nothing_is_written(
    field: Field, officer_afg: User, voucher: str
) -> None:
    entitlement = ready(field.cycle)
    movements = StockMovement.objects.count()
    entries = AuditEntry.objects.count()

    status, page = _hand_over(client_for(officer_afg), field, voucher)

    assert status == 422
    refusal = "must not contain the beneficiary&#x27;s reference"
    assert refusal in _field_on_page(page, "voucher")
    assert refusal not in _field_on_page(page, "reference")
    assert not Distribution.objects.exists()
    assert StockMovement.objects.count() == movements
    assert AuditEntry.objects.count() == entries
    entitlement.refresh_from_db()
    assert entitlement.distributed == 0


def test_a_beneficiary_with_no_entitlement_is_still_refused_on_the_look_up(
    field: Field, officer_afg: User
) -> None:
    ready(field.cycle)
    answer = client_for(officer_afg).post(
        _desk(field),
        {
            "reference": "HH-404",
            "commodity": field.flour.pk,
            "site": field.centre.pk,
            "quantity": "50",
            "distributed_on": "2023-06-02",
            "voucher": "VOUCHER-0043",
        },
    )
    page = answer.content.decode()
    assert answer.status_code == 422
    assert "HH-404 has no entitlement" in _field_on_page(page, "reference")
    assert "has no entitlement" not in _field_on_page(page, "voucher")
    assert not Distribution.objects.exists()


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("ar", "رقم القسيمة أو الإيصال"),
        ("fr", "Numéro de bon ou de reçu"),
        ("ru", "Номер талона или квитанции"),
    ],
)
def test_the_voucher_field_speaks_the_readers_language(
    field: Field, officer_afg: User, language: str, label: str
) -> None:
    ready(field.cycle)
    page = client_for(officer_afg).get(_desk(field, language)).content.decode()
    voucher = _field_on_page(page, "voucher")
    assert label in voucher
    with translation.override(language):
        help_text = translation.gettext(
            "The number on the paper voucher or ration-card stub, if there is one. Never a "
            "name or an ID number; left empty, a reference that names no one is made."
        )
    assert "voucher" not in help_text
    assert help_text.replace("'", "&#x27;") in voucher
