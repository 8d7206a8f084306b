"""Commodities, stock-keeping sites, lots with provenance, the append-only stock ledger,
waybills with their goods-received lines, and physical counts.

Quantities are Decimal in the commodity's base unit (kg for food). A balance per site and
lot equals the sum of its movements and is never negative; movements are never updated or
deleted (triggers refuse it below the ORM, see migration 0002).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sunbula.core import figures
from sunbula.core.addresses import record_url
from sunbula.core.fields import FieldCheck, optional_reference_to, reference_to, staff_field
from sunbula.core.models import (
    Country,
    Currency,
    Illustrative,
    Multilingual,
    Organisation,
    Site,
)
from sunbula.core.scoping import ScopedManager, ScopeRule
from sunbula.core.validation import kilograms_in_bounds
from sunbula.funding.models import Commitment, Payment, Pledge

GRAM = Decimal("0.001")
# A million bags of 50 kg, a bulk carrier's load: more than any one waybill line carries.
MAX_PACKAGES = 1_000_000


def quantity_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:  # type: ignore[type-arg]
    """Kilograms to the gram, within the plausible bound (core.validation) whatever else."""
    validators = [*kwargs.pop("validators", []), kilograms_in_bounds]
    return models.DecimalField(
        verbose_name, max_digits=14, decimal_places=3, validators=validators, **kwargs
    )


def packages_in_bounds(value: Any) -> None:
    """Refuse a number of packages no waybill line could carry (a figure typed in the wrong
    field, or with zeros too many)."""
    if value is not None and value > MAX_PACKAGES:
        raise ValidationError(
            _(
                "More than %(limit)s packages on one line is not plausible; check the number "
                "of packages."
            )
            % {"limit": figures.number_text(MAX_PACKAGES)},
            code="packages_too_many",
        )


class Category(models.TextChoices):
    # WFP commodity groups.
    CEREALS = "cereals", _("Cereals and tubers")
    PULSES = "pulses", _("Pulses and nuts")
    OIL = "oil", _("Oil and fats")
    MIXED = "mixed", _("Mixed and blended foods")
    SUGAR_SALT = "sugar_salt", _("Sugar and salt")
    AGRICULTURAL_INPUTS = "inputs", _("Agricultural inputs")
    NON_FOOD = "non_food", _("Non-food items")


class BaseUnit(models.TextChoices):
    KG = "kg", _("kilogram")
    PIECE = "piece", _("piece")
    LITRE = "litre", _("litre")


class Commodity(Multilingual):
    """Something stocked and handed out: wheat flour, wheat seed, urea, a tool kit."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    base_unit = models.CharField(
        _("base unit"), max_length=10, choices=BaseUnit.choices, default=BaseUnit.KG
    )
    package_size = quantity_field(
        _("package size"), null=True, blank=True, validators=[MinValueValidator(GRAM)]
    )
    package_name = models.CharField(_("package"), max_length=40, blank=True)
    kcal_per_kg = models.PositiveIntegerField(_("energy (kcal per kg)"), null=True, blank=True)
    shelf_life_days = models.PositiveIntegerField(_("shelf life (days)"), null=True, blank=True)

    class Meta:
        verbose_name = _("commodity")
        verbose_name_plural = _("commodities")
        ordering = ["name"]

    def get_absolute_url(self) -> str:
        return record_url("supply:commodity_edit", self.pk)


class StockSite(models.Model):
    """A core site that holds stock, with its storage capacity."""

    site = models.OneToOneField(
        Site, on_delete=models.PROTECT, related_name="stock_keeping", verbose_name=_("site")
    )
    capacity = quantity_field(
        _("storage capacity"), null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    is_active = models.BooleanField(_("holds stock"), default=True)

    scope_rule: ClassVar[ScopeRule] = Site.scope_rule.under("site")
    objects = ScopedManager["StockSite"]()

    class Meta:
        verbose_name = _("stock-keeping site")
        verbose_name_plural = _("stock-keeping sites")
        ordering = ["site__name"]

    def __str__(self) -> str:
        return str(self.site)

    def get_absolute_url(self) -> str:
        return record_url("supply:stock_site_edit", self.pk)


class Provenance(models.TextChoices):
    IN_KIND = "in_kind", _("In-kind contribution")
    PURCHASE = "purchase", _("Purchase")


class Lot(Illustrative):
    """A quantity of one commodity with one origin: who gave it, which batch, until when."""

    reference = models.CharField(_("lot"), max_length=60, unique=True)
    commodity = models.ForeignKey(
        Commodity, on_delete=models.PROTECT, related_name="lots", verbose_name=_("commodity")
    )
    provenance = models.CharField(_("provenance"), max_length=10, choices=Provenance.choices)
    pledge = optional_reference_to(Pledge, _("pledge"))
    payment = optional_reference_to(Payment, _("contribution or payment"))
    donor = optional_reference_to(Organisation, _("donor"))
    country = reference_to(Country, _("country"))
    batch = models.CharField(_("batch"), max_length=60, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    quantity_received = quantity_field(_("quantity received"), validators=[MinValueValidator(GRAM)])
    received_on = models.DateField(_("received on"))

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="country", programme="pledge__programme", organisation="donor"
    )
    objects = ScopedManager["Lot"]()

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["reference"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return record_url("supply:lot_detail", self.pk)


class StockBalance(models.Model):
    """What one site holds of one lot; kept by the services, equal to the sum of movements."""

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="stock_balances", verbose_name=_("site")
    )
    lot = models.ForeignKey(
        Lot, on_delete=models.PROTECT, related_name="balances", verbose_name=_("lot")
    )
    quantity = quantity_field(_("on hand"), default=Decimal(0))

    scope_rule: ClassVar[ScopeRule] = Lot.scope_rule.under("lot").with_country("site__country")
    objects = ScopedManager["StockBalance"]()

    class Meta:
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        ordering = ["site__name", "lot__reference"]
        constraints = [
            models.UniqueConstraint(fields=["site", "lot"], name="supply_balance_once"),
            models.CheckConstraint(
                condition=Q(quantity__gte=0), name="supply_balance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} · {self.lot}"

    def get_absolute_url(self) -> str:
        return record_url("supply:stock_card", self.pk)


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    DISPATCH = "dispatch", _("Dispatch")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    DISTRIBUTION = "distribution", _("Distribution")
    LOSS = "loss", _("Loss")
    ADJUSTMENT = "adjustment", _("Adjustment")


class LossCause(models.TextChoices):
    TRANSPORT_DAMAGE = "transport_damage", _("Transport damage")
    THEFT = "theft", _("Theft")
    SPOILAGE = "spoilage", _("Spoilage")
    SHORT_DELIVERY = "short_delivery", _("Short delivery")
    REBAGGING = "rebagging", _("Rebagging")
    EXPIRED = "expired", _("Expired")
    OTHER = "other", _("Other")


class LossStage(models.TextChoices):
    BEFORE_CUSTODY = "before_custody", _("Before custody passed to the receiving partner")
    AFTER_CUSTODY = "after_custody", _("After custody passed to the receiving partner")


ONLY_DRAFT_WAYBILLS_EDITED = _("Waybill %(number)s is %(status)s: only a draft can be edited.")


class Waybill(Illustrative):
    """Goods sent from one site to another: draft → dispatched → received → closed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DISPATCHED = "dispatched", _("Dispatched")
        RECEIVED = "received", _("Received")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.CharField(_("waybill number"), max_length=40, unique=True)
    origin = reference_to(Site, _("origin"))
    destination = reference_to(Site, _("destination"))
    transporter = optional_reference_to(Organisation, _("transporter"))
    vehicle = models.CharField(_("vehicle"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    dispatched_on = models.DateField(_("dispatched on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    received_by = staff_field(_("received by"))

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country=("origin__country", "destination__country"),
        programme="lines__lot__pledge__programme",
        organisation="lines__lot__donor",
    )
    objects = ScopedManager["Waybill"]()

    class Meta:
        verbose_name = _("waybill")
        verbose_name_plural = _("waybills")
        ordering = ["-dispatched_on", "number"]
        constraints = [
            FieldCheck(
                condition=~Q(origin=models.F("destination")),
                name="supply_waybill_two_sites",
                field="destination",
                message=_("The destination is another site than the origin."),
            )
        ]

    def __str__(self) -> str:
        return self.number

    def change_problem(self) -> str:
        """Why the waybill can no longer be edited, as its update refuses it; "" for a draft."""
        if self.status == self.Status.DRAFT:
            return ""
        return str(ONLY_DRAFT_WAYBILLS_EDITED) % {
            "number": self.number,
            "status": self.get_status_display(),
        }

    def get_absolute_url(self) -> str:
        return record_url("supply:waybill_detail", self.pk)


class WaybillLine(models.Model):
    """One lot on a waybill; the goods-received note fills in what arrived and what was lost."""

    waybill = models.ForeignKey(
        Waybill, on_delete=models.CASCADE, related_name="lines", verbose_name=_("waybill")
    )
    lot = reference_to(Lot, _("lot"))
    quantity = quantity_field(_("quantity sent"), validators=[MinValueValidator(GRAM)])
    packages = models.PositiveIntegerField(
        _("packages"), default=0, validators=[packages_in_bounds]
    )
    received_quantity = quantity_field(_("quantity received"), null=True, blank=True)
    lost_quantity = quantity_field(_("quantity lost"), default=Decimal(0))
    loss_cause = models.CharField(
        _("cause of loss"), max_length=20, choices=LossCause.choices, blank=True
    )
    loss_stage = models.CharField(
        _("stage of loss"), max_length=20, choices=LossStage.choices, blank=True
    )
    loss_flagged = models.BooleanField(_("loss above threshold"), default=False)
    loss_approved_by = staff_field(_("loss approved by"))

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country=("waybill__origin__country", "waybill__destination__country"),
        programme="lot__pledge__programme",
        organisation="lot__donor",
    )
    objects = ScopedManager["WaybillLine"]()

    class Meta:
        verbose_name = _("waybill line")
        verbose_name_plural = _("waybill lines")
        ordering = ["waybill", "pk"]

    def __str__(self) -> str:
        return f"{self.waybill.number} · {self.lot.reference}"

    @property
    def awaits_approval(self) -> bool:
        return self.loss_flagged and self.loss_approved_by_id is None


class StockCount(models.Model):
    """A physical count at a site; approving it books the differences as adjustments, and
    rejecting it (a count mistaken, to be counted again) books nothing."""

    class Status(models.TextChoices):
        COUNTED = "counted", _("Counted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", pgettext_lazy("stock count", "Rejected")

    site = reference_to(Site, _("site"))
    counted_on = models.DateField(_("counted on"))
    reason = models.CharField(_("reason"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.COUNTED
    )
    counted_by = staff_field(_("counted by"), blank=False)
    approved_by = staff_field(_("approved by"))
    rejected_by = staff_field(_("rejected by"))
    rejection_reason = models.CharField(_("why it was rejected"), max_length=255, blank=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(country="site__country")
    objects = ScopedManager["StockCount"]()

    class Meta:
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")
        ordering = ["-counted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.site} · {self.counted_on}"


class StockCountLine(models.Model):
    count = models.ForeignKey(
        StockCount, on_delete=models.CASCADE, related_name="lines", verbose_name=_("stock count")
    )
    lot = reference_to(Lot, _("lot"))
    book_quantity = quantity_field(_("book quantity"))
    counted_quantity = quantity_field(
        _("counted quantity"), validators=[MinValueValidator(Decimal(0))]
    )

    class Meta:
        verbose_name = _("stock count line")
        verbose_name_plural = _("stock count lines")
        ordering = ["count", "pk"]

    def __str__(self) -> str:
        return f"{self.count} · {self.lot}"


class StockMovement(models.Model):
    """One entry of the ledger: signed quantity (+ in, − out) at a site for a lot. Never edited."""

    kind = models.CharField(_("kind"), max_length=12, choices=MovementKind.choices)
    site = reference_to(Site, _("site"))
    lot = models.ForeignKey(
        Lot, on_delete=models.PROTECT, related_name="movements", verbose_name=_("lot")
    )
    quantity = quantity_field(_("quantity"))
    reference = models.CharField(_("document reference"), max_length=60)
    reason = models.CharField(_("reason"), max_length=255)
    loss_cause = models.CharField(
        _("cause of loss"), max_length=20, choices=LossCause.choices, blank=True
    )
    loss_stage = models.CharField(
        _("stage of loss"), max_length=20, choices=LossStage.choices, blank=True
    )
    waybill_line = models.ForeignKey(
        WaybillLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name=_("waybill line"),
    )
    actor = staff_field(_("recorded by"))
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = Lot.scope_rule.under("lot").with_country("site__country")
    objects = ScopedManager["StockMovement"]()

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="supply_movement_not_zero"),
        ]
        # Where a lot was received, read without walking its distributions.
        indexes = [models.Index(fields=["lot", "kind"], name="supply_movement_lot_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity} · {self.reference}"


class PurchaseUnit(models.TextChoices):
    KG = "kg", _("kilogram")
    TONNE = "t", _("tonne")
    PIECE = "piece", _("piece")
    LITRE = "litre", _("litre")


# How many of a commodity's base unit one purchase unit holds.
BASE_UNITS_PER: dict[tuple[str, str], Decimal] = {
    ("kg", "kg"): Decimal(1),
    ("t", "kg"): Decimal(1000),
    ("piece", "piece"): Decimal(1),
    ("litre", "litre"): Decimal(1),
}


ONLY_DRAFTS_EDITED = _("Purchase order %(reference)s is %(status)s: only a draft can be edited.")


class PurchaseOrder(Illustrative):
    """Goods bought from a supplier with cash drawn on a commitment (or one of its payments):
    draft → ordered → partly received → received, or cancelled before anything arrives."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ORDERED = "ordered", _("Ordered")
        PARTLY_RECEIVED = "partly_received", _("Partly received")
        RECEIVED = "received", _("Received")
        CANCELLED = "cancelled", _("Cancelled")

    reference = models.CharField(_("order reference"), max_length=40, unique=True)
    supplier = reference_to(Organisation, _("supplier"))
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        related_name="purchase_orders",
        verbose_name=_("commitment"),
    )
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purchase_orders",
        verbose_name=_("payment"),
    )
    commodity = reference_to(Commodity, _("commodity"))
    quantity = quantity_field(_("quantity"), validators=[MinValueValidator(GRAM)])
    unit = models.CharField(_("unit"), max_length=10, choices=PurchaseUnit.choices)
    unit_price = models.DecimalField(
        _("unit price"), max_digits=16, decimal_places=4, validators=[MinValueValidator(0)]
    )
    currency = reference_to(Currency, _("currency"))
    ordered_on = models.DateField(_("ordered on"))
    units_per_usd = models.DecimalField(_("units per US dollar"), max_digits=20, decimal_places=8)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=18, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    notes = models.CharField(_("notes"), max_length=255, blank=True)

    scope_rule: ClassVar[ScopeRule] = Commitment.scope_rule.under("commitment")
    objects = ScopedManager["PurchaseOrder"]()

    class Meta:
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        ordering = ["-ordered_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(units_per_usd__gt=0), name="supply_order_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def change_problem(self) -> str:
        """Why the order can no longer be edited, as its update refuses it; "" for a draft."""
        if self.status == self.Status.DRAFT:
            return ""
        return str(ONLY_DRAFTS_EDITED) % {
            "reference": self.reference,
            "status": self.get_status_display(),
        }

    def get_absolute_url(self) -> str:
        return record_url("supply:purchase_order_detail", self.pk)

    @property
    def base_quantity(self) -> Decimal:
        """The quantity ordered in the commodity's base unit."""
        factor = BASE_UNITS_PER.get((self.unit, self.commodity.base_unit), Decimal(1))
        quantity: Decimal = self.quantity
        return quantity * factor


class GoodsReceipt(models.Model):
    """What arrived of a purchase order at a stock-keeping site: it became one lot."""

    order = models.ForeignKey(
        PurchaseOrder,
        on_delete=models.PROTECT,
        related_name="receipts",
        verbose_name=_("purchase order"),
    )
    site = reference_to(Site, _("site"))
    lot = models.OneToOneField(
        Lot, on_delete=models.PROTECT, related_name="goods_receipt", verbose_name=_("lot")
    )
    reference = models.CharField(_("document reference"), max_length=60)
    quantity = quantity_field(_("quantity received"), validators=[MinValueValidator(GRAM)])
    received_on = models.DateField(_("received on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    batch = models.CharField(_("batch"), max_length=60, blank=True)
    received_by = staff_field(_("received by"))

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="site__country",
        programme="order__commitment__pledge__programme",
        organisation="order__commitment__pledge__donor",
    )
    objects = ScopedManager["GoodsReceipt"]()

    class Meta:
        verbose_name = _("goods receipt")
        verbose_name_plural = _("goods receipts")
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.order.reference} · {self.reference}"

    def get_absolute_url(self) -> str:
        return record_url("supply:purchase_order_detail", self.order_id)


class ExpiryWriteOff(models.Model):
    """Expired stock at a site, put forward for writing off and approved by another person;
    approval books a loss with cause "expired", after which it is no longer on hand."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")

    site = reference_to(Site, _("site"))
    lot = reference_to(Lot, _("lot"))
    quantity = quantity_field(_("quantity"), validators=[MinValueValidator(GRAM)])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = staff_field(_("requested by"))
    approved_by = staff_field(_("approved by"))
    movement = models.OneToOneField(
        StockMovement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("movement"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = Lot.scope_rule.under("lot").with_country("site__country")
    objects = ScopedManager["ExpiryWriteOff"]()

    class Meta:
        verbose_name = _("write-off of expired stock")
        verbose_name_plural = _("write-offs of expired stock")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.site} · {self.lot} · {self.quantity}"
