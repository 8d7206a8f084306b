"""The back office: a read-only window on report runs; reports are asked for on the pages
and the API, which go through the services."""

from __future__ import annotations

from django.contrib import admin

from sunbula.core.admin import ReadOnlyAdmin
from sunbula.reports import models


@admin.register(models.ReportRun)
class ReportRunAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "language", "status", "progress", "requested_by", "data_as_of")
    list_filter = ("kind", "status", "language")
    search_fields = ("donor__name", "pledge__reference", "requested_by__email")
