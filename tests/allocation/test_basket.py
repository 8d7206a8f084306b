"""The least-cost basket on cases solved by hand: a cereal (3,500 kcal, 100 g protein per kg,
USD 0.50) and an oil (9,000 kcal, 1,000 g fat per kg, USD 2.00)."""

from __future__ import annotations

import pytest

from sunbula.allocation.basket import BasketInfeasible, BasketProblem, Item, least_cost_basket


def _items(cereal_kg: float | None = None) -> list[Item]:
    return [
        Item("cereal", 3500, 100, 0, 0.5, available_kg=cereal_kg),
        Item("oil", 9000, 0, 1000, 2.0),
    ]


def test_fat_floor_then_energy_from_the_cheap_cereal() -> None:
    basket = least_cost_basket(BasketProblem(_items(), people=100, protein_g=40))
    # 40 g of fat is 0.04 kg of oil (360 kcal); the other 1,740 kcal are 0.4971 kg of cereal.
    assert basket.kg_per_day["oil"] == pytest.approx(0.04)
    assert basket.kg_per_day["cereal"] == pytest.approx(1740 / 3500)
    assert basket.cost_per_day == pytest.approx(0.5 * 1740 / 3500 + 0.08)
    prices = {item.name: item for item in basket.constraints}
    assert prices["energy"].binding and prices["fat"].binding
    assert not prices["protein"].binding
    assert prices["energy"].shadow_price == pytest.approx(0.5 / 3500)
    assert prices["fat"].shadow_price == pytest.approx(0.002 - 9 * 0.5 / 3500)


def test_a_short_pipeline_shifts_energy_to_oil_and_names_the_scarce_commodity() -> None:
    # 1,200 kg of cereal for 3,000 person-days: at most 0.4 kg a day.
    basket = least_cost_basket(BasketProblem(_items(cereal_kg=1200), people=100, protein_g=40))
    assert basket.kg_per_day["cereal"] == pytest.approx(0.4)
    assert basket.kg_per_day["oil"] == pytest.approx(700 / 9000)
    assert basket.scarcest_commodity == "cereal"
    assert basket.person_days_fed == pytest.approx(3000)
    assert basket.person_days_per_tonne == pytest.approx(2500)


def test_no_basket_without_fat() -> None:
    with pytest.raises(BasketInfeasible):
        least_cost_basket(BasketProblem(_items()[:1], people=10))


def test_a_basket_refused_says_how_much_of_each_nutrient_the_pipeline_gives() -> None:
    with pytest.raises(BasketInfeasible) as refused:
        least_cost_basket(BasketProblem(_items()[:1], people=10))
    assert refused.value.message() == (
        "No basket of the food in the pipeline meets these floors: per person per day it "
        "gives at most 0 g of fat of the 40 g asked for."
    )


def test_a_short_pipeline_is_said_in_figures_for_each_floor_it_misses() -> None:
    # 30 kg of cereal for 10 people and 30 days: 0.1 kg, 350 kcal and 10 g of protein a day.
    with pytest.raises(BasketInfeasible) as refused:
        least_cost_basket(BasketProblem(_items(cereal_kg=30)[:1], people=10, fat_g=0))
    assert refused.value.short == {
        "kcal": (pytest.approx(350), 2100),
        "protein_g": (pytest.approx(10), 52.5),
    }
