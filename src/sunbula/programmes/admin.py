"""The back office: read-only lists of programme records (writes go through the services)."""

from __future__ import annotations

from django.contrib import admin

from sunbula.core.admin import ReadOnlyAdmin
from sunbula.programmes import models


@admin.register(models.Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "reporting_organisation", "iati_reporting_ref")
    search_fields = ("code", "name")


@admin.register(models.Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "programme", "recipient_country", "status", "is_illustrative")
    list_filter = ("status", "programme", "humanitarian")
    search_fields = ("code", "title")


@admin.register(models.ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdmin):
    list_display = ("project", "period_start", "period_end", "approved_at", "approved_by")


@admin.register(models.IndicatorActual)
class IndicatorActualAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "period", "sex", "age_group", "displacement", "value", "source")


@admin.register(models.ThreeWImport)
class ThreeWImportAdmin(ReadOnlyAdmin):
    list_display = ("file_name", "country", "organisation", "imported_at")
