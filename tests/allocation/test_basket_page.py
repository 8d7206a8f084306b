"""The food-basket page names commodities as people do and refuses numbers no ration has."""

from __future__ import annotations

import json

import pytest

from sunbula.core.models import User
from tests.conftest import Field, client_for

pytestmark = pytest.mark.django_db

ASKED = {"days": 30, "kcal": 2100, "protein_g": 52.5, "fat_g": 40}


def test_the_pipeline_is_listed_by_commodity_name(officer_afg: User, field: Field) -> None:
    page = client_for(officer_afg).get("/fr/allocation/basket/").content.decode()
    assert "<td>Farine de blé</td>" in page
    assert "WHEAT-FLOUR" not in page


@pytest.mark.parametrize(
    ("name", "value"),
    [("people", 10**23), ("kcal", 10**21), ("protein_g", 10**11), ("fat_g", 10**4)],
)
def test_absurd_numbers_are_refused_on_the_page_and_the_api(
    officer_afg: User, field: Field, name: str, value: int
) -> None:
    asked = {**ASKED, "people": 1000, name: value}
    client = client_for(officer_afg)
    page = client.get("/en/allocation/basket/", asked).content.decode()
    assert "Ensure this value is less than or equal to" in page
    assert "No basket of the food" not in page
    answer = client.post(
        "/api/v1/allocation/basket/", json.dumps(asked), content_type="application/json"
    )
    assert answer.status_code == 400
    assert name in answer.json()
