"""Every read of the situation records that a page, the API or a map needs, scoped to the user."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.db.models import Count, Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.access import AnyUser, fetch, require_permission
from sunbula.core.figures import number
from sunbula.core.maps import DrawnMap, Shade, band, choropleth, province_layer
from sunbula.core.models import AdminArea
from sunbula.core.selectors import where_given
from sunbula.monitoring.models import (
    Market,
    PeriodType,
    PhasePopulation,
    PriceObservation,
    SituationDataset,
)
from sunbula.monitoring.permissions import MonitoringPerm

# People in phase 3 or worse: the band edges of the map's second measure.
P3PLUS_BANDS = (100_000, 250_000, 500_000, 1_000_000)


def dataset_list(*, user: AnyUser, country: str = "") -> QuerySet[SituationDataset]:
    scope = require_permission(user, MonitoringPerm.VIEW_SITUATION)
    datasets = scope.filter(SituationDataset.objects.select_related("country"))
    datasets = where_given(datasets, country__iso3=country.upper())
    return datasets.annotate(row_count=Count("phase_populations")).order_by("-published_on", "name")


def phase_population_list(
    *, user: AnyUser, dataset: SituationDataset | None = None
) -> QuerySet[PhasePopulation]:
    scope = require_permission(user, MonitoringPerm.VIEW_SITUATION)
    rows = scope.filter(
        PhasePopulation.objects.select_related("admin_area", "dataset"), "dataset__country"
    )
    rows = where_given(rows, dataset=dataset)
    return rows.order_by("admin_area__p_code", "period_type", "period_start")


@dataclass(frozen=True)
class AreaFigures:
    area: AdminArea
    row: PhasePopulation | None
    css_class: str


@dataclass(frozen=True)
class AreaMap:
    areas: list[AreaFigures]
    drawn: DrawnMap | None  # None where Sunbula has no boundaries for the country
    period_start: object
    measure: str


def _p3plus_band(people: int) -> int:
    return band(people, P3PLUS_BANDS)


def _area_title(area: AdminArea, row: PhasePopulation | None) -> str:
    if row is None:
        return area.local_name
    return _("%(area)s: phase %(phase)s, %(people)s people in phase 3+") % {
        "area": area.local_name,
        "phase": row.area_phase,
        "people": number(row.phase3plus, html=False),
    }


def area_map(
    *,
    user: AnyUser,
    dataset: SituationDataset,
    period_type: str = PeriodType.CURRENT,
    measure: str = "phase",
) -> AreaMap:
    """The dataset country's provinces, coloured by area phase or by people in phase 3+,
    for the latest period of the chosen kind."""
    rows = phase_population_list(user=user, dataset=dataset).filter(period_type=period_type)
    latest = rows.order_by("-period_start").values_list("period_start", flat=True).first()
    by_area = {row.admin_area_id: row for row in rows.filter(period_start=latest)} if latest else {}
    areas = AdminArea.objects.filter(country=dataset.country, level=1).order_by("p_code")
    figures: list[AreaFigures] = []
    for area in areas:
        row = by_area.get(area.pk)
        if row is None:
            css_class = "no-data"
        elif measure == "p3plus":
            css_class = f"band-{_p3plus_band(row.phase3plus)}"
        else:
            css_class = f"phase-{row.area_phase}"
        figures.append(AreaFigures(area, row, css_class))
    layer = province_layer(dataset.country.iso3)
    drawn = None
    if layer is not None and figures:
        title = (
            _("People in phase 3 or worse, by province")
            if measure == "p3plus"
            else _("Area phase, by province")
        )
        drawn = choropleth(
            layer,
            title,
            (
                Shade(item.area.p_code, _area_title(item.area, item.row), item.css_class)
                for item in figures
            ),
        )
    return AreaMap(figures, drawn, latest, measure)


# Markets and prices

# How far back the trend of a price looks, and how many readings it shows.
TREND_DAYS = 365
TREND_POINTS = 6


def market_list(*, user: AnyUser, country: str = "") -> QuerySet[Market]:
    """The markets of the user's countries, with how many prices were read and the last day."""
    scope = require_permission(user, MonitoringPerm.VIEW_SITUATION)
    markets = scope.filter(Market.objects.select_related("country", "admin_area", "site"))
    markets = where_given(markets, country__iso3=country.upper())
    return markets.annotate(
        price_count=Count("prices"), last_observed=Max("prices__observed_on")
    ).order_by("country__name", "name")


def market_for(*, user: AnyUser, pk: object, write: bool = False) -> Market:
    """A market the user sees (404 otherwise); with `write`, one they may record prices at."""
    return fetch(
        Market.objects.select_related("country", "admin_area", "site"),
        user,
        pk,
        perm=MonitoringPerm.VIEW_SITUATION,
        write=MonitoringPerm.RECORD_PRICES if write else None,
    )


# A price read at a market the user sees (404 otherwise); with `write`, the right they need
# to change it there (MonitoringPerm.RECORD_PRICES).
fetch_price = partial(
    fetch,
    PriceObservation.objects.select_related("market__country", "currency"),
    perm=MonitoringPerm.VIEW_SITUATION,
)


def price_list(*, user: AnyUser, market: Market | None = None) -> QuerySet[PriceObservation]:
    """Prices read at the markets of the user's countries, newest first."""
    scope = require_permission(user, MonitoringPerm.VIEW_SITUATION)
    prices = scope.filter(
        PriceObservation.objects.select_related(
            "market__country", "market__admin_area", "currency", "collected_by"
        )
    )
    prices = where_given(prices, market=market)
    return prices.order_by("-observed_on", "market__name", "commodity", "-pk")


@dataclass
class PriceTrend:
    """The latest readings of one commodity in one unit, price type and currency at a market,
    oldest first, and the change of the last one from the one before."""

    commodity: str
    unit: str
    price_type: str
    currency: str
    points: list[PriceObservation] = field(default_factory=list)

    @property
    def latest(self) -> PriceObservation:
        return self.points[-1]

    @property
    def change(self) -> Decimal | None:
        """Percent change from the reading before, or None with one reading."""
        if len(self.points) < 2:
            return None
        before = self.points[-2].price
        return ((self.latest.price - before) / before * 100).quantize(Decimal("0.1"))

    @property
    def direction(self) -> str:
        change = self.change
        if change is None or change == 0:
            return "flat"
        return "up" if change > 0 else "down"


def price_trends(*, markets: Sequence[Market]) -> dict[int, list[PriceTrend]]:
    """For each market, the trend of each series read in the last year, in one query."""
    since = timezone.localdate() - datetime.timedelta(days=TREND_DAYS)
    rows = (
        PriceObservation.objects.filter(
            market__in=[market.pk for market in markets], observed_on__gte=since
        )
        .select_related("currency")
        .order_by("market", "commodity", "unit", "price_type", "currency", "observed_on", "pk")
    )
    trends: dict[int, dict[tuple[str, str, str, str], PriceTrend]] = {}
    for row in rows:
        key = (row.commodity, row.unit, row.price_type, row.currency.code)
        series = trends.setdefault(row.market_id, {})
        trend = series.get(key)
        if trend is None:
            trend = series[key] = PriceTrend(*key)
        trend.points.append(row)
        del trend.points[:-TREND_POINTS]
    return {pk: list(series.values()) for pk, series in trends.items()}
