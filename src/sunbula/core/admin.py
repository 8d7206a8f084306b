"""The back office: a read-only window on core records.

Writes happen on Sunbula's own pages and API, which go through services and leave an audit
entry; the admin is for looking things up, so it offers no add, change or delete.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunbula.core import models


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("email", "full_name", "preferred_language", "is_active", "is_staff")
    search_fields = ("email", "full_name")
    exclude = ("password",)


@admin.register(models.Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("name", "acronym", "kind", "iati_type", "iati_identifier", "country")
    list_filter = ("kind", "iati_type")
    search_fields = ("name", "acronym", "iati_identifier")


@admin.register(models.Country)
class CountryAdmin(ReadOnlyAdmin):
    list_display = ("name", "iso2", "iso3")
    search_fields = ("name", "iso2", "iso3")


@admin.register(models.MemberState)
class MemberStateAdmin(ReadOnlyAdmin):
    list_display = ("country", "oic_status", "iofs_membership", "iofs_member_since")
    list_filter = ("oic_status", "iofs_membership")


@admin.register(models.AdminArea)
class AdminAreaAdmin(ReadOnlyAdmin):
    list_display = ("p_code", "name", "level", "iso_3166_2", "country", "pcode_set_version")
    list_filter = ("level", "country")
    search_fields = ("p_code", "name")


@admin.register(models.Site)
class SiteAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "country", "admin_area", "operating_organisation")
    list_filter = ("kind", "country")
    search_fields = ("name",)


@admin.register(models.Currency)
class CurrencyAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "minor_units")


@admin.register(models.ExchangeRate)
class ExchangeRateAdmin(ReadOnlyAdmin):
    list_display = ("currency", "valid_from", "units_per_usd", "source", "is_illustrative")
    list_filter = ("currency",)


@admin.register(models.RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "organisation")
    list_filter = ("role",)


@admin.register(models.AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor_email", "action", "object_repr", "request_id")
    list_filter = ("action",)
    search_fields = ("action", "object_repr", "actor_email", "request_id")


@admin.register(models.ScheduleRun)
class ScheduleRunAdmin(ReadOnlyAdmin):
    list_display = ("name", "due_at", "started_at", "finished_at", "outcome", "message")
    list_filter = ("name", "outcome")


@admin.register(models.Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "kind", "subject", "read_at")
    list_filter = ("kind",)
    search_fields = ("subject", "recipient__email")


# django-otp's own admin shows and changes second-factor secrets; the back office offers
# neither (a user's second factor is set up and removed on Sunbula's pages, audited).
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
