"""Field capture in the back office: read-only, as every record (pages and services write)."""

from __future__ import annotations

from django.contrib import admin

from sunbula.core.admin import ReadOnlyAdmin
from sunbula.fieldforms.models import Device, FieldForm, KoboSource, Submission


@admin.register(FieldForm)
class FieldFormAdmin(ReadOnlyAdmin):
    list_display = ("title", "form_id", "purpose", "country", "is_open")
    search_fields = ("title", "form_id")


@admin.register(Device)
class DeviceAdmin(ReadOnlyAdmin):
    list_display = ("label", "user", "country", "site", "issued_at", "revoked_at")
    exclude = ("token_digest",)


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("instance_id", "form", "channel", "status", "received_at")
    list_filter = ("status", "channel")
    exclude = ("sealed",)


@admin.register(KoboSource)
class KoboSourceAdmin(ReadOnlyAdmin):
    list_display = ("name", "asset_uid", "form", "pulled_until")
    exclude = ("secret_digest",)
