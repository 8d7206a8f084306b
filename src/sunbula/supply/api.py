"""REST endpoints for stock; reads through selectors, writes through services."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sunbula.core.access import fetch, require_permission, signed_in
from sunbula.core.api import (
    CREATE_AND_PATCH,
    LocalizedTextField,
    ScopedRelatedField,
    ServiceSaveMixin,
    create_through,
    currency_by_code,
    perform_action,
    post_action,
    read_body,
    record_of_path_among,
)
from sunbula.core.models import Organisation, Site
from sunbula.core.validation import kilograms_in_bounds
from sunbula.funding.models import Commitment, Payment, Pledge
from sunbula.supply import selectors, services
from sunbula.supply.access import fetch_waybill_to_receive, fetch_waybill_to_send
from sunbula.supply.models import (
    GRAM,
    Commodity,
    ExpiryWriteOff,
    GoodsReceipt,
    LossCause,
    LossStage,
    Lot,
    PurchaseOrder,
    StockBalance,
    StockCount,
    StockCountLine,
    StockMovement,
    StockSite,
    Waybill,
    WaybillLine,
    packages_in_bounds,
)
from sunbula.supply.permissions import SupplyPerm
from sunbula.supply.services import CountedLine, LineInput, ReceivedLine


def _keep(values: dict[str, Any], field: str, current: object, refusal: str) -> None:
    """Take `field` out of a correction, refusing it (400, with `refusal`) if it would change
    what a record keeps for good: a commodity's code, a stock-keeping site's site."""
    if values.pop(field, current) != current:
        raise ValidationError({field: [refusal]})


class CommoditySerializer(serializers.ModelSerializer[Commodity]):
    local_name = LocalizedTextField()

    class Meta:
        model = Commodity
        fields = (
            "id",
            "code",
            "name",
            "name_translations",
            "local_name",
            *services.COMMODITY_DETAILS,
        )


class LotSerializer(serializers.ModelSerializer[Lot]):
    purchase_order = serializers.IntegerField(
        source="goods_receipt.order_id",
        read_only=True,
        allow_null=True,
        help_text="The purchase order a bought lot was received from (null for a gift).",
    )
    on_hand = serializers.DecimalField(
        max_digits=14,
        decimal_places=3,
        read_only=True,
        help_text="What is left of the lot at every site together, in its commodity's base unit.",
    )

    class Meta:
        model = Lot
        fields = (
            "id",
            "reference",
            "commodity",
            "provenance",
            "pledge",
            "payment",
            "purchase_order",
            "donor",
            "country",
            "batch",
            "expires_on",
            "quantity_received",
            "on_hand",
            "received_on",
            "is_illustrative",
        )


class BalanceSerializer(serializers.ModelSerializer[StockBalance]):
    class Meta:
        model = StockBalance
        fields = ("id", "site", "lot", "quantity")


class MovementSerializer(serializers.ModelSerializer[StockMovement]):
    class Meta:
        model = StockMovement
        fields = (
            "id",
            "kind",
            "site",
            "lot",
            "quantity",
            "reference",
            "reason",
            "loss_cause",
            "loss_stage",
            "waybill_line",
            "actor",
            "occurred_at",
            "recorded_at",
        )


class WaybillLineSerializer(serializers.ModelSerializer[WaybillLine]):
    class Meta:
        model = WaybillLine
        fields = (
            "id",
            "lot",
            "quantity",
            "packages",
            "received_quantity",
            "lost_quantity",
            "loss_cause",
            "loss_stage",
            "loss_flagged",
            "loss_approved_by",
        )


class WaybillSerializer(serializers.ModelSerializer[Waybill]):
    lines = WaybillLineSerializer(many=True, read_only=True)

    class Meta:
        model = Waybill
        fields = (
            "id",
            "number",
            "origin",
            "destination",
            "transporter",
            "vehicle",
            "status",
            "dispatched_on",
            "received_on",
            "is_illustrative",
            "lines",
        )
        read_only_fields = fields  # for reading; writes go through their own serializer


class CommodityViewSet(
    ServiceSaveMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Commodity]
):
    """Commodities with their names in several languages; POST adds one, PATCH changes one
    (its code stays)."""

    serializer_class = CommoditySerializer
    queryset = Commodity.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("category",)
    search_fields = ("name", "code")
    http_method_names = CREATE_AND_PATCH
    manage = SupplyPerm.MANAGE_COMMODITY
    create_service = staticmethod(services.commodity_create)

    def get_queryset(self) -> QuerySet[Commodity]:
        return selectors.commodity_list(user=self.request.user)

    def get_object(self) -> Commodity:
        return record_of_path_among(self, Commodity, perm=SupplyPerm.VIEW_STOCK, write=self.manage)

    def perform_update(self, serializer: serializers.BaseSerializer[Commodity]) -> None:
        commodity = self.get_object()
        values = dict(serializer.validated_data)
        _keep(values, "code", commodity.code, _("The code of a commodity cannot change."))
        serializer.instance = services.commodity_update(
            actor=signed_in(self.request.user), commodity=commodity, **values
        )


class StockSiteSerializer(serializers.ModelSerializer[StockSite]):
    site = ScopedRelatedField(perm=SupplyPerm.MOVE_STOCK, queryset=Site.objects.all())
    name = serializers.CharField(source="site.local_name", read_only=True)
    country = serializers.CharField(source="site.country.iso3", read_only=True)

    class Meta:
        model = StockSite
        fields = ("id", "site", "name", "country", "capacity", "is_active")


class StockSiteViewSet(
    ServiceSaveMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[StockSite]
):
    """Sites that keep stock in the caller's countries; POST lets a site of the caller's
    countries hold stock, PATCH changes its capacity or whether it holds stock."""

    serializer_class = StockSiteSerializer
    queryset = StockSite.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("is_active",)
    search_fields = ("site__name",)
    http_method_names = CREATE_AND_PATCH
    manage = SupplyPerm.MOVE_STOCK
    create_service = staticmethod(services.stock_site_register)

    def get_queryset(self) -> QuerySet[StockSite]:
        return selectors.stock_site_list(user=self.request.user)

    def get_object(self) -> StockSite:
        stock_sites = StockSite.objects.select_related("site__country")
        return record_of_path_among(
            self, stock_sites, perm=SupplyPerm.VIEW_STOCK, write=self.manage
        )

    def perform_update(self, serializer: serializers.BaseSerializer[StockSite]) -> None:
        stock_site = self.get_object()
        values = dict(serializer.validated_data)
        _keep(values, "site", stock_site.site, _("A stock-keeping site keeps its site."))
        serializer.instance = services.stock_site_update(
            actor=signed_in(self.request.user), stock_site=stock_site, **values
        )


class LotViewSet(viewsets.ReadOnlyModelViewSet[Lot]):
    """Lots with their provenance, in the caller's countries."""

    serializer_class = LotSerializer
    queryset = Lot.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("commodity", "pledge", "payment", "pledge__project", "provenance")
    scope_perm = SupplyPerm.VIEW_STOCK

    def get_queryset(self) -> QuerySet[Lot]:
        lots = selectors.lot_list(user=self.request.user).select_related("goods_receipt")
        return lots.order_by("pk")


class StockLossSerializer(serializers.Serializer[Any]):
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=GRAM)
    cause = serializers.ChoiceField(choices=LossCause.choices)
    reference = serializers.CharField(max_length=60)
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


class WriteOffRequestSerializer(serializers.Serializer[Any]):
    quantity = serializers.DecimalField(
        max_digits=14, decimal_places=3, min_value=GRAM, required=False
    )


class ExpiryWriteOffSerializer(serializers.ModelSerializer[ExpiryWriteOff]):
    class Meta:
        model = ExpiryWriteOff
        fields = (
            "id",
            "site",
            "lot",
            "quantity",
            "status",
            "requested_by",
            "approved_by",
            "movement",
            "requested_at",
        )
        read_only_fields = fields


class BalanceViewSet(viewsets.ReadOnlyModelViewSet[StockBalance]):
    """Stock on hand per site and lot, in the caller's countries."""

    serializer_class = BalanceSerializer
    queryset = StockBalance.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("site", "lot")
    scope_perm = SupplyPerm.VIEW_STOCK

    def get_queryset(self) -> QuerySet[StockBalance]:
        return selectors.balance_list(user=self.request.user)

    def _balance(self, pk: object) -> StockBalance:
        return fetch(
            StockBalance.objects.select_related("site", "lot"),
            self.request.user,
            pk,
            perm=SupplyPerm.VIEW_STOCK,
            write=SupplyPerm.MOVE_STOCK,
        )

    @post_action(MovementSerializer, body=StockLossSerializer, status=201)
    def loss(self, request: Request, pk: int) -> Response:
        """Record stock lost at the site after custody passed (spoilage, theft…)."""
        balance = self._balance(pk)
        return create_through(
            request,
            services.stock_loss_record,
            body=StockLossSerializer,
            answer=MovementSerializer,
            site=balance.site,
            lot=balance.lot,
        )

    @post_action(
        ExpiryWriteOffSerializer, body=WriteOffRequestSerializer, status=201, url_path="write-off"
    )
    def write_off(self, request: Request, pk: int) -> Response:
        """Put forward expired stock for writing off (all of it unless a quantity is given)."""
        balance = self._balance(pk)
        quantity = read_body(WriteOffRequestSerializer, request).get("quantity")
        writeoff = services.expiry_writeoff_request(
            actor=signed_in(request.user), site=balance.site, lot=balance.lot, quantity=quantity
        )
        return Response(ExpiryWriteOffSerializer(writeoff).data, status=201)


class ExpiryWriteOffViewSet(viewsets.ReadOnlyModelViewSet[ExpiryWriteOff]):
    """Write-offs of expired stock waiting for approval; POST …/approve/ approves one that
    another person put forward (403 to the one who did)."""

    serializer_class = ExpiryWriteOffSerializer
    queryset = ExpiryWriteOff.objects.none()  # the schema's model; rows come from get_queryset
    scope_perm = SupplyPerm.VIEW_STOCK

    def get_queryset(self) -> QuerySet[ExpiryWriteOff]:
        return selectors.writeoffs_requested(user=self.request.user)

    @post_action(ExpiryWriteOffSerializer)
    def approve(self, request: Request, pk: int) -> Response:
        """Approve the write-off: the stock leaves as a loss with cause "expired"."""
        writeoff = fetch(
            ExpiryWriteOff,
            request.user,
            pk,
            perm=SupplyPerm.VIEW_STOCK,
            write=SupplyPerm.APPROVE_LOSS,
        )
        return perform_action(
            request,
            services.expiry_writeoff_approve,
            answer=ExpiryWriteOffSerializer,
            writeoff=writeoff,
        )


class MovementViewSet(viewsets.ReadOnlyModelViewSet[StockMovement]):
    """The stock ledger, newest first, in the caller's countries."""

    serializer_class = MovementSerializer
    queryset = StockMovement.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("site", "lot", "kind")
    scope_perm = SupplyPerm.VIEW_STOCK

    def get_queryset(self) -> QuerySet[StockMovement]:
        return selectors.movement_list(user=self.request.user)


class CancellationSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=255)


class RejectionSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=255)


class LineInputSerializer(serializers.Serializer[Any]):
    lot = ScopedRelatedField(perm=SupplyPerm.MOVE_STOCK, queryset=Lot.objects.all())
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=GRAM)
    packages = serializers.IntegerField(
        min_value=0, required=False, default=0, validators=[packages_in_bounds]
    )


class WaybillEditSerializer(serializers.Serializer[Any]):
    """A waybill's header and lines: all of them to draft one, some to correct a draft."""

    origin = ScopedRelatedField(perm=SupplyPerm.MOVE_STOCK, queryset=Site.objects.all())
    destination = ScopedRelatedField(perm=SupplyPerm.VIEW_STOCK, queryset=Site.objects.all())
    transporter = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    vehicle = serializers.CharField(max_length=60, allow_blank=True, required=False)
    lines = LineInputSerializer(many=True)


class DispatchSerializer(serializers.Serializer[Any]):
    dispatched_on = serializers.DateField(
        required=False, help_text="The day the goods left; today if not given."
    )


class ReceivedLineSerializer(serializers.Serializer[Any]):
    line = serializers.IntegerField(help_text="The id of the waybill's line.")
    received_quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=0)
    loss_cause = serializers.ChoiceField(
        choices=LossCause.choices, required=False, allow_blank=True, default=""
    )
    loss_stage = serializers.ChoiceField(
        choices=LossStage.choices, required=False, allow_blank=True, default=""
    )


class WaybillReceiptSerializer(serializers.Serializer[Any]):
    """The goods-received note: what arrived of every line; a shortfall needs its cause and
    stage."""

    received_on = serializers.DateField()
    lines = ReceivedLineSerializer(many=True)


def _received_lines(waybill: Waybill, given: list[dict[str, Any]]) -> list[ReceivedLine]:
    """The note's lines, each found on `waybill` (400 naming one that is not on it)."""
    on_waybill = {line.pk: line for line in waybill.lines.all()}
    received = []
    for entry in given:
        line = on_waybill.get(entry["line"])
        if line is None:
            refusal = _("Line %(line)s is not on this waybill.") % {"line": entry["line"]}
            raise ValidationError({"lines": [refusal]})
        received.append(
            ReceivedLine(
                line=line,
                received_quantity=entry["received_quantity"],
                loss_cause=entry["loss_cause"],
                loss_stage=entry["loss_stage"],
            )
        )
    return received


class WaybillFilter(django_filters.FilterSet):
    lot = django_filters.ModelChoiceFilter(
        field_name="lines__lot", queryset=Lot.objects.all(), distinct=True, label="Lot carried"
    )

    class Meta:
        model = Waybill
        fields = ("status", "origin", "destination", "lot")


class WaybillViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Waybill]):
    """Waybills from or to the caller's countries (`?lot=` those that carried a lot). From
    the origin's country POST drafts one, PATCH corrects a draft, POST …/dispatch/ sends it
    and POST …/cancel/ cancels it; in the destination's, POST …/receive/ books the goods
    received and POST …/close/ closes it."""

    serializer_class = WaybillSerializer
    queryset = Waybill.objects.none()  # the schema's model; rows come from get_queryset
    filterset_class = WaybillFilter
    scope_perm = SupplyPerm.VIEW_STOCK
    http_method_names = CREATE_AND_PATCH

    def get_queryset(self) -> QuerySet[Waybill]:
        return selectors.waybill_list(user=self.request.user).prefetch_related("lines")

    def _answer(self, pk: int, status: int = 200) -> Response:
        return Response(WaybillSerializer(self.get_queryset().get(pk=pk)).data, status=status)

    @extend_schema(request=WaybillEditSerializer, responses={201: WaybillSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Draft a waybill from a site of the caller's countries, of what that site holds;
        nothing moves until it is dispatched."""
        require_permission(request.user, SupplyPerm.MOVE_STOCK)
        values = read_body(WaybillEditSerializer, request)
        lines = [
            LineInput(line["lot"], line["quantity"], line["packages"])
            for line in values.pop("lines")
        ]
        waybill = services.waybill_create(actor=signed_in(request.user), lines=lines, **values)
        return self._answer(waybill.pk, status=201)

    @post_action(WaybillSerializer, body=DispatchSerializer, url_path="dispatch")
    def dispatch_goods(self, request: Request, pk: int) -> Response:
        """Send a draft: its lines leave the origin's stock on the day given (today if none)."""
        waybill = fetch_waybill_to_send(request.user, pk)
        day = read_body(DispatchSerializer, request).get("dispatched_on", timezone.localdate())
        services.waybill_dispatch(actor=signed_in(request.user), waybill=waybill, dispatched_on=day)
        return self._answer(pk)

    @post_action(WaybillSerializer, body=WaybillReceiptSerializer)
    def receive(self, request: Request, pk: int) -> Response:
        """Book what arrived of each line into the destination's stock; a shortfall becomes a
        loss with its cause and stage. A waybill not on the road answers 409."""
        waybill = fetch_waybill_to_receive(request.user, pk)
        values = read_body(WaybillReceiptSerializer, request)
        services.waybill_receive(
            actor=signed_in(request.user),
            waybill=waybill,
            received_on=values["received_on"],
            lines=_received_lines(waybill, values["lines"]),
        )
        return self._answer(pk)

    @post_action(WaybillSerializer)
    def close(self, request: Request, pk: int) -> Response:
        """Close a received waybill once every flagged loss is approved."""
        waybill = fetch_waybill_to_receive(request.user, pk)
        services.waybill_close(actor=signed_in(request.user), waybill=waybill)
        return self._answer(pk)

    @extend_schema(request=WaybillEditSerializer, responses={200: WaybillSerializer})
    def partial_update(self, request: Request, pk: int) -> Response:
        """Correct a draft waybill: origin, destination, transporter, vehicle, and its lines
        when given; a dispatched one answers 409."""
        waybill = fetch_waybill_to_send(request.user, pk)
        values = read_body(WaybillEditSerializer, request, partial=True)
        lines = values.pop("lines", None)
        services.waybill_update(
            actor=signed_in(request.user),
            waybill=waybill,
            lines=[
                LineInput(line["lot"], line["quantity"], line.get("packages", 0)) for line in lines
            ]
            if lines is not None
            else None,
            **values,
        )
        return self._answer(pk)

    @post_action(WaybillSerializer, body=CancellationSerializer)
    def cancel(self, request: Request, pk: int) -> Response:
        """Cancel a draft waybill, saying why (`reason`); a dispatched one answers 409."""
        waybill = fetch_waybill_to_send(request.user, pk)
        reason = read_body(CancellationSerializer, request)["reason"]
        services.waybill_cancel(actor=signed_in(request.user), waybill=waybill, reason=reason)
        return self._answer(pk)


class StockCountLineSerializer(serializers.ModelSerializer[StockCountLine]):
    lot_reference = serializers.CharField(source="lot.reference", read_only=True)

    class Meta:
        model = StockCountLine
        fields = ("id", "lot", "lot_reference", "book_quantity", "counted_quantity")
        read_only_fields = fields


class StockCountSerializer(serializers.ModelSerializer[StockCount]):
    lines = StockCountLineSerializer(many=True, read_only=True)

    class Meta:
        model = StockCount
        fields = (
            "id",
            "site",
            "counted_on",
            "reason",
            "status",
            "counted_by",
            "approved_by",
            "rejected_by",
            "rejection_reason",
            "lines",
        )
        read_only_fields = fields  # for reading; a count is recorded from StockCountInput


class CountedLineSerializer(serializers.Serializer[Any]):
    lot = ScopedRelatedField(perm=SupplyPerm.MOVE_STOCK, queryset=Lot.objects.all())
    counted_quantity = serializers.DecimalField(
        max_digits=14, decimal_places=3, min_value=0, validators=[kilograms_in_bounds]
    )


class StockCountInput(serializers.Serializer[Any]):
    """A physical count at a site of the caller's countries: what was found of each lot."""

    site = ScopedRelatedField(perm=SupplyPerm.MOVE_STOCK, queryset=Site.objects.all())
    counted_on = serializers.DateField()
    reason = serializers.CharField(max_length=255)
    lines = CountedLineSerializer(many=True)


class StockCountViewSet(viewsets.ReadOnlyModelViewSet[StockCount]):
    """Physical counts at sites in the caller's countries, each lot's count against the book
    of the day counted. POST records one (nothing moves yet); POST …/approve/, by someone
    other than the counter, books each difference as an adjustment, and POST …/reject/, with
    why, books nothing (the site is counted again)."""

    serializer_class = StockCountSerializer
    queryset = StockCount.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("site", "status")
    scope_perm = SupplyPerm.VIEW_STOCK
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[StockCount]:
        return selectors.stock_count_list(user=self.request.user)

    def get_object(self) -> StockCount:
        counts = StockCount.objects.select_related("site")
        return record_of_path_among(
            self, counts, perm=SupplyPerm.VIEW_STOCK, write=SupplyPerm.APPROVE_LOSS
        )

    def _answer(self, pk: int, status: int = 200) -> Response:
        return Response(StockCountSerializer(self.get_queryset().get(pk=pk)).data, status=status)

    @extend_schema(request=StockCountInput, responses={201: StockCountSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a count of a day that has come, at a site that keeps stock, of lots that had
        reached it by then; someone else approves it."""
        require_permission(request.user, SupplyPerm.MOVE_STOCK)
        values = read_body(StockCountInput, request)
        lines = [CountedLine(line["lot"], line["counted_quantity"]) for line in values.pop("lines")]
        count = services.stock_count_record(actor=signed_in(request.user), lines=lines, **values)
        return self._answer(count.pk, status=201)

    @post_action(StockCountSerializer)
    def approve(self, request: Request, pk: int) -> Response:
        """Approve a count: each difference to the book becomes an adjustment on the day
        counted. The counter, or a count already approved or rejected, answers 403."""
        count = self.get_object()
        services.stock_count_approve(actor=signed_in(request.user), count=count)
        return self._answer(pk)

    @post_action(StockCountSerializer, body=RejectionSerializer)
    def reject(self, request: Request, pk: int) -> Response:
        """Reject a mistaken count with why (`reason`): nothing is booked. The counter, or a
        count already approved or rejected, answers 403."""
        count = self.get_object()
        reason = read_body(RejectionSerializer, request)["reason"]
        services.stock_count_reject(actor=signed_in(request.user), count=count, reason=reason)
        return self._answer(pk)


class GoodsReceiptSerializer(serializers.ModelSerializer[GoodsReceipt]):
    site = ScopedRelatedField(perm=SupplyPerm.MOVE_STOCK, queryset=Site.objects.all())
    lot = serializers.PrimaryKeyRelatedField[Lot](read_only=True)
    lot_reference = serializers.CharField(source="lot.reference", read_only=True)

    class Meta:
        model = GoodsReceipt
        fields = (
            "id",
            "site",
            "quantity",
            "received_on",
            "reference",
            "batch",
            "expires_on",
            "lot",
            "lot_reference",
        )


class PurchaseOrderSerializer(serializers.ModelSerializer[PurchaseOrder]):
    commitment = ScopedRelatedField(
        perm=SupplyPerm.MOVE_STOCK, queryset=Commitment.objects.all(), optional=True
    )
    payment = ScopedRelatedField(
        perm=SupplyPerm.MOVE_STOCK, queryset=Payment.objects.all(), optional=True
    )
    currency = currency_by_code()
    receipts = GoodsReceiptSerializer(many=True, read_only=True)

    class Meta:
        model = PurchaseOrder
        fields = (
            "id",
            "reference",
            "supplier",
            "commitment",
            "payment",
            *services.PURCHASE_ORDER_GOODS,
            "units_per_usd",
            "amount",
            "amount_usd",
            "status",
            "receipts",
        )
        read_only_fields = ("reference", "units_per_usd", "amount", "amount_usd", "status")


class PurchaseOrderViewSet(
    ServiceSaveMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[PurchaseOrder]
):
    """Purchase orders paid from a commitment or a payment in the caller's scope: POST drafts
    one, PATCH corrects a draft, POST …/place/ sends it, …/receive/ books goods received
    into a lot, …/cancel/ cancels an order nothing arrived against."""

    serializer_class = PurchaseOrderSerializer
    queryset = PurchaseOrder.objects.none()  # the schema's model; rows come from get_queryset
    filterset_fields = ("status", "commodity", "supplier", "commitment", "payment")
    search_fields = ("reference",)
    scope_perm = SupplyPerm.VIEW_STOCK
    http_method_names = CREATE_AND_PATCH
    manage = SupplyPerm.MOVE_STOCK
    record_name = "order"
    create_service = staticmethod(services.purchase_order_create)
    update_service = staticmethod(services.purchase_order_update)

    def get_queryset(self) -> QuerySet[PurchaseOrder]:
        return selectors.purchase_order_list(user=self.request.user).prefetch_related(
            "receipts__lot"
        )

    def _fetch(self, pk: object, *, write: bool) -> PurchaseOrder:
        return fetch(
            PurchaseOrder.objects.select_related("commodity", "currency", "commitment__pledge"),
            self.request.user,
            pk,
            perm=SupplyPerm.VIEW_STOCK,
            write=SupplyPerm.MOVE_STOCK if write else None,
        )

    def get_object(self) -> PurchaseOrder:
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return self._fetch(self.kwargs["pk"], write=write)

    def _answer(self, pk: int, status: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=pk)
        return Response(PurchaseOrderSerializer(fresh).data, status=status)

    @post_action(PurchaseOrderSerializer)
    def place(self, request: Request, pk: int) -> Response:
        """Send a draft order to its supplier."""
        order = self._fetch(pk, write=True)
        services.purchase_order_place(actor=signed_in(request.user), order=order)
        return self._answer(pk)

    @post_action(PurchaseOrderSerializer, body=CancellationSerializer)
    def cancel(self, request: Request, pk: int) -> Response:
        """Cancel an order nothing was received against, saying why (`reason`)."""
        order = self._fetch(pk, write=True)
        reason = read_body(CancellationSerializer, request)["reason"]
        services.purchase_order_cancel(actor=signed_in(request.user), order=order, reason=reason)
        return self._answer(pk)

    @post_action(GoodsReceiptSerializer, body=GoodsReceiptSerializer, status=201)
    def receive(self, request: Request, pk: int) -> Response:
        """Receive goods of a placed order, in the order's unit, into a site: a new lot."""
        order = self._fetch(pk, write=True)
        return create_through(
            request, services.goods_receive, body=GoodsReceiptSerializer, order=order
        )


def _kg(quantity: Decimal) -> str:
    """Quantities to the gram, the same on every database."""
    return str(quantity.quantize(GRAM))


def kilograms(help_text: str = "") -> serializers.DecimalField:
    """A quantity to the gram, as a string: what the pipeline and trace answers hold."""
    return serializers.DecimalField(max_digits=18, decimal_places=3, help_text=help_text)


class SiteQuantitySerializer(serializers.Serializer[Any]):
    site_id = serializers.IntegerField(help_text="The site's id.")
    site = serializers.CharField(help_text="The site's name.")
    quantity = kilograms()


class PipelineSerializer(serializers.Serializer[Any]):
    """Where a pledge's kilograms are; in stock, on the road, handed out and lost add up to
    received plus adjustments."""

    pledge = serializers.CharField(help_text="The pledge's reference.")
    pledged = kilograms()
    received = kilograms()
    in_stock = kilograms()
    in_stock_by_site = SiteQuantitySerializer(many=True)
    dispatched = kilograms()
    in_transit = kilograms()
    delivered = kilograms()
    distributed = kilograms()
    lost = kilograms()
    adjusted = kilograms()


class PipelineViewSet(viewsets.ViewSet):
    """The pipeline of a pledge: pledged → received → in stock → … → lost, in kg."""

    queryset = Pledge.objects.none()  # the schema's model: the path's id is a pledge's

    @extend_schema(responses=PipelineSerializer)
    def retrieve(self, request: Request, pk: int) -> Response:
        pledges = Pledge.objects.select_related("donor")
        pledge = record_of_path_among(self, pledges, perm=SupplyPerm.VIEW_STOCK)
        pipeline = selectors.pledge_pipeline(user=request.user, pledges=[pledge])
        data: dict[str, Any] = {
            key: _kg(value) for key, value in asdict(pipeline).items() if key != "in_stock_by_site"
        }
        data["pledge"] = pledge.reference
        data["in_stock_by_site"] = [
            {"site_id": row.site_id, "site": row.site, "quantity": _kg(row.quantity)}
            for row in pipeline.in_stock_by_site
        ]
        return Response(data)


def register(router: DefaultRouter) -> None:
    """Add this domain's viewsets to the API router."""
    router.register("supply/commodities", CommodityViewSet, basename="supply-commodity")
    router.register("supply/sites", StockSiteViewSet, basename="supply-site")
    router.register("supply/purchases", PurchaseOrderViewSet, basename="supply-purchase")
    router.register("supply/lots", LotViewSet, basename="supply-lot")
    router.register("supply/balances", BalanceViewSet, basename="supply-balance")
    router.register("supply/movements", MovementViewSet, basename="supply-movement")
    router.register("supply/write-offs", ExpiryWriteOffViewSet, basename="supply-writeoff")
    router.register("supply/waybills", WaybillViewSet, basename="supply-waybill")
    router.register("supply/stock-counts", StockCountViewSet, basename="supply-stock-count")
    router.register("supply/pipeline", PipelineViewSet, basename="supply-pipeline")
