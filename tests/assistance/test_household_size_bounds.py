"""A household-size rule reads "5", "3-6" or "7+"; a range whose upper bound is below its
lower one ("6-3"), or a size of nobody ("0", "0-0"), would select no household, and is
refused on the page and by the API as any other size that is not one, with nothing added;
the preview reads it as no size."""

from __future__ import annotations

import pytest

from sunbula.assistance.models import EligibilityRule
from sunbula.assistance.selectors import preview_count
from sunbula.core.models import User
from tests.conftest import Field, client_for

pytestmark = pytest.mark.django_db
NOT_A_SIZE = "Give a household size as 5, 3-6 or 7+."


def _size_rules(field: Field) -> list[str]:
    rules = EligibilityRule.objects.filter(cycle=field.cycle, field="household_size")
    return list(rules.values_list("value", flat=True))


def test_the_page_refuses_a_range_upside_down(field: Field, officer_afg: User) -> None:
    client = client_for(officer_afg)
    url = f"/en/assistance/cycles/{field.cycle.pk}/rules/"

    refused = client.post(url, {"field": "household_size", "value": "6-3"})

    assert refused.status_code == 422
    assert refused.context["rule_form"].errors["value"] == [NOT_A_SIZE]
    assert _size_rules(field) == []
    assert client.post(url, {"field": "household_size", "value": "3-6"}).status_code == 302
    assert _size_rules(field) == ["3-6"]


def test_the_api_refuses_a_range_upside_down(field: Field, officer_afg: User) -> None:
    refused = client_for(officer_afg).post(
        f"/api/v1/assistance/cycles/{field.cycle.pk}/rules/",
        {"field": "household_size", "value": "6-3"},
        content_type="application/json",
    )

    assert refused.status_code == 400 and refused.json() == {"value": [NOT_A_SIZE]}
    assert _size_rules(field) == []


@pytest.mark.parametrize("nobody", ["0", "0-0", " 0 - 0 ", "00"])
def test_the_page_refuses_a_size_of_nobody(field: Field, officer_afg: User, nobody: str) -> None:
    client = client_for(officer_afg)
    url = f"/en/assistance/cycles/{field.cycle.pk}/rules/"

    refused = client.post(url, {"field": "household_size", "value": nobody})

    assert refused.status_code == 422
    assert refused.context["rule_form"].errors["value"] == [NOT_A_SIZE]
    assert _size_rules(field) == []


@pytest.mark.parametrize("nobody", ["0", "0-0"])
def test_the_api_refuses_a_size_of_nobody(field: Field, officer_afg: User, nobody: str) -> None:
    refused = client_for(officer_afg).post(
        f"/api/v1/assistance/cycles/{field.cycle.pk}/rules/",
        {"field": "household_size", "value": nobody},
        content_type="application/json",
    )

    assert refused.status_code == 400 and refused.json() == {"value": [NOT_A_SIZE]}
    assert _size_rules(field) == []


@pytest.mark.parametrize("some", ["0-2", "0+", "1"])
def test_a_range_from_nobody_that_reaches_a_size_is_kept(
    field: Field, officer_afg: User, some: str
) -> None:
    added = client_for(officer_afg).post(
        f"/en/assistance/cycles/{field.cycle.pk}/rules/", {"field": "household_size", "value": some}
    )

    assert added.status_code == 302
    assert _size_rules(field) == [some]


@pytest.mark.parametrize("refused", ["6-3", "0", "0-0"])
def test_the_preview_reads_a_refused_size_as_none(
    field: Field, officer_afg: User, refused: str
) -> None:
    previewed = preview_count(
        user=officer_afg, cycle=field.cycle, field="household_size", value=refused
    )

    assert previewed is None
