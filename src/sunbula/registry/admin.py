"""The back office: a read-only window on registry records, without personal data.

Writes go through the registry's pages, API and services; names, phones, identity numbers
and birth dates never appear here (the admin does not check protection clearance).
"""

from __future__ import annotations

from django.contrib import admin

from sunbula.core.admin import ReadOnlyAdmin
from sunbula.registry import models
from sunbula.registry.services.persons import PUBLIC_PERSON_FIELDS


@admin.register(models.Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = ("reference", "country", "admin_area", "displacement_status", "is_synthetic")
    list_filter = ("displacement_status", "is_synthetic")
    search_fields = ("reference", "external_id")


@admin.register(models.Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "external_id", "country", "admin_area", "sex", "status")
    list_filter = ("status", "sex", "displacement_status", "is_synthetic")
    search_fields = ("external_id",)
    # Exactly what the registry calls public: no names, phones, identity numbers or birth dates.
    fields = PUBLIC_PERSON_FIELDS


@admin.register(models.Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "status", "country", "site", "is_illustrative")
    list_filter = ("kind", "status")


@admin.register(models.Headcount)
class HeadcountAdmin(ReadOnlyAdmin):
    list_display = ("institution", "counted_on", "headcount", "method", "is_illustrative")


@admin.register(models.Farmer)
class FarmerAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "farm_area_ha", "tenure", "irrigation", "group_name")
    list_filter = ("tenure", "irrigation")


@admin.register(models.Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("person", "purpose", "given_on", "method", "expires_on", "withdrawn_on")


@admin.register(models.DuplicatePair)
class DuplicatePairAdmin(ReadOnlyAdmin):
    list_display = ("person_1", "person_2", "score", "status", "decided_at")
    list_filter = ("status",)


@admin.register(models.Merge)
class MergeAdmin(ReadOnlyAdmin):
    list_display = ("duplicate", "survivor", "merged_at", "undone_at")


@admin.register(models.ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ("file_name", "country", "status", "created_rows", "updated_rows", "started_at")
