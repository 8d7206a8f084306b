"""The back office: a read-only window on policy records (services do the writing)."""

from __future__ import annotations

from django.contrib import admin

from sunbula.core.admin import ReadOnlyAdmin
from sunbula.policy import models


@admin.register(models.PolicyProfile)
class PolicyProfileAdmin(ReadOnlyAdmin):
    list_display = ("country", "status", "validated_at", "published_at", "is_illustrative")
    list_filter = ("status",)


@admin.register(models.IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ("country", "series_code", "year", "value", "source", "retrieved_on")
    list_filter = ("series_code",)


@admin.register(models.AssessmentFramework)
class AssessmentFrameworkAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "version")


@admin.register(models.ReportSnapshot)
class ReportSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("taken_on", "content_sha256", "created_by")
    exclude = ("content",)
