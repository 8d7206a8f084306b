"""Every write of the forecasting app: keyword-only, typed, atomic, audited."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import reaches
from sunbula.core.audit import audit_record, snapshot, upsert_audited
from sunbula.core.figures import isolated, percent_text
from sunbula.core.models import AdminArea, Country, User
from sunbula.core.notifications import notify
from sunbula.forecasting.inputs import chain_inputs, month_starts
from sunbula.forecasting.model import DRAWS, simulate
from sunbula.forecasting.models import (
    BreakAlertThreshold,
    Forecast,
    ForecastLine,
    ForecastMonth,
)
from sunbula.forecasting.notices import BREAK_NOTICE
from sunbula.forecasting.permissions import ForecastPerm
from sunbula.programmes.models import Programme
from sunbula.supply.models import Commodity

HORIZON = 6
KG = Decimal("0.001")
SHARE = Decimal("0.0001")


def _kg(value: float) -> Decimal:
    return Decimal(str(round(value, 3))).quantize(KG)


def _share(value: float) -> Decimal:
    return Decimal(str(round(value, 4))).quantize(SHARE)


@transaction.atomic
def forecast_run(
    *,
    actor: User | None,
    country: Country,
    programme: Programme | None = None,
    as_of: datetime.date | None = None,
    horizon: int = HORIZON,
    draws: int = DRAWS,
    seed: int = 0,
) -> Forecast:
    """Forecast stock month by month for every commodity and province of the country (or
    the programme's share), store it with its explanation, and tell each officer whose
    threshold a break probability reaches."""
    as_of = as_of or timezone.localdate()
    inputs = chain_inputs(country=country, programme=programme, as_of=as_of, horizon=horizon)
    forecast = Forecast(
        country=country,
        programme=programme,
        made_on=as_of,
        horizon=horizon,
        draws=draws,
        seed=seed,
        explanation={"learned": inputs.learned, "notes": inputs.notes},
        created_by=actor,
    )
    forecast.full_clean()
    forecast.save()
    commodities = Commodity.objects.in_bulk([key[0] for key in inputs.series])
    areas = AdminArea.objects.in_bulk([key[1] for key in inputs.series])
    starts = month_starts(as_of, horizon)
    lines: list[ForecastLine] = []
    months: list[list[ForecastMonth]] = []
    for (commodity, area), series in inputs.series.items():
        result = simulate(series, draws=draws, seed=seed)
        lines.append(
            ForecastLine(
                forecast=forecast,
                commodity=commodities[commodity],
                admin_area=areas[area],
                on_hand=_kg(series.on_hand),
                worst_p_break=_share(result.worst),
                explanation=result.explain(),
            )
        )
        months.append(
            [
                ForecastMonth(
                    month=month.month,
                    starts_on=starts[month.month],
                    need=_kg(month.need),
                    expected_arrivals=_kg(month.expected_arrivals),
                    expected_stock=_kg(month.expected_stock),
                    p_break=_share(month.p_break),
                    naive_break=month.naive_break,
                )
                for month in result.months
            ]
        )
    ForecastLine.objects.bulk_create(lines)
    for line, line_months in zip(lines, months, strict=True):
        for month in line_months:
            month.line = line
    ForecastMonth.objects.bulk_create([month for each in months for month in each])
    audit_record(
        actor=actor,
        action="forecasting.forecast.created",
        obj=forecast,
        after={
            **snapshot(forecast, ("country", "programme", "made_on", "horizon", "draws", "seed")),
            "lines": len(lines),
            "highest_p_break": max((float(line.worst_p_break) for line in lines), default=0.0),
        },
    )
    _alert(forecast)
    return forecast


def _percent_for_the_reader(share: Decimal) -> str:
    # A threshold of 12.5 % reads 12.5 %, a break probability of 0.45 reads 45 %; isolated
    # in right-to-left text, as the notice's other figures are.
    value = (share * 100).normalize()
    text = percent_text(value, places=0 if value == value.to_integral() else 1)
    return isolated(text, html=False) if get_language_bidi() else text


# Written when the notice is, in its recipient's language, not the caller's.
_in_percent = lazy(_percent_for_the_reader, str)


def _alert(forecast: Forecast) -> int:
    """Tell each officer whose threshold a month's break probability reaches, once per
    commodity, province and month (a nightly run does not repeat yesterday's notice)."""
    told = 0
    thresholds = BreakAlertThreshold.objects.select_related("user").filter(user__is_active=True)
    if forecast.programme_id is None:
        thresholds = thresholds.filter(programme__isnull=True)
    else:
        thresholds = thresholds.filter(programme__isnull=True) | thresholds.filter(
            programme=forecast.programme_id
        )
    for threshold in thresholds:
        if not reaches(threshold.user, ForecastPerm.VIEW_FORECAST, forecast):
            continue
        breaking = (
            ForecastMonth.objects.filter(
                line__forecast=forecast, p_break__gte=threshold.probability
            )
            .select_related("line__commodity", "line__admin_area")
            .order_by("-p_break", "month")
        )
        for month in breaking[:20]:
            # One notice per commodity, province and month, whichever run (country-wide or a
            # programme's) found it first.
            key = (
                f"{BREAK_NOTICE}:{forecast.country_id}:{month.line.commodity_id}:"
                f"{month.line.admin_area_id}:{month.starts_on:%Y-%m}"
            )
            notice = notify(
                recipient=threshold.user,
                kind=BREAK_NOTICE,
                subject=_("Pipeline break likely: %(commodity)s in %(province)s"),
                body=_(
                    "The forecast of %(made_on)s gives a %(percent)s chance that the stock of "
                    "%(commodity)s in %(province)s falls short of the need in the month "
                    "starting %(starts_on)s (your threshold: %(threshold)s)."
                ),
                link=reverse_lazy("forecasting:forecast_detail", args=[forecast.pk]),
                params={
                    "commodity": month.line.commodity,
                    "province": month.line.admin_area,
                    "made_on": forecast.made_on,
                    "starts_on": month.starts_on,
                    "percent": _in_percent(month.p_break),
                    "threshold": _in_percent(threshold.probability),
                },
                key=key,
            )
            told += notice is not None
    return told


@transaction.atomic
def break_threshold_set(
    *,
    actor: User,
    user: User,
    programme: Programme | None,
    probability: Decimal | None,
) -> BreakAlertThreshold | None:
    """Set (or, with no probability, remove) the break probability at which `user` is told
    of forecasts of `programme` (None: of every forecast they may see)."""
    if probability is None:
        existing = BreakAlertThreshold.objects.filter(user=user, programme=programme).first()
        if existing is not None:
            audit_record(
                actor=actor,
                action="forecasting.breakalertthreshold.deleted",
                obj=existing,
                before=snapshot(existing, ("user", "programme", "probability")),
            )
            existing.delete()
        return None
    return upsert_audited(
        actor=actor,
        model=BreakAlertThreshold,
        lookup={"user": user, "programme": programme},
        values={"probability": probability},
    )
