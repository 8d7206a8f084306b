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


def test_a_basket_refused_says_why_in_the_readers_language(officer_afg: User, field: Field) -> None:
    """Flour alone gives too little fat and, within a day's ration, too little energy: the
    page and the API name each short nutrient with its figures, never the solver's words."""
    client = client_for(officer_afg)
    answer = client.post(
        "/api/v1/allocation/basket/",
        json.dumps({**ASKED, "people": 10}),
        content_type="application/json",
        headers={"accept-language": "ar"},
    )
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert "HiGHS" not in detail and "infeasible" not in detail
    assert detail.startswith("لا توجد سلة من الأغذية في خط الإمداد تفي بهذه الحدود الدنيا:")
    assert "غ من الدهون على الأكثر من أصل 40 غ مطلوبة" in detail
    assert "؛ " in detail
    page = client.get("/fr/allocation/basket/", {**ASKED, "people": 10}).content.decode()
    assert "au plus" in page and "sur les 40 g demandés" in page
