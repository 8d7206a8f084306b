"""The back office: a read-only window on stock records (writes go through services)."""

from __future__ import annotations

from django.contrib import admin

from sunbula.core.admin import ReadOnlyAdmin
from sunbula.supply import models


@admin.register(models.Commodity)
class CommodityAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "category", "base_unit", "package_name")
    search_fields = ("code", "name")


@admin.register(models.Lot)
class LotAdmin(ReadOnlyAdmin):
    list_display = ("reference", "commodity", "provenance", "donor", "quantity_received")
    search_fields = ("reference", "batch")


@admin.register(models.StockBalance)
class StockBalanceAdmin(ReadOnlyAdmin):
    list_display = ("site", "lot", "quantity")


@admin.register(models.StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "kind", "site", "lot", "quantity", "reference")
    list_filter = ("kind",)
    search_fields = ("reference",)


@admin.register(models.Waybill)
class WaybillAdmin(ReadOnlyAdmin):
    list_display = ("number", "origin", "destination", "status", "dispatched_on")
    list_filter = ("status",)
