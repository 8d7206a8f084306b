"""Must show: a bad ration line or targeting rule is answered with the cycle's page, the form
as typed and the message on the field (422), never a redirect that drops the input; a P-code
that is no administrative area of the cycle's country is refused, on the page and the API."""

from __future__ import annotations

import pytest

from sunbula.assistance.models import EligibilityRule, RationLine
from sunbula.core.models import User
from tests.conftest import Field, client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("posted", "field_name"),
    [
        ({"quantity": "fifty"}, "quantity"),
        ({"quantity": "-5"}, "quantity"),
        ({"quantity": "5"}, "commodity"),
    ],
)
def test_a_bad_ration_line_is_shown_on_its_field(
    field: Field, officer_afg: User, posted: dict[str, str], field_name: str
) -> None:
    values = {"commodity": str(field.flour.pk), **posted}
    if field_name == "commodity":
        values.pop("commodity")
    answer = client_for(officer_afg).post(f"/en/assistance/cycles/{field.cycle.pk}/ration/", values)
    assert answer.status_code == 422
    assert answer.context["ration_form"].errors[field_name]
    assert RationLine.objects.filter(cycle=field.cycle).count() == 1


@pytest.mark.parametrize(
    ("rule_field", "value"), [("admin_area", "AF99"), ("household_size", "many")]
)
def test_a_bad_rule_is_shown_on_its_value(
    field: Field, officer_afg: User, rule_field: str, value: str
) -> None:
    answer = client_for(officer_afg).post(
        f"/en/assistance/cycles/{field.cycle.pk}/rules/", {"field": rule_field, "value": value}
    )
    assert answer.status_code == 422
    assert answer.context["rule_form"].errors["value"]
    assert value in answer.content.decode()  # the input is kept
    assert not EligibilityRule.objects.filter(value=value).exists()


def test_the_api_refuses_an_unknown_p_code(field: Field, officer_afg: User) -> None:
    client = client_for(officer_afg)
    refused = client.post(
        f"/api/v1/assistance/cycles/{field.cycle.pk}/rules/",
        {"field": "admin_area", "value": "ZZ99"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "value" in refused.json()
    kabul = client.post(
        f"/api/v1/assistance/cycles/{field.cycle.pk}/rules/",
        {"field": "admin_area", "value": "AF01"},
        content_type="application/json",
    )
    assert kabul.status_code == 201
