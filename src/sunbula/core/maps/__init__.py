"""Maps drawn on the server as inline SVG: real boundaries, no script, no inline style.

Two layers ship with Sunbula, both from Natural Earth (public domain), simplified by
`sunbula.core.maps.build` (see SOURCE.md beside this file):

- `AFGHANISTAN_PROVINCES`: the 34 provinces, keyed by OCHA p-code (AF01 … AF34);
- `OIC_MEMBER_STATES`: the 57 member states, keyed by ISO 3166-1 alpha-3.

`choropleth` turns figures per region into a `DrawnMap`; `{% svg_map map %}` (template tag
library `sunbula_maps`) draws it, in pages and in the PDFs WeasyPrint lays out. Each region
carries a title with its name and figure; the page shows the same figures in a table beside
the map.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from django.utils.functional import Promise

AFGHANISTAN_PROVINCES = "afghanistan_provinces"
OIC_MEMBER_STATES = "oic_member_states"
LAYERS = (AFGHANISTAN_PROVINCES, OIC_MEMBER_STATES)

HERE = Path(__file__).resolve().parent
Number = TypeVar("Number", int, float, Decimal)


@dataclass(frozen=True)
class Shape:
    path: str  # SVG path data in the layer's units
    centre: tuple[int, int]
    small: bool  # too small to see: drawn with a marker too


@dataclass(frozen=True)
class Layer:
    name: str
    width: int
    height: int
    shapes: dict[str, Shape]
    context: str  # land around the regions, drawn faintly (may be empty)
    source: str
    licence: str


@functools.cache
def layer(name: str) -> Layer:
    """A layer by name (one of `LAYERS`), read once."""
    if name not in LAYERS:
        raise KeyError(name)
    data = json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))
    shapes = {
        code: Shape(entry["d"], tuple(entry["centre"]), bool(entry.get("marker")))
        for code, entry in data["regions"].items()
    }
    return Layer(
        name,
        data["width"],
        data["height"],
        shapes,
        data.get("context", ""),
        data["source"],
        data["licence"],
    )


@dataclass(frozen=True)
class Shade:
    """What one region shows: its code in the layer, the text of its title (name and figure),
    a CSS class for the page's colours and, for paper, the fill those colours stand for."""

    code: str
    title: str | Promise
    css_class: str = ""
    fill: str = ""


@dataclass(frozen=True)
class Region:
    code: str
    path: str
    title: str | Promise
    css_class: str
    fill: str
    marker: tuple[int, int] | None


@dataclass(frozen=True)
class DrawnMap:
    id: str
    title: str | Promise
    width: int
    height: int
    context: str  # land around the layer, faint
    others: str  # the layer's regions no shade names, grey like a region without figures
    regions: list[Region]

    @property
    def marker_radius(self) -> int:
        return max(4, self.width // 160)


def choropleth(
    name: str, title: str | Promise, shades: Iterable[Shade], *, map_id: str = "map"
) -> DrawnMap:
    """The regions of layer `name` coloured as `shades` say, in the order given; a code the
    layer lacks is left out (its figure stays in the page's table), and the layer's regions
    no shade names are drawn in grey, without a title."""
    source = layer(name)
    regions = []
    for shade in shades:
        shape = source.shapes.get(shade.code)
        if shape is None:
            continue
        regions.append(
            Region(
                shade.code,
                shape.path,
                shade.title,
                shade.css_class,
                shade.fill,
                shape.centre if shape.small else None,
            )
        )
    named = {region.code for region in regions}
    others = "".join(shape.path for code, shape in source.shapes.items() if code not in named)
    return DrawnMap(map_id, title, source.width, source.height, source.context, others, regions)


def province_layer(iso3: str) -> str | None:
    """The layer of a country's provinces (first-level areas, keyed by p-code), if any."""
    return AFGHANISTAN_PROVINCES if iso3 == "AFG" else None


def band(value: Number, edges: Iterable[Number]) -> int:
    """How many of the ascending `edges` the value reaches: 0 below the first."""
    return sum(1 for edge in edges if value >= edge)
