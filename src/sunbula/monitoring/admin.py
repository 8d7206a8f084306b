"""The back office: a read-only window on situation records (services do the writing)."""

from __future__ import annotations

from django.contrib import admin

from sunbula.core.admin import ReadOnlyAdmin
from sunbula.monitoring import models


@admin.register(models.SituationDataset)
class SituationDatasetAdmin(ReadOnlyAdmin):
    list_display = ("name", "country", "classification", "published_on", "is_illustrative")
    list_filter = ("classification", "is_illustrative")
    search_fields = ("name", "source")


@admin.register(models.PhasePopulation)
class PhasePopulationAdmin(ReadOnlyAdmin):
    list_display = ("dataset", "admin_area", "period_type", "period_start", "phase3", "phase4")
    list_filter = ("period_type",)
    search_fields = ("admin_area__p_code",)
