"""Every read of stock: balances, stock cards, expiry alerts, losses, waybills and the
pipeline of a pledge; each authorised and narrowed to the countries of the sites."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext

from sunbula.core.access import AnyUser, has_permission, require_permission
from sunbula.core.models import Country, Site
from sunbula.core.multilingual import localized
from sunbula.core.reasons import said
from sunbula.core.selectors import matching, name_matching, where_given
from sunbula.funding.commodities import commodity_names
from sunbula.funding.models import Commitment, ContributionType, Payment, Pledge
from sunbula.programmes.models import Project
from sunbula.supply.models import (
    Commodity,
    ExpiryWriteOff,
    GoodsReceipt,
    LossCause,
    LossStage,
    Lot,
    MovementKind,
    PurchaseOrder,
    StockBalance,
    StockCount,
    StockCountLine,
    StockMovement,
    StockSite,
    Waybill,
)
from sunbula.supply.permissions import SupplyPerm
from sunbula.supply.services import KG_PER_UNIT

ZERO = Decimal(0)


def commodity_list(*, user: AnyUser, search: str = "", category: str = "") -> QuerySet[Commodity]:
    """Commodities (reference data every role reads), by English or translated name or code."""
    require_permission(user, SupplyPerm.VIEW_STOCK)
    commodities = name_matching(Commodity.objects.all(), search, "code__icontains")
    return where_given(commodities, category=category).order_by("name", "pk")


def stock_site_list(
    *,
    user: AnyUser,
    search: str = "",
    active: bool | None = None,
    permission: str = SupplyPerm.VIEW_STOCK,
) -> QuerySet[StockSite]:
    """Stock-keeping sites in the user's countries, by site name."""
    sites = StockSite.objects.visible_to(user, permission).select_related(
        "site__country", "site__admin_area"
    )
    require_permission(user, permission)
    sites = name_matching(sites, search, name="site__name")
    return where_given(sites, is_active=active).order_by("site__name", "pk")


def sites_without_stock(*, user: AnyUser, permission: str) -> QuerySet[Site]:
    """Sites in the countries where the user holds `permission` that keep no stock yet."""
    scope = require_permission(user, permission)
    return scope.filter(Site.objects.filter(stock_keeping__isnull=True)).order_by("name")


def purchase_order_list(
    *, user: AnyUser, search: str = "", status: str = "", commodity_id: int | None = None
) -> QuerySet[PurchaseOrder]:
    """Purchase orders on the money of the user's countries, newest first."""
    require_permission(user, SupplyPerm.VIEW_STOCK)
    orders = PurchaseOrder.objects.visible_to(user, SupplyPerm.VIEW_STOCK).select_related(
        "supplier", "commodity", "currency", "commitment__pledge"
    )
    orders = matching(
        orders,
        search,
        "reference__icontains",
        "supplier__name__icontains",
        "supplier__acronym__icontains",
        "commitment__pledge__reference__icontains",
    )
    orders = where_given(orders, status=status)
    if commodity_id:
        orders = orders.filter(commodity_id=commodity_id)
    return orders.annotate(received=Sum("receipts__quantity")).order_by("-ordered_on", "-pk")


def purchase_receipts(*, user: AnyUser, order: PurchaseOrder) -> list[GoodsReceipt]:
    """What arrived of `order`, each with its lot and site."""
    require_permission(user, SupplyPerm.VIEW_STOCK)
    return list(order.receipts.select_related("site", "lot").order_by("received_on", "pk"))


def received_so_far(order: PurchaseOrder) -> Decimal:
    """What has arrived of `order`, in the order's unit."""
    total: Decimal | None = order.receipts.aggregate(total=Sum("quantity"))["total"]
    return total or ZERO


def purchase_commitments(*, user: AnyUser, permission: str) -> QuerySet[Commitment]:
    """Commitments of financial pledges an order may be paid from, in the user's scope."""
    require_permission(user, permission)
    return (
        Commitment.objects.visible_to(user, permission)
        .filter(pledge__contribution_type=ContributionType.FINANCIAL)
        .select_related("pledge")
        .order_by("-committed_on", "pk")
    )


def purchase_payments(*, user: AnyUser, permission: str) -> QuerySet[Payment]:
    """Payments of financial pledges an order may be paid from, in the user's scope."""
    require_permission(user, permission)
    return (
        Payment.objects.visible_to(user, permission)
        .filter(commitment__pledge__contribution_type=ContributionType.FINANCIAL)
        .select_related("commitment__pledge")
        .order_by("-paid_on", "pk")
    )


@dataclass(frozen=True)
class LotChain:
    """Where a lot came from and where it went: its receipt, its waybills, its balances."""

    receipt: GoodsReceipt | None
    received_at: Site | None
    waybills: list[Waybill]
    balances: list[StockBalance]


def lot_chain(*, user: AnyUser, lot: Lot) -> LotChain:
    """The neighbours of `lot` in the chain that the user may see."""
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    receipt = (
        GoodsReceipt.objects.select_related("order__commitment__pledge", "order__payment", "site")
        .filter(lot=lot)
        .first()
    )
    received = (
        StockMovement.objects.filter(lot=lot, kind=MovementKind.RECEIPT)
        .select_related("site")
        .first()
    )
    waybills = list(
        scope.filter(Waybill.objects.select_related("origin", "destination"))
        .filter(lines__lot=lot)
        .distinct()
        .order_by("-dispatched_on", "number")
    )
    # Every stock card of the lot, those run down to nothing too: their movements stay.
    balances = list(
        scope.filter(StockBalance.objects.select_related("site"), "site__country")
        .filter(lot=lot)
        .order_by("site__name")
    )
    return LotChain(
        receipt=receipt,
        received_at=received.site if received else None,
        waybills=waybills,
        balances=balances,
    )


def lot_list(
    *,
    user: AnyUser,
    search: str = "",
    commodity: Commodity | None = None,
    provenance: str = "",
    country: Country | None = None,
    pledge: Pledge | None = None,
    project: Project | None = None,
) -> QuerySet[Lot]:
    """Lots in the user's scope, last received first: those whose reference, batch, donor or
    pledge takes the search text, of `commodity` and `provenance`, received in `country`,
    given to `pledge` or to `project`'s pledges; each with what is on hand of it at every
    site (`on_hand`)."""
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    lots = scope.filter(Lot.objects.select_related("commodity", "donor", "country", "pledge"))
    lots = matching(
        lots,
        search,
        "reference__icontains",
        "batch__icontains",
        "donor__name__icontains",
        "pledge__reference__icontains",
    )
    lots = where_given(
        lots,
        commodity=commodity,
        provenance=provenance,
        country=country,
        pledge=pledge,
        pledge__project=project,
    )
    on_hand = (
        StockBalance.objects.filter(lot=OuterRef("pk"))
        .order_by()
        .values("lot")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    return lots.annotate(on_hand=Coalesce(Subquery(on_hand), ZERO)).order_by(
        "-received_on", "reference"
    )


def balance_list(
    *, user: AnyUser, site_id: int | None = None, commodity_id: int | None = None
) -> QuerySet[StockBalance]:
    """Balances with stock on hand, in the user's countries."""
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    balances = scope.filter(
        StockBalance.objects.select_related("site", "lot__commodity").filter(quantity__gt=0),
        "site__country",
    )
    if site_id:
        balances = balances.filter(site_id=site_id)
    if commodity_id:
        balances = balances.filter(lot__commodity_id=commodity_id)
    return balances.order_by("site__name", "lot__commodity__name", "lot__reference")


def stock_by_site_and_commodity(*, user: AnyUser) -> list[dict[str, Any]]:
    """One row per site and commodity: quantity on hand and the number of lots."""
    rows = (
        balance_list(user=user)
        .values(
            "site_id",
            "site__name",
            "site__name_translations",
            "lot__commodity_id",
            "lot__commodity__name",
            "lot__commodity__name_translations",
            "lot__commodity__base_unit",
        )
        .annotate(on_hand=Sum("quantity"), lots=Count("lot"))
        .order_by("site__name", "lot__commodity__name")
    )
    return [
        {
            **row,
            "site": localized(row["site__name"], row["site__name_translations"]),
            "commodity": localized(
                row["lot__commodity__name"], row["lot__commodity__name_translations"]
            ),
        }
        for row in rows
    ]


def movement_list(*, user: AnyUser) -> QuerySet[StockMovement]:
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    return scope.filter(
        StockMovement.objects.select_related("site", "lot__commodity", "actor"), "site__country"
    ).order_by("-occurred_at", "-pk")


@dataclass
class CardLine:
    movement: StockMovement
    quantity_in: Decimal
    quantity_out: Decimal
    balance: Decimal
    reason: str


def movement_reason(movement: StockMovement) -> str:
    """Why stock moved, in the reader's language where the movement's kind and its waybill
    say it; otherwise the reason as written (by a person, or by the domain that moved it)."""
    line = movement.waybill_line
    if line is not None and movement.kind == MovementKind.DISPATCH:
        return gettext("Dispatched to %(site)s") % {"site": line.waybill.destination.local_name}
    if line is not None and movement.kind == MovementKind.TRANSFER_IN:
        return gettext("Received from %(site)s") % {"site": line.waybill.origin.local_name}
    if line is not None and movement.kind == MovementKind.LOSS and movement.loss_cause:
        return str(movement.get_loss_cause_display())
    if movement.kind == MovementKind.RECEIPT:
        return gettext("Goods received")
    return said(movement.reason)


def stock_card(*, user: AnyUser, balance: StockBalance) -> list[CardLine]:
    """The movements of one lot at one site, in order, with the running balance."""
    require_permission(user, SupplyPerm.VIEW_STOCK)
    running = ZERO
    lines = []
    for movement in (
        StockMovement.objects.filter(site=balance.site, lot=balance.lot)
        .select_related(
            "actor", "waybill_line__waybill__origin", "waybill_line__waybill__destination"
        )
        .order_by("occurred_at", "pk")
    ):
        running += movement.quantity
        lines.append(
            CardLine(
                movement=movement,
                quantity_in=max(movement.quantity, ZERO),
                quantity_out=max(-movement.quantity, ZERO),
                balance=running,
                reason=movement_reason(movement),
            )
        )
    return lines


def expiring_balances(
    *, user: AnyUser, today: datetime.date, within_days: int | None = None
) -> QuerySet[StockBalance]:
    """Stock on hand that expires within `within_days` (by default the days the expiry
    notices look ahead, STOCK_EXPIRY_NOTICE_DAYS) or has expired, soonest first."""
    if within_days is None:
        within_days = settings.STOCK_EXPIRY_NOTICE_DAYS
    horizon = today + datetime.timedelta(days=within_days)
    return (
        balance_list(user=user)
        .filter(lot__expires_on__isnull=False, lot__expires_on__lte=horizon)
        .order_by("lot__expires_on", "site__name")
    )


def loss_movements(*, user: AnyUser) -> QuerySet[StockMovement]:
    return movement_list(user=user).filter(kind=MovementKind.LOSS)


def losses_by(*, user: AnyUser, dimension: str) -> list[dict[str, Any]]:
    """Kilograms lost grouped by cause, stage, route (origin → destination) or partner."""
    fields = {
        "cause": ["loss_cause"],
        "stage": ["loss_stage"],
        "route": [
            "waybill_line__waybill__origin__name",
            "waybill_line__waybill__destination__name",
        ],
        "partner": ["waybill_line__waybill__transporter__name"],
    }[dimension]
    translations = [f"{name}_translations" for name in fields if name.endswith("__name")]
    rows = list(
        loss_movements(user=user)
        .values(*fields, *translations)
        .annotate(lost=-Sum("quantity"))
        .order_by(*fields)
    )
    for row in rows:
        row["label"] = _loss_row_label(dimension, row, fields)
    return rows


def _loss_row_label(dimension: str, row: dict[str, Any], fields: list[str]) -> str:
    """The row's name as a reader says it: the translated cause or stage, the route, the partner
    (sites and organisations by their names in the reader's language)."""
    value = row[fields[0]]
    if dimension == "cause":
        return str(LossCause(value).label) if value else gettext("Not recorded")
    if dimension == "stage":
        return str(LossStage(value).label) if value else gettext("Not recorded")
    named = [localized(row[name], row[f"{name}_translations"]) for name in fields if row[name]]
    if not named:
        return gettext("Not recorded")
    return " → ".join(named)


def flagged_losses(*, user: AnyUser) -> QuerySet[Any]:
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    from sunbula.supply.models import WaybillLine

    return (
        WaybillLine.objects.select_related("waybill", "lot")
        .filter(loss_flagged=True, loss_approved_by__isnull=True)
        .filter(scope.q(WaybillLine))
        .order_by("waybill__number", "pk")
    )


def waybill_list(
    *, user: AnyUser, search: str = "", status: str = "", site: Site | None = None
) -> QuerySet[Waybill]:
    """Waybills from or to the user's countries, last dispatched first: those whose number,
    vehicle or sites take the search text, in `status`, from or to `site`."""
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    waybills = scope.filter(Waybill.objects.select_related("origin", "destination", "transporter"))
    waybills = matching(
        waybills,
        search,
        "number__icontains",
        "vehicle__icontains",
        "origin__name__icontains",
        "destination__name__icontains",
    )
    waybills = where_given(waybills, status=status)
    if site is not None:
        waybills = waybills.filter(Q(origin=site) | Q(destination=site))
    return waybills.annotate(
        total=Sum("lines__quantity"),
        packages=Sum("lines__packages"),
        # The unit of the quantity, when every line counts in the same one.
        unit=Max("lines__lot__commodity__base_unit"),
        units=Count("lines__lot__commodity__base_unit", distinct=True),
    ).order_by("-dispatched_on", "number")


def waybill_lines(*, user: AnyUser, waybill: Waybill) -> list[Any]:
    require_permission(user, SupplyPerm.VIEW_STOCK)
    return list(waybill.lines.select_related("lot__commodity", "loss_approved_by").order_by("pk"))


def stock_count_list(*, user: AnyUser) -> QuerySet[StockCount]:
    """Counts with what was counted of each lot against the book, for whoever approves them."""
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    lines = StockCountLine.objects.select_related("lot__commodity").order_by("pk")
    counts = StockCount.objects.select_related("site").prefetch_related(Prefetch("lines", lines))
    return scope.filter(counts, "site__country")


@dataclass(frozen=True)
class SiteStock:
    """What lies at one site, in the unit of the figures around it."""

    site_id: int
    site: str
    quantity: Decimal


@dataclass
class Pipeline:
    """Where the kilograms of a contribution are: they add up to what was received."""

    pledged: Decimal = ZERO
    received: Decimal = ZERO
    in_stock: Decimal = ZERO
    in_stock_by_site: list[SiteStock] = field(default_factory=list)
    dispatched: Decimal = ZERO
    in_transit: Decimal = ZERO
    delivered: Decimal = ZERO
    distributed: Decimal = ZERO
    lost: Decimal = ZERO
    adjusted: Decimal = ZERO

    @property
    def accounted(self) -> Decimal:
        """In stock, on the road, handed out or lost: equals received plus adjustments."""
        return self.in_stock + self.in_transit + self.distributed + self.lost


def _sum(movements: QuerySet[StockMovement], kind: str) -> Decimal:
    total: Decimal | None = movements.filter(kind=kind).aggregate(total=Sum("quantity"))["total"]
    return total or ZERO


def pipeline_for_lots(lots: QuerySet[Lot]) -> Pipeline:
    """The pipeline of any set of lots, from their movements and waybill lines."""
    from sunbula.supply.models import WaybillLine

    movements = StockMovement.objects.filter(lot__in=lots)
    lines = WaybillLine.objects.filter(lot__in=lots)
    by_site = (
        StockBalance.objects.filter(lot__in=lots, quantity__gt=0)
        .values("site_id", "site__name", "site__name_translations")
        .annotate(on_hand=Sum("quantity"))
        .order_by("site__name")
    )
    in_transit = lines.filter(waybill__status=Waybill.Status.DISPATCHED).aggregate(
        total=Sum("quantity")
    )["total"]
    delivered = lines.filter(received_quantity__isnull=False).aggregate(
        total=Sum("received_quantity")
    )["total"]
    pipeline = Pipeline(
        received=_sum(movements, MovementKind.RECEIPT),
        in_stock_by_site=[
            SiteStock(
                row["site_id"],
                localized(row["site__name"], row["site__name_translations"]),
                row["on_hand"],
            )
            for row in by_site
        ],
        dispatched=-_sum(movements, MovementKind.DISPATCH),
        in_transit=in_transit or ZERO,
        delivered=delivered or ZERO,
        distributed=-_sum(movements, MovementKind.DISTRIBUTION),
        lost=-_sum(movements, MovementKind.LOSS),
        adjusted=_sum(movements, MovementKind.ADJUSTMENT),
    )
    pipeline.in_stock = sum((row.quantity for row in pipeline.in_stock_by_site), ZERO)
    return pipeline


def pledge_pipeline(*, user: AnyUser, pledges: Iterable[Pledge]) -> Pipeline:
    """Pledged → received → in stock by site → dispatched → delivered → distributed → lost."""
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    pledge_ids = [pledge.pk for pledge in pledges]
    pipeline = pipeline_for_lots(scope.filter(Lot.objects.filter(pledge_id__in=pledge_ids)))
    for pledge in Pledge.objects.filter(pk__in=pledge_ids):
        factor = KG_PER_UNIT.get(pledge.unit.strip().lower(), Decimal(1))
        pipeline.pledged += (pledge.quantity or ZERO) * factor
    return pipeline


def pledged_commodity_names(payments: QuerySet[Payment]) -> dict[str, str]:
    """The commodities `payments` were pledged as, by the text each pledge gives, named in the
    reader's language (`{{ pledge.commodity|named:commodity_names }}`)."""
    texts = payments.order_by().values_list("commitment__pledge__commodity", flat=True)
    return commodity_names(texts.distinct())


def contributions_awaiting_receipt(*, user: AnyUser) -> QuerySet[Payment]:
    """In-kind payments (contributions) with no lot yet, in the user's countries."""
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    received = Lot.objects.filter(payment__isnull=False).values("payment_id")
    return (
        scope.filter(
            Payment.objects.select_related("commitment__pledge__donor").filter(
                commitment__pledge__contribution_type="in_kind", quantity__isnull=False
            ),
            "commitment__pledge__country",
        )
        .exclude(pk__in=received)
        .order_by("paid_on", F("pk"))
    )


def stock_sites(
    *, user: AnyUser, permission: str = SupplyPerm.VIEW_STOCK, holding: bool = True
) -> QuerySet[Site]:
    """Sites that hold stock, in the countries where the user holds `permission`; with
    `holding` false, also those that held stock once."""
    scope = require_permission(user, permission)
    kept = {"stock_keeping__is_active": True} if holding else {"stock_keeping__isnull": False}
    return scope.filter(Site.objects.filter(**kept)).order_by("name")


def keeps_stock_at(*, user: AnyUser, site_id: int) -> bool:
    """Whether the user moves stock at the site: sends from it and counts it."""
    if not has_permission(user, SupplyPerm.MOVE_STOCK):
        return False
    return stock_sites(user=user, permission=SupplyPerm.MOVE_STOCK).filter(pk=site_id).exists()


def balances_to_dispatch(*, user: AnyUser) -> QuerySet[StockBalance]:
    """What the user may send: positive balances at sites where they move stock."""
    scope = require_permission(user, SupplyPerm.MOVE_STOCK)
    return scope.filter(
        StockBalance.objects.select_related("site", "lot__commodity").filter(quantity__gt=0),
        "site__country",
    ).order_by("site__name", "lot__reference")


def balances_first_expiring(
    *, user: AnyUser, site_id: int, commodity_id: int
) -> QuerySet[StockBalance]:
    """Lots of a commodity on hand at a site, first expiring first out (no expiry last)."""
    return balance_list(user=user, site_id=site_id, commodity_id=commodity_id).order_by(
        F("lot__expires_on").asc(nulls_last=True), "lot__received_on", "lot_id"
    )


@dataclass(frozen=True)
class ReceivedLot:
    """A lot received from a pledge's contribution or payment, and where it came in."""

    reference: str
    commodity: str
    batch: str
    received_on: datetime.date
    site: str
    quantity: Decimal
    unit: str  # the commodity's base unit: kilograms, pieces or litres


def pledge_lots_received(*, user: AnyUser, pledge_ids: Sequence[int]) -> list[ReceivedLot]:
    """The lots that came from `pledge_ids`, in the user's countries, oldest first."""
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    lots = scope.filter(
        Lot.objects.filter(pledge_id__in=list(pledge_ids)).select_related("commodity")
    ).order_by("received_on", "reference")
    receipts = {
        movement.lot_id: movement.site
        for movement in StockMovement.objects.filter(
            lot__in=lots, kind=MovementKind.RECEIPT
        ).select_related("site")
    }
    return [
        ReceivedLot(
            reference=lot.reference,
            commodity=lot.commodity.local_name,
            batch=lot.batch,
            received_on=lot.received_on,
            site=receipts[lot.pk].local_name if lot.pk in receipts else "",
            quantity=lot.quantity_received,
            unit=lot.commodity.base_unit,
        )
        for lot in lots
    ]


@dataclass(frozen=True)
class LossLine:
    """What of a pledge's lots was written off: on the road (a waybill) or in a store."""

    occurred_on: datetime.date
    site: str
    lot: str
    waybill: str
    stage: str
    cause: str
    reason: str
    quantity: Decimal
    unit: str  # the commodity's base unit

    @property
    def in_transit(self) -> bool:
        return bool(self.waybill)


def _cause_names(cause: str) -> set[str]:
    """The cause's name in every interface language: a reason that only repeats it says nothing."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(str(LossCause(cause).label))
    return names


def pledge_losses(*, user: AnyUser, pledge_ids: Sequence[int]) -> list[LossLine]:
    """Every loss of the lots of `pledge_ids` at sites in the user's countries, with its stage,
    cause and reason: shortfalls booked on goods-received notes and write-offs in stores."""
    scope = require_permission(user, SupplyPerm.VIEW_STOCK)
    movements = scope.filter(
        StockMovement.objects.filter(
            kind=MovementKind.LOSS, lot__pledge_id__in=list(pledge_ids)
        ).select_related("site", "lot__commodity", "waybill_line__waybill"),
        "site__country",
    ).order_by("occurred_at", "pk")
    return [
        LossLine(
            occurred_on=timezone.localdate(movement.occurred_at),
            site=movement.site.local_name,
            lot=movement.lot.reference,
            waybill=movement.waybill_line.waybill.number if movement.waybill_line else "",
            stage=str(LossStage(movement.loss_stage).label) if movement.loss_stage else "",
            cause=str(LossCause(movement.loss_cause).label) if movement.loss_cause else "",
            reason=""
            if movement.loss_cause and movement.reason in _cause_names(movement.loss_cause)
            else said(movement.reason),
            quantity=-movement.quantity,
            unit=movement.lot.commodity.base_unit,
        )
        for movement in movements
    ]


def expired_balances(*, user: AnyUser, today: datetime.date) -> QuerySet[StockBalance]:
    """Stock still on hand past its expiry date: the flag of what must be written off."""
    return (
        balance_list(user=user)
        .filter(quantity__gt=0, lot__expires_on__isnull=False, lot__expires_on__lt=today)
        .order_by("lot__expires_on", "site__name")
    )


def writeoffs_requested(*, user: AnyUser) -> QuerySet[ExpiryWriteOff]:
    """Write-offs of expired stock put forward and waiting for another person's approval."""
    require_permission(user, SupplyPerm.VIEW_STOCK)
    return (
        ExpiryWriteOff.objects.visible_to(user, SupplyPerm.VIEW_STOCK)
        .filter(status=ExpiryWriteOff.Status.REQUESTED)
        .select_related("site", "lot__commodity", "requested_by")
        .order_by("requested_at", "pk")
    )
