"""Forecast pages: thin views that authorise, call one selector or service, and render."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core.access import fetch, has_permission, reaches, require_permission, signed_in
from sunbula.core.exports import Column
from sunbula.core.views import ListPage, filters_refused, paginate, posted, valid_filters
from sunbula.forecasting import selectors, services
from sunbula.forecasting.forms import PROGRAMME_NEEDED, LineFilterForm, RunForm, ThresholdForm
from sunbula.forecasting.models import Forecast
from sunbula.forecasting.permissions import ForecastPerm
from sunbula.forecasting.selectors import RISK_BANDS

FORECAST_COLUMNS: tuple[Column[Forecast], ...] = (
    Column(gettext_lazy("As of"), lambda forecast: forecast.made_on),
    Column(gettext_lazy("Country"), lambda forecast: forecast.country.local_name),
    Column(
        gettext_lazy("Programme"),
        lambda forecast: forecast.programme.local_name if forecast.programme else "",
    ),
    Column(gettext_lazy("Months ahead"), lambda forecast: forecast.horizon),
    Column(gettext_lazy("Run at"), lambda forecast: forecast.created_at),
)


FORECAST_LIST = ListPage("forecasting/forecast_list.html", FORECAST_COLUMNS, stem="forecasts")


@require_GET
def forecast_list(request: HttpRequest) -> HttpResponseBase:
    forecasts = selectors.forecast_list(user=request.user)
    can_run = has_permission(request.user, ForecastPerm.RUN_FORECAST)
    form = (
        RunForm(scope=require_permission(request.user, ForecastPerm.RUN_FORECAST))
        if can_run
        else None
    )
    return FORECAST_LIST.render(request, forecasts, {"run_form": form})


@require_POST
def forecast_run(request: HttpRequest) -> HttpResponse:
    scope = require_permission(request.user, ForecastPerm.RUN_FORECAST)
    form = RunForm(request.POST, scope=scope)
    if form.is_valid() and not reaches(
        request.user,
        ForecastPerm.RUN_FORECAST,
        Forecast(country=form.cleaned_data["country"], programme=form.cleaned_data["programme"]),
    ):
        # A role limited to some programmes forecasts their share, not the whole country's.
        form.add_error("programme", PROGRAMME_NEEDED)
    if not form.is_valid():
        forecasts = selectors.forecast_list(user=request.user)
        return render(
            request,
            "forecasting/forecast_list.html",
            {"run_form": form, "page": paginate(request, forecasts)},
            status=422,
        )
    country, programme = form.cleaned_data["country"], form.cleaned_data["programme"]
    forecast = services.forecast_run(
        actor=signed_in(request.user),
        country=country,
        programme=programme,
        horizon=form.cleaned_data["horizon"],
    )
    messages.success(request, _("Forecast made."))
    return redirect(forecast)


@require_GET
def forecast_detail(request: HttpRequest, pk: int) -> HttpResponse:
    forecast = fetch(
        Forecast.objects.select_related("country", "programme"),
        request.user,
        pk,
        perm=ForecastPerm.VIEW_FORECAST,
    )
    form = LineFilterForm(request.GET, forecast=forecast)
    choice = valid_filters(form)
    commodity = choice.get("commodity")
    lines = selectors.line_list(
        user=request.user,
        forecast=forecast,
        admin_area=choice.get("province"),
        commodity_id=commodity.pk if commodity else None,
    )
    refused = filters_refused(request, form)
    page = paginate(request, lines.none() if refused else lines, 20)
    records = selectors.arrival_records(user=request.user, lines=page)
    rows = [
        (line, selectors.chart(list(line.months.all())), selectors.arrivals_named(line, records))
        for line in page
    ]
    return render(
        request,
        "forecasting/forecast_detail.html",
        {
            "forecast": forecast,
            "form": form,
            "page": page,
            "rows": rows,
            "map": selectors.province_map(user=request.user, forecast=forecast),
            # The edges of the colour bands in percent, as the legend gives them.
            "bands": [edge * 100 for edge in RISK_BANDS],
            "learned": selectors.learned(forecast),
            "left_out": selectors.left_out(forecast),
        },
        status=400 if refused else 200,
    )


@require_http_methods(["GET", "POST"])
def thresholds(request: HttpRequest) -> HttpResponse:
    scope = require_permission(request.user, ForecastPerm.VIEW_FORECAST)
    user = signed_in(request.user)
    form = ThresholdForm(posted(request), scope=scope)
    if request.method == "POST" and form.is_valid():
        percent = form.cleaned_data["probability"]
        services.break_threshold_set(
            actor=user,
            user=user,
            programme=form.cleaned_data["programme"],
            probability=None if percent is None else (percent / 100).quantize(Decimal("0.001")),
        )
        messages.success(request, _("Saved."))
        return redirect("forecasting:thresholds")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "forecasting/thresholds.html",
        {"form": form, "thresholds": selectors.thresholds_of(user=request.user)},
        status=status,
    )
