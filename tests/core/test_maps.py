"""The map shapes: every Afghan province and every OIC member state has one, and a map draws
as accessible inline SVG, with no script and no inline style."""

from __future__ import annotations

import csv
import gzip
import json
import re
from pathlib import Path

from django.template import Context, Template

from sunbula.core import maps, reference
from sunbula.core.maps import (
    AFGHANISTAN_PROVINCES,
    LAYERS,
    OIC_MEMBER_STATES,
    Shade,
    choropleth,
    layer,
)
from sunbula.core.maps.build import douglas_peucker

REFERENCE = Path(reference.__file__).resolve().parent / "reference_data"
MAPS = Path(maps.__file__).resolve().parent


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_each_of_the_34_provinces_has_a_shape_keyed_by_its_p_code() -> None:
    provinces = {row["p_code"] for row in _rows("af_admin_areas.csv") if row["level"] == "1"}
    shapes = layer(AFGHANISTAN_PROVINCES).shapes
    assert len(provinces) == 34
    assert set(shapes) == provinces
    # Joined through ISO 3166-2: each p-code's shape is the province of that ISO code.
    data = json.loads((MAPS / f"{AFGHANISTAN_PROVINCES}.json").read_text(encoding="utf-8"))
    iso = {row["p_code"]: row["iso_3166_2"] for row in _rows("af_admin_areas.csv")}
    assert {code: entry["iso_3166_2"] for code, entry in data["regions"].items()} == {
        code: iso[code] for code in provinces
    }
    for shape in shapes.values():
        assert re.fullmatch(r"(M\d+ \d+l[-\d ]+z)+", shape.path), shape.path[:40]


def test_each_of_the_57_member_states_has_a_shape_and_the_smallest_a_marker() -> None:
    members = {row["iso3"] for row in _rows("oic_member_states.csv")}
    shapes = layer(OIC_MEMBER_STATES).shapes
    assert len(members) == 57
    assert set(shapes) == members
    assert all(shape.path for shape in shapes.values())
    # The three that Natural Earth's 1:110m layer lacks are there, too small to see alone.
    assert {code for code, shape in shapes.items() if shape.small} == {"BHR", "COM", "MDV"}


def test_the_shapes_are_small_files_that_say_where_they_come_from() -> None:
    for name in LAYERS:
        data = (MAPS / f"{name}.json").read_bytes()
        assert len(gzip.compress(data)) < 8 * 1024, name
        assert "Natural Earth" in layer(name).source
        assert "Public domain" in layer(name).licence
    assert "Natural Earth" in (MAPS / "SOURCE.md").read_text(encoding="utf-8")


def test_douglas_peucker_keeps_the_corners_and_drops_what_lies_near_the_line() -> None:
    line = [(0.0, 0.0), (1.0, 0.1), (2.0, -0.1), (3.0, 5.0), (4.0, 0.0)]
    assert douglas_peucker(line, 0.5) == [(0.0, 0.0), (2.0, -0.1), (3.0, 5.0), (4.0, 0.0)]
    assert douglas_peucker(line, 10) == [(0.0, 0.0), (4.0, 0.0)]


def test_a_map_draws_as_accessible_inline_svg_without_inline_style() -> None:
    drawn = choropleth(
        OIC_MEMBER_STATES,
        "Undernourishment",
        [
            Shade("AFG", "Afghanistan: 30.2", "band-4", "#006d2c"),
            Shade("MDV", "Maldives: 5", "band-0"),
            Shade("XXX", "Nowhere: 1", "band-1"),  # not in the layer: left to the table
        ],
        map_id="under",
    )
    html = Template("{% load sunbula_maps %}{% svg_map drawn %}").render(Context({"drawn": drawn}))
    assert html.startswith('<svg class="map" role="img" aria-labelledby="under-title"')
    assert '<title id="under-title">Undernourishment</title>' in html
    assert 'class="band-4" fill="#006d2c" data-code="AFG"' in html
    assert "<title>Afghanistan: 30.2</title>" in html
    assert html.count("<title>Maldives: 5</title>") == 2  # its shape and its marker
    assert "<circle" in html and "Nowhere" not in html
    assert "style=" not in html and "<script" not in html
    # The other member states are drawn in grey, without a title; the land around, faint.
    assert html.count("data-code=") == 2
    assert '<path class="others" fill="#c9c9c9"' in html
    assert '<path class="context" fill="#ebebe6"' in html
