"""Every read of the situation records that a page, the API or a map needs, scoped to the user."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from sunbula.core.access import AnyUser, require_permission
from sunbula.core.models import AdminArea
from sunbula.monitoring.models import PeriodType, PhasePopulation, SituationDataset
from sunbula.monitoring.permissions import MonitoringPerm
from sunbula.monitoring.tilegrid import AFGHANISTAN_PROVINCES, TILE

# People in phase 3 or worse: the band edges of the map's second measure.
P3PLUS_BANDS = (100_000, 250_000, 500_000, 1_000_000)


def dataset_list(*, user: AnyUser, country: str = "") -> QuerySet[SituationDataset]:
    scope = require_permission(user, MonitoringPerm.VIEW_SITUATION)
    datasets = scope.filter(SituationDataset.objects.select_related("country"))
    if country:
        datasets = datasets.filter(country__iso3=country.upper())
    return datasets.annotate(row_count=Count("phase_populations")).order_by("-published_on", "name")


def phase_population_list(
    *, user: AnyUser, dataset: SituationDataset | None = None
) -> QuerySet[PhasePopulation]:
    scope = require_permission(user, MonitoringPerm.VIEW_SITUATION)
    rows = scope.filter(
        PhasePopulation.objects.select_related("admin_area", "dataset"), "dataset__country"
    )
    if dataset is not None:
        rows = rows.filter(dataset=dataset)
    return rows.order_by("admin_area__p_code", "period_type", "period_start")


@dataclass(frozen=True)
class MapTile:
    area: AdminArea
    x: int
    y: int
    row: PhasePopulation | None
    css_class: str

    @property
    def label_x(self) -> int:
        return self.x + TILE // 2

    @property
    def label_y(self) -> int:
        return self.y + TILE // 2


@dataclass(frozen=True)
class AreaMap:
    tiles: list[MapTile]
    unplaced: list[AdminArea]
    width: int
    height: int
    period_start: object
    measure: str


def _p3plus_band(people: int) -> int:
    return sum(1 for edge in P3PLUS_BANDS if people >= edge)


def area_map(
    *,
    user: AnyUser,
    dataset: SituationDataset,
    period_type: str = PeriodType.CURRENT,
    measure: str = "phase",
) -> AreaMap:
    """Tiles of the dataset's country, coloured by area phase or by people in phase 3+,
    for the latest period of the chosen kind."""
    rows = phase_population_list(user=user, dataset=dataset).filter(period_type=period_type)
    latest = rows.order_by("-period_start").values_list("period_start", flat=True).first()
    by_area = {row.admin_area_id: row for row in rows.filter(period_start=latest)} if latest else {}
    areas = AdminArea.objects.filter(country=dataset.country, level=1).order_by("p_code")
    tiles: list[MapTile] = []
    unplaced: list[AdminArea] = []
    for area in areas:
        position = AFGHANISTAN_PROVINCES.get(area.p_code)
        if position is None:
            unplaced.append(area)
            continue
        row = by_area.get(area.pk)
        if row is None:
            css_class = "no-data"
        elif measure == "p3plus":
            css_class = f"band-{_p3plus_band(row.phase3plus)}"
        else:
            css_class = f"phase-{row.area_phase}"
        tiles.append(MapTile(area, position[0] * TILE, position[1] * TILE, row, css_class))
    columns = max((x for x, _y in AFGHANISTAN_PROVINCES.values()), default=0) + 1
    lines = max((y for _x, y in AFGHANISTAN_PROVINCES.values()), default=0) + 1
    return AreaMap(tiles, unplaced, columns * TILE, lines * TILE, latest, measure)
