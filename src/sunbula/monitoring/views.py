"""Situation pages: thin views that authorise, call one selector or service, and render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core import exports
from sunbula.core.access import (
    AnyUser,
    fetch,
    has_permission,
    reaches,
    require_permission,
    signed_in,
)
from sunbula.core.exports import Column
from sunbula.core.figures import day, number_text
from sunbula.core.forms import ReasonForm
from sunbula.core.views import (
    ListPage,
    form_save,
    import_page,
    list_page,
    paginate,
    parsed_filters,
    posted,
    posted_files,
    save_then_show,
    save_with,
)
from sunbula.monitoring import selectors, services
from sunbula.monitoring.forms import DatasetImportForm, MapForm, MarketForm, PriceForm
from sunbula.monitoring.models import (
    IpcPhase,
    PeriodType,
    PhasePopulation,
    PriceObservation,
    SituationDataset,
)
from sunbula.monitoring.permissions import MonitoringPerm
from sunbula.monitoring.selectors import P3PLUS_BANDS

# What each list page downloads: the columns it shows, in the same words.
DATASET_COLUMNS: tuple[Column[SituationDataset], ...] = (
    Column(gettext_lazy("Analysis"), lambda dataset: dataset.local_name),
    Column(gettext_lazy("Country"), lambda dataset: dataset.country.local_name),
    Column(gettext_lazy("Classification"), exports.label(SituationDataset, "classification")),
    Column(gettext_lazy("Published on"), lambda dataset: dataset.published_on),
    Column(gettext_lazy("Areas and periods"), lambda dataset: getattr(dataset, "row_count", None)),
)
PHASE_COLUMNS: tuple[Column[PhasePopulation], ...] = (
    Column(
        gettext_lazy("Admin area"),
        lambda row: f"{row.admin_area.local_name} {row.admin_area.p_code}",
    ),
    Column(gettext_lazy("Period"), exports.label(PhasePopulation, "period_type")),
    Column(gettext_lazy("From"), lambda row: row.period_start),
    Column(gettext_lazy("To"), lambda row: row.period_end),
    Column(gettext_lazy("Population analysed"), lambda row: row.analysed),
    Column(gettext_lazy("Phase 1"), lambda row: row.phase1),
    Column(gettext_lazy("Phase 2"), lambda row: row.phase2),
    Column(gettext_lazy("Phase 3"), lambda row: row.phase3),
    Column(gettext_lazy("Phase 4"), lambda row: row.phase4),
    Column(gettext_lazy("Phase 5"), lambda row: row.phase5),
    Column(gettext_lazy("Phase 3+"), lambda row: row.phase3plus),
    Column(gettext_lazy("Area phase"), lambda row: row.area_phase),
)


DATASET_LIST = ListPage("monitoring/dataset_list.html", DATASET_COLUMNS, stem="situation-datasets")


@require_GET
def dataset_list(request: HttpRequest) -> HttpResponseBase:
    datasets = selectors.dataset_list(user=request.user)
    can_import = has_permission(request.user, MonitoringPerm.IMPORT_SITUATION)
    return DATASET_LIST.render(request, datasets, {"can_import": can_import})


def _dataset(request: HttpRequest, pk: int) -> SituationDataset:
    """A situation dataset in a country the user may read situation data in."""
    return fetch(
        SituationDataset.objects.select_related("country"),
        request.user,
        pk,
        perm=MonitoringPerm.VIEW_SITUATION,
    )


@require_GET
def dataset_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    dataset = _dataset(request, pk)
    rows = selectors.phase_population_list(user=request.user, dataset=dataset)
    can_remove = reaches(request.user, MonitoringPerm.IMPORT_SITUATION, dataset)
    return list_page(
        request,
        rows,
        "monitoring/dataset_detail.html",
        {"dataset": dataset, "can_remove": can_remove},
        columns=PHASE_COLUMNS,
        stem=f"dataset-{dataset.pk}",
        per_page=50,
    )


@require_POST
def dataset_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an analysis imported by mistake, with its rows."""
    dataset = fetch(
        SituationDataset.objects.all(),
        request.user,
        pk,
        perm=MonitoringPerm.VIEW_SITUATION,
        write=MonitoringPerm.IMPORT_SITUATION,
    )
    name = dataset.local_name
    services.situation_dataset_remove(actor=signed_in(request.user), dataset=dataset)
    messages.success(request, _("“%(name)s” was removed with its rows.") % {"name": name})
    return redirect("monitoring:dataset_list")


@require_http_methods(["GET", "POST"])
def dataset_import(request: HttpRequest) -> HttpResponse:
    scope = require_permission(request.user, MonitoringPerm.IMPORT_SITUATION)
    form = DatasetImportForm(
        posted(request),
        posted_files(request),
        scope=scope,
    )

    def read(values: dict[str, Any]) -> tuple[str, SituationDataset]:
        if not scope.covers_country(values["country"].pk):
            raise PermissionDenied
        result = services.situation_dataset_import(
            actor=signed_in(request.user),
            country=values["country"],
            name=values["name"],
            classification=values["classification"],
            source=values["source"],
            published_on=values["published_on"],
            period_type=values["period_type"],
            content=values["file"],
        )
        done = ngettext(
            "%(rows)s row read: %(created)s new, %(updated)s changed.",
            "%(rows)s rows read: %(created)s new, %(updated)s changed.",
            result.rows,
        ) % {
            "rows": number_text(result.rows),
            "created": number_text(result.created),
            "updated": number_text(result.updated),
        }
        return done, result.dataset

    return import_page(request, form, read, "monitoring/dataset_import.html")


@require_GET
def dataset_map(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = _dataset(request, pk)
    form = MapForm(request.GET)
    choice = parsed_filters(form)
    area_map = selectors.area_map(
        user=request.user,
        dataset=dataset,
        period_type=choice.get("period_type") or PeriodType.CURRENT,
        measure=choice.get("measure") or "phase",
    )
    return render(
        request,
        "monitoring/dataset_map.html",
        {
            "dataset": dataset,
            "form": form,
            "map": area_map,
            "phases": IpcPhase.choices,
            "bands": P3PLUS_BANDS,
        },
    )


# Markets and prices

# The download of prices: the page's words as headers, WFP's HXL hashtags under them.
PRICE_COLUMNS: tuple[tuple[Column[PriceObservation], str], ...] = (
    (Column(gettext_lazy("Observed on"), lambda row: row.observed_on), "#date"),
    (Column(gettext_lazy("Country"), lambda row: row.market.country.iso3), "#country+code"),
    (
        Column(
            gettext_lazy("Admin area"),
            lambda row: row.market.admin_area.local_name if row.market.admin_area else "",
        ),
        "#adm1+name",
    ),
    (
        Column(
            gettext_lazy("P-code"),
            lambda row: row.market.admin_area.p_code if row.market.admin_area else "",
        ),
        "#adm1+code",
    ),
    (Column(gettext_lazy("Market"), lambda row: row.market.name), "#loc+market+name"),
    (
        Column(gettext_lazy("Commodity category"), exports.label(PriceObservation, "category")),
        "#item+type",
    ),
    (Column(gettext_lazy("Commodity"), lambda row: row.commodity), "#item+name"),
    (Column(gettext_lazy("Unit"), lambda row: row.unit), "#item+unit"),
    (
        Column(gettext_lazy("Price type"), exports.label(PriceObservation, "price_type")),
        "#item+price+type",
    ),
    (Column(gettext_lazy("Currency"), lambda row: row.currency.code), "#currency"),
    (Column(gettext_lazy("Price"), lambda row: Decimal(row.price_text)), "#value"),
    (Column(gettext_lazy("Price in USD"), lambda row: row.price_usd), "#value+usd"),
    (Column(gettext_lazy("Source submission"), lambda row: row.source), "#meta+id"),
)


def _prices_download(request: HttpRequest, prices: object, stem: str) -> HttpResponseBase:
    return exports.download(
        request,
        prices,  # type: ignore[arg-type]
        [column for column, _tag in PRICE_COLUMNS],
        stem=stem,
        tags=[tag for _column, tag in PRICE_COLUMNS],
    )


def _can_record(user: AnyUser) -> bool:
    return has_permission(user, MonitoringPerm.RECORD_PRICES)


@require_GET
def market_list(request: HttpRequest) -> HttpResponseBase:
    """The markets with the latest price of each commodity and its trend; the download holds
    every price read at them, HXL-tagged."""
    if exports.requested(request):
        return _prices_download(request, selectors.price_list(user=request.user), "prices")
    page = paginate(request, selectors.market_list(user=request.user))
    trends = selectors.price_trends(markets=list(page))
    return render(
        request,
        "monitoring/market_list.html",
        {
            "page": page,
            "rows": [(market, trends.get(market.pk, [])) for market in page],
            "can_record": _can_record(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def market_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in(request.user)
    scope = require_permission(actor, MonitoringPerm.RECORD_PRICES)
    form = MarketForm(posted(request), scope=scope)
    return form_save(
        request,
        form,
        lambda values: services.market_create(actor=actor, **values),
        "core/record_form.html",
        {"title": _("Add a market")},
    )


@require_http_methods(["GET", "POST"])
def market_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a market, or place it in another area or at another site of its country."""
    actor = signed_in(request.user)
    market = selectors.market_for(user=actor, pk=pk, write=True)
    scope = require_permission(actor, MonitoringPerm.RECORD_PRICES)
    form = MarketForm(posted(request), scope=scope, market=market)
    return form_save(
        request,
        form,
        save_with(services.market_update, actor=actor, market=market),
        "core/record_form.html",
        {"title": _("Edit the market %(market)s") % {"market": market.name}},
    )


@require_GET
def market_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    market = selectors.market_for(user=request.user, pk=pk)
    prices = selectors.price_list(user=request.user, market=market)
    can_record = reaches(request.user, MonitoringPerm.RECORD_PRICES, market)
    if exports.requested(request):
        return _prices_download(request, prices, f"prices-market-{market.pk}")
    return render(
        request,
        "monitoring/market_detail.html",
        {
            "market": market,
            "page": paginate(request, prices, 50),
            "trends": selectors.price_trends(markets=[market]).get(market.pk, []),
            "form": PriceForm() if can_record else None,
            "can_record": can_record,
        },
    )


@require_http_methods(["GET", "POST"])
def price_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a price read at the market by hand, as a field form would."""
    actor = signed_in(request.user)
    market = selectors.market_for(user=actor, pk=pk, write=True)

    return form_save(
        request,
        PriceForm(posted(request)),
        save_then_show(market, services.price_record, actor=actor, market=market),
        "core/record_form.html",
        {"title": _("Record a price at %(market)s") % {"market": market.name}},
        success=_("Price recorded."),
    )


@require_http_methods(["GET", "POST"])
def price_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a price read or typed in error, saying why."""
    actor = signed_in(request.user)
    price = selectors.fetch_price(actor, pk, write=MonitoringPerm.RECORD_PRICES)
    market = price.market
    return form_save(
        request,
        ReasonForm(posted(request)),
        save_then_show(market, services.price_remove, actor=actor, price=price),
        "core/validated_form.html",
        {
            "title": _("Remove the price of %(commodity)s read on %(date)s")
            % {"commodity": price.commodity, "date": day(price.observed_on, html=False)},
            "intro": _(
                "A price read or typed in error is removed from the market's prices and "
                "trend; the audit log keeps it and your reason."
            ),
            "submit": _("Remove the price"),
        },
        success=_("Price removed."),
    )
