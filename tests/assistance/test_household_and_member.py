"""A household's ration and count stand for all its members: added by hand, a person whose
household is on the cycle's list is refused, and so is a household one of whose members is,
each naming the record already listed (on the page on the input given, 422; in the API as a
conflict, 409); nothing is added. Freezing the list leaves such a household out."""

from __future__ import annotations

import re

import pytest

from sunbula.assistance import services
from sunbula.assistance.models import Beneficiary
from sunbula.core.models import User
from sunbula.registry import services as registry_services
from tests.conftest import Field, World, client_for

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _add_page(field: Field) -> str:
    return f"/en/assistance/cycles/{field.cycle.pk}/beneficiaries/new/"


def _field_on_page(page: str, name: str) -> str:
    """The paragraph of the form that holds the input `name`: its label and errors."""
    holds = rf'<p class="field[^"]*">(?:(?!</p>).)*id="id_{name}"(?:(?!</p>).)*</p>'
    found = re.search(holds, page, re.S)
    assert found is not None, f"no field {name} on the page"
    return found.group(0)


def test_a_member_of_a_listed_household_is_refused(field: Field, officer_afg: User) -> None:
    client = client_for(officer_afg)
    assert client.post(_add_page(field), {"household": field.household.pk}).status_code == 302

    refused = client.post(_add_page(field), {"person": field.mother.pk})

    assert refused.status_code == 422
    said = "P-MOTHER belongs to household HH-1, already on this cycle."
    assert said in _field_on_page(refused.content.decode(), "person")
    assert list(Beneficiary.objects.values_list("reference", flat=True)) == ["HH-1"]


def test_a_household_with_a_listed_member_is_refused(field: Field, officer_afg: User) -> None:
    client = client_for(officer_afg)
    assert client.post(_add_page(field), {"person": field.mother.pk}).status_code == 302

    refused = client.post(_add_page(field), {"household": field.household.pk})
    api = client.post(
        f"/api/v1/assistance/cycles/{field.cycle.pk}/beneficiaries/",
        {"household": field.household.pk},
        content_type=JSON,
    )

    assert refused.status_code == 422 and api.status_code == 409
    said = "Household HH-1 has a member already on this cycle: P-MOTHER."
    assert said in _field_on_page(refused.content.decode(), "household")
    assert said in api.json()["detail"]
    assert list(Beneficiary.objects.values_list("reference", flat=True)) == ["P-MOTHER"]


def test_people_of_other_households_are_added(
    field: Field, world: World, officer_afg: User
) -> None:
    services.beneficiary_add(actor=None, cycle=field.cycle, household=field.household)
    alone = registry_services.person_register(
        actor=None, country=world.afghanistan, given_name="Karim", external_id="P-ALONE"
    )

    added = services.beneficiary_add(actor=None, cycle=field.cycle, person=alone)

    assert added.reference == "P-ALONE"
    assert Beneficiary.objects.filter(cycle=field.cycle).count() == 2


def test_freezing_leaves_out_the_household_of_a_member_listed_by_hand(field: Field) -> None:
    services.beneficiary_add(actor=None, cycle=field.cycle, person=field.mother)
    services.beneficiary_list_freeze(actor=None, cycle=field.cycle)
    # The household the rules draw is served through its member already on the list.
    assert list(Beneficiary.objects.values_list("reference", flat=True)) == ["P-MOTHER"]
