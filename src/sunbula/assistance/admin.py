"""The back office: a read-only window on assistance records (writes go through services)."""

from __future__ import annotations

from django.contrib import admin

from sunbula.assistance import models
from sunbula.core.admin import ReadOnlyAdmin


@admin.register(models.Cycle)
class CycleAdmin(ReadOnlyAdmin):
    list_display = ("name", "project", "period_start", "period_end", "ration_kind", "status")
    search_fields = ("name",)


@admin.register(models.Beneficiary)
class BeneficiaryAdmin(ReadOnlyAdmin):
    list_display = ("reference", "cycle", "kind", "people")
    search_fields = ("reference",)


@admin.register(models.Entitlement)
class EntitlementAdmin(ReadOnlyAdmin):
    list_display = ("beneficiary", "commodity", "quantity", "distributed", "status")


@admin.register(models.Distribution)
class DistributionAdmin(ReadOnlyAdmin):
    list_display = ("reference", "beneficiary", "site", "quantity", "distributed_on")
    search_fields = ("reference",)
