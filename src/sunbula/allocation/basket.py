"""The least-cost food basket: kilograms per person per day of the commodities on hand that
give 2,100 kcal with enough protein and fat, at the lowest price (a linear programme solved
with HiGHS), never asking for more of a commodity than the pipeline holds for the caseload.

Pure data in, pure data out, like `model`. Nutrient values per 100 g follow WFP's NutVal
tables for the standard commodities; prices are the caller's (the page proposes the latest
purchase prices and lets the planner change them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from scipy.optimize import linprog

from sunbula.core.figures import number_text

ENERGY_KCAL = 2100.0
# 10 % of energy from protein (4 kcal/g), 17 % from fat (9 kcal/g): WFP's planning floors.
PROTEIN_G = 52.5
FAT_G = 40.0
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Nutrients:
    """Per kilogram of the commodity's base unit."""

    kcal: float
    protein_g: float
    fat_g: float
    # The most a person is given of it a day, in kilograms: what a ration can hold.
    max_kg: float
    price_usd: float


# Per kilogram (vegetable oil per litre at 0.92 kg a litre), after NutVal 4.0.
REFERENCE: dict[str, Nutrients] = {
    "WHEAT-FLOUR": Nutrients(3640, 103, 15, 0.45, 0.45),
    "RICE": Nutrients(3600, 70, 5, 0.45, 0.60),
    "LENTILS": Nutrients(3390, 240, 12, 0.10, 0.90),
    "VEG-OIL": Nutrients(8133, 0, 920, 0.05, 1.50),
}
# By commodity group, for a commodity the table does not name.
BY_CATEGORY: dict[str, Nutrients] = {
    "cereals": Nutrients(3500, 100, 15, 0.45, 0.50),
    "pulses": Nutrients(3350, 200, 12, 0.10, 0.90),
    "oil": Nutrients(8840, 0, 1000, 0.05, 1.60),
    "mixed": Nutrients(3800, 140, 60, 0.20, 1.10),
    "sugar_salt": Nutrients(4000, 0, 0, 0.03, 0.70),
}


def nutrients_for(code: str, category: str) -> Nutrients | None:
    return REFERENCE.get(code) or BY_CATEGORY.get(category)


@dataclass(frozen=True)
class Item:
    """A commodity the basket may use: its nutrients, its price per kilogram and how many
    kilograms the pipeline holds (None: no limit)."""

    commodity: str
    kcal_per_kg: float
    protein_g_per_kg: float
    fat_g_per_kg: float
    price_per_kg: float
    available_kg: float | None = None
    max_kg_per_day: float | None = None
    name: str = ""  # as the reader calls it; the code where none is given


@dataclass(frozen=True)
class BasketProblem:
    items: Sequence[Item]
    people: float
    days: int = 30
    kcal: float = ENERGY_KCAL
    protein_g: float = PROTEIN_G
    fat_g: float = FAT_G


@dataclass(frozen=True)
class Constraint:
    name: str  # "energy", "protein", "fat", "pipeline:<commodity>", "ration:<commodity>"
    binding: bool
    shadow_price: float  # USD per person-day per unit of the right-hand side


@dataclass(frozen=True)
class Basket:
    kg_per_day: dict[str, float]
    cost_per_day: float
    kcal: float
    protein_g: float
    fat_g: float
    constraints: list[Constraint]
    scarcest_commodity: str | None
    scarcest_shadow_price: float  # USD per person-day saved per extra kg/person/day
    # How many person-days the pipeline feeds with this basket, and one more tonne of the
    # commodity that runs out first.
    person_days_fed: float | None
    person_days_per_tonne: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "kg_per_day": {key: round(value, 4) for key, value in self.kg_per_day.items()},
            "cost_per_day": round(self.cost_per_day, 4),
            "kcal": round(self.kcal, 1),
            "protein_g": round(self.protein_g, 1),
            "fat_g": round(self.fat_g, 1),
            "constraints": [
                {
                    "name": item.name,
                    "binding": item.binding,
                    "shadow_price": round(item.shadow_price, 6),
                }
                for item in self.constraints
            ],
            "scarcest_commodity": self.scarcest_commodity,
            "scarcest_shadow_price": round(self.scarcest_shadow_price, 6),
            "person_days_fed": (
                None if self.person_days_fed is None else round(self.person_days_fed, 1)
            ),
            "person_days_per_tonne": round(self.person_days_per_tonne, 1),
        }


class BasketInfeasible(Exception):
    """No basket of these commodities meets the floors within the pipeline; `short` gives,
    for each floor the pipeline cannot reach ("kcal", "protein_g", "fat_g"), the most it
    gives a person a day and what was asked."""

    def __init__(self, reason: str, short: Mapping[str, tuple[float, float]] | None = None):
        super().__init__(reason)
        self.short = dict(short or {})

    def message(self) -> str:
        """Why, for the reader: each nutrient the pipeline cannot give enough of."""
        said = {
            "kcal": _("at most %(most)s kcal of the %(asked)s kcal asked for"),
            "protein_g": _("at most %(most)s g of protein of the %(asked)s g asked for"),
            "fat_g": _("at most %(most)s g of fat of the %(asked)s g asked for"),
        }
        reasons = [
            said[nutrient]
            % {"most": number_text(round(most, 1)), "asked": number_text(round(asked, 1))}
            for nutrient, (most, asked) in self.short.items()
        ]
        if not reasons:
            return _("No basket of the food in the pipeline meets these floors.")
        return _(
            "No basket of the food in the pipeline meets these floors: per person per day it "
            "gives %(reasons)s."
        ) % {"reasons": pgettext("between reasons", "; ").join(reasons)}


def basket_asked(items: Sequence[Item], asked: Mapping[str, Any]) -> BasketProblem:
    """The problem a page's form or an API body asks for: `people` for `days`, with at least
    `kcal`, `protein_g` and `fat_g` per person per day."""
    return BasketProblem(
        items,
        people=asked["people"],
        days=asked["days"],
        kcal=float(asked["kcal"]),
        protein_g=float(asked["protein_g"]),
        fat_g=float(asked["fat_g"]),
    )


def _short(
    problem: BasketProblem, rows: list[list[float]], rhs: list[float]
) -> dict[str, tuple[float, float]]:
    """The floors the items cannot reach even at every item's limit (the rows after the three
    floors each bound one item), with the most they give and what was asked."""
    upper = [float("inf")] * len(problem.items)
    for row, limit in zip(rows[3:], rhs[3:], strict=True):
        index = row.index(1.0)
        upper[index] = min(upper[index], limit)

    def most(per_kg: list[float]) -> float:
        return sum(value * kg for value, kg in zip(per_kg, upper, strict=True) if value > 0)

    reached = {
        "kcal": (most([item.kcal_per_kg for item in problem.items]), problem.kcal),
        "protein_g": (most([item.protein_g_per_kg for item in problem.items]), problem.protein_g),
        "fat_g": (most([item.fat_g_per_kg for item in problem.items]), problem.fat_g),
    }
    return {name: (got, asked) for name, (got, asked) in reached.items() if got < asked}


def least_cost_basket(problem: BasketProblem) -> Basket:
    items = list(problem.items)
    if not items:
        raise BasketInfeasible("No commodity to build a basket from.")
    person_days = max(problem.people, 0.0) * problem.days
    cost = np.array([item.price_per_kg for item in items])
    # Floors as ≤ rows: −Σ nutrient·x ≤ −floor.
    rows = [
        [-item.kcal_per_kg for item in items],
        [-item.protein_g_per_kg for item in items],
        [-item.fat_g_per_kg for item in items],
    ]
    rhs = [-problem.kcal, -problem.protein_g, -problem.fat_g]
    names = ["energy", "protein", "fat"]
    for index, item in enumerate(items):
        if item.available_kg is not None and person_days > 0:
            row = [0.0] * len(items)
            row[index] = 1.0
            rows.append(row)
            rhs.append(item.available_kg / person_days)
            names.append(f"pipeline:{item.commodity}")
        if item.max_kg_per_day is not None:
            row = [0.0] * len(items)
            row[index] = 1.0
            rows.append(row)
            rhs.append(item.max_kg_per_day)
            names.append(f"ration:{item.commodity}")
    result = linprog(
        cost,
        A_ub=np.array(rows),
        b_ub=np.array(rhs),
        bounds=[(0, None)] * len(items),
        method="highs",
    )
    if result.status != 0:
        raise BasketInfeasible(str(result.message), _short(problem, rows, rhs))
    x = np.asarray(result.x)
    marginals = -np.asarray(result.ineqlin.marginals)
    slack = np.asarray(result.ineqlin.residual)
    constraints = [
        Constraint(name, bool(slack[row] <= 1e-7), float(marginals[row]))
        for row, name in enumerate(names)
    ]
    # The scarcest commodity: the one whose pipeline limit costs most per extra kilogram.
    pipeline = [c for c in constraints if c.name.startswith("pipeline:") and c.binding]
    scarcest = max(pipeline, key=lambda c: c.shadow_price, default=None)
    used = {item.commodity: float(x[i]) for i, item in enumerate(items) if x[i] > TOLERANCE}
    fed: float | None = None
    per_tonne = 0.0
    limits = [
        (item.available_kg / used[item.commodity], item.commodity)
        for item in items
        if item.available_kg is not None and item.commodity in used
    ]
    if limits:
        fed, first_out = min(limits)
        per_tonne = 1000.0 / used[first_out]
    kg = {item.commodity: float(x[i]) for i, item in enumerate(items)}
    return Basket(
        kg_per_day={key: value for key, value in kg.items() if value > TOLERANCE},
        cost_per_day=float(result.fun),
        kcal=float(sum(item.kcal_per_kg * kg[item.commodity] for item in items)),
        protein_g=float(sum(item.protein_g_per_kg * kg[item.commodity] for item in items)),
        fat_g=float(sum(item.fat_g_per_kg * kg[item.commodity] for item in items)),
        constraints=constraints,
        scarcest_commodity=scarcest.name.split(":", 1)[1] if scarcest else None,
        scarcest_shadow_price=scarcest.shadow_price if scarcest else 0.0,
        person_days_fed=fed,
        person_days_per_tonne=per_tonne,
    )
