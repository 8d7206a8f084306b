"""Every read of stored forecasts a page, the API or the nightly run needs, scoped to the user."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.assistance.models import Cycle
from sunbula.core.access import AnyUser, require_permission, signed_in
from sunbula.core.addresses import record_url
from sunbula.core.figures import date_text, number_text, percent, percent_text
from sunbula.core.maps import DrawnMap, Shade, choropleth, province_layer
from sunbula.core.models import AdminArea, Country
from sunbula.core.selectors import where_given
from sunbula.forecasting.models import BreakAlertThreshold, Forecast, ForecastLine, ForecastMonth
from sunbula.forecasting.permissions import ForecastPerm
from sunbula.funding.models import Pledge
from sunbula.funding.permissions import FundingPerm
from sunbula.programmes.models import Programme
from sunbula.supply.models import StockBalance, Waybill
from sunbula.supply.permissions import SupplyPerm

# Edges of the colour bands of break probability, on the map and the charts.
RISK_BANDS = (Decimal("0.05"), Decimal("0.2"), Decimal("0.5"), Decimal("0.8"))


def risk_band(p_break: Decimal) -> int:
    return sum(1 for edge in RISK_BANDS if p_break >= edge)


def forecast_targets() -> list[tuple[Country, Programme | None]]:
    """What the nightly run forecasts: each country with stock or a cycle not yet over, and
    each programme with a cycle not yet over there."""
    today = timezone.localdate()
    pairs = set(
        Cycle.objects.filter(period_end__gte=today).values_list("country", "project__programme")
    )
    countries = set(
        StockBalance.objects.filter(quantity__gt=0).values_list("site__country", flat=True)
    ) | {country for country, _programme in pairs}
    by_id = Country.objects.in_bulk(countries)
    programmes = Programme.objects.in_bulk([programme for _country, programme in pairs])
    targets: list[tuple[Country, Programme | None]] = [
        (by_id[country], None) for country in sorted(countries)
    ]
    targets.extend((by_id[country], programmes[programme]) for country, programme in sorted(pairs))
    return targets


def forecast_list(
    *, user: AnyUser, country: Country | None = None, programme: Programme | None = None
) -> QuerySet[Forecast]:
    scope = require_permission(user, ForecastPerm.VIEW_FORECAST)
    forecasts = scope.filter(Forecast.objects.select_related("country", "programme", "created_by"))
    forecasts = where_given(forecasts, country=country, programme=programme)
    return forecasts.order_by("-created_at", "-pk")


def line_list(
    *,
    user: AnyUser,
    forecast: Forecast,
    admin_area: AdminArea | None = None,
    commodity_id: int | None = None,
) -> QuerySet[ForecastLine]:
    """The forecast's lines, riskiest first, each with its months."""
    scope = require_permission(user, ForecastPerm.VIEW_FORECAST)
    lines = scope.filter(
        ForecastLine.objects.filter(forecast=forecast)
        .select_related("commodity", "admin_area")
        .prefetch_related(Prefetch("months", ForecastMonth.objects.order_by("month")))
    )
    lines = where_given(lines, admin_area=admin_area, commodity_id=commodity_id)
    return lines.order_by("-worst_p_break", "admin_area__p_code", "commodity__code")


# The kind of record an arrival's reference names, by the arrival's source: a commitment's
# arrival carries the reference of its pledge.
NAMED_BY_SOURCE = {"waybill": "waybill", "commitment": "pledge", "pledge": "pledge"}
RECORD_PAGES = {"waybill": "supply:waybill_detail", "pledge": "funding:pledge_detail"}


@dataclass(frozen=True)
class NamedRecord:
    """A waybill or pledge that an arrival names and the reader may see."""

    kind: str  # "waybill" or "pledge"
    pk: int

    @property
    def page_url(self) -> str:
        return record_url(RECORD_PAGES[self.kind], self.pk)


NamedRecords = Mapping[tuple[str, str], NamedRecord]


def arrival_records(*, user: AnyUser, lines: Iterable[ForecastLine]) -> NamedRecords:
    """The waybills and pledges named by the arrivals of `lines` that the user may see, by
    kind and reference, read in one query; a reference outside the user's scope, or one that
    names nothing (any more), is not among them."""
    named: dict[str, set[str]] = {kind: set() for kind in RECORD_PAGES}
    for line in lines:
        for arrival in line.explanation.get("arrivals", []):
            kind = NAMED_BY_SOURCE.get(arrival.get("source", ""))
            if kind is not None:
                named[kind].add(str(arrival.get("reference", "")))
    if not any(named.values()):
        return {}
    waybills = (
        Waybill.objects.visible_to(user, SupplyPerm.VIEW_STOCK)
        .filter(number__in=named["waybill"])
        .order_by()
        .values_list(Value("waybill"), "number", "pk")
    )
    pledges = (
        Pledge.objects.visible_to(user, FundingPerm.VIEW_FUNDING)
        .filter(reference__in=named["pledge"])
        .order_by()
        .values_list(Value("pledge"), "reference", "pk")
    )
    return {
        (kind, reference): NamedRecord(kind, pk)
        for kind, reference, pk in waybills.union(pledges, all=True)
    }


def arrivals_named(
    line: ForecastLine, records: NamedRecords
) -> list[tuple[dict[str, Any], NamedRecord | None]]:
    """Each arrival of the line with the record it names, if the reader may see it."""
    return [
        (
            arrival,
            records.get(
                (NAMED_BY_SOURCE.get(arrival.get("source", ""), ""), arrival.get("reference"))
            ),
        )
        for arrival in line.explanation.get("arrivals", [])
    ]


@dataclass(frozen=True)
class Learned:
    """One thing the forecast learned from the chain: an average delay in days or a share
    lost in percent, how many records it came from, and whether they were too few, so that
    the default stood in for them."""

    days: float | None
    percent: float | None
    observations: int
    defaulted: bool


def learned(forecast: Forecast) -> dict[str, Learned]:
    """What the forecast learned of transit, losses and deliveries, by what it is of
    (`transit`, `loss`, `delivery_after_commitment`, `delivery_after_pledge`)."""
    found: dict[str, dict[str, Any]] = forecast.explanation.get("learned", {})
    return {
        key: Learned(
            item.get("mean_days"),
            None if item.get("mean_rate") is None else float(item["mean_rate"]) * 100,
            int(item.get("observations", 0)),
            bool(item.get("defaulted")),
        )
        for key, item in found.items()
        if isinstance(item, dict) and "observations" in item
    }


def left_out(forecast: Forecast) -> list[str]:
    """What the forecast could not count and why, in the reader's words (a note of a
    forecast stored before notes had kinds is given as it was written)."""
    said = []
    for note in forecast.explanation.get("notes", []):
        if not isinstance(note, dict):
            said.append(str(note))
        elif note.get("kind") == "sites_without_province":
            said.append(
                _(
                    "Stock at %(sites)s sites without a province is not counted: give each "
                    "site its administrative area."
                )
                % {"sites": number_text(note.get("sites", 0))}
            )
        elif note.get("kind") == "entitled_without_province":
            said.append(
                _(
                    "%(kg)s kg entitled to beneficiaries without a province is not counted as "
                    "a need."
                )
                % {"kg": number_text(note.get("kg", 0))}
            )
        elif note.get("kind") == "pledge_not_recognised":
            said.append(
                _(
                    "Pledge %(pledge)s is not counted: its commodity or unit is not one "
                    "Sunbula knows."
                )
                % {"pledge": note.get("pledge", "")}
            )
    return said


def thresholds_of(*, user: AnyUser) -> QuerySet[BreakAlertThreshold]:
    require_permission(user, ForecastPerm.VIEW_FORECAST)
    return BreakAlertThreshold.objects.filter(user=signed_in(user)).select_related("programme")


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    need_y: int
    band: int
    month: ForecastMonth

    @property
    def title(self) -> str:
        """What the bar shows, as plain text for the chart's tooltip (no markup in SVG)."""
        month = self.month
        return _(
            "From %(start)s: need %(need)s kg, arrivals %(arrivals)s kg, stock left "
            "%(stock)s kg, break probability %(p)s"
        ) % {
            "start": date_text(month.starts_on),
            "need": number_text(month.need, places=0),
            "arrivals": number_text(month.expected_arrivals, places=0),
            "stock": number_text(month.expected_stock, places=0),
            "p": percent_text(month.p_break * 100, places=1),
        }


@dataclass(frozen=True)
class Chart:
    """A small bar chart of one line: expected stock at each month's end (bar, coloured by
    break probability) against the month's need (tick)."""

    bars: list[Bar]
    width: int
    height: int
    bar_width: int


CHART_HEIGHT = 40
SLOT = 24


def chart(months: Sequence[ForecastMonth]) -> Chart:
    top = max([max(m.expected_stock, m.need) for m in months] or [Decimal(1)]) or Decimal(1)

    def y(value: Decimal) -> int:
        return CHART_HEIGHT - int(value / top * (CHART_HEIGHT - 2))

    bars = [
        Bar(
            x=index * SLOT + 2,
            y=y(month.expected_stock),
            height=CHART_HEIGHT - y(month.expected_stock),
            need_y=y(month.need),
            band=risk_band(month.p_break),
            month=month,
        )
        for index, month in enumerate(months)
    ]
    return Chart(bars, max(len(bars), 1) * SLOT, CHART_HEIGHT, SLOT - 6)


@dataclass(frozen=True)
class ProvinceMap:
    drawn: DrawnMap
    # The provinces with lines and their highest break probability in percent, for the table.
    worst: list[tuple[AdminArea, Decimal]]


def province_map(*, user: AnyUser, forecast: Forecast) -> ProvinceMap | None:
    """The country's provinces, each coloured by the highest break probability of its lines;
    None where Sunbula has no boundaries for the country."""
    layer = province_layer(forecast.country.iso3)
    if layer is None:
        return None
    worst: dict[int, Decimal] = {}
    for area_id, worst_p_break in line_list(user=user, forecast=forecast).values_list(
        "admin_area", "worst_p_break"
    ):
        worst[area_id] = max(worst.get(area_id, Decimal(0)), worst_p_break)
    shades = []
    figures = []
    for area in AdminArea.objects.filter(country=forecast.country_id, level=1).order_by("p_code"):
        p_break = worst.get(area.pk)
        if p_break is None:
            shades.append(Shade(area.p_code, area.local_name, "no-data"))
        else:
            title = f"{area.local_name}: {percent(p_break * 100, html=False)}"
            shades.append(Shade(area.p_code, title, f"band-{risk_band(p_break)}"))
            figures.append((area, p_break * 100))
    if not shades:
        return None
    drawn = choropleth(layer, _("Highest break probability by province"), shades)
    return ProvinceMap(drawn, figures)
