"""The back office: a read-only window on funding records (writes go through services)."""

from __future__ import annotations

from django.contrib import admin

from sunbula.core.admin import ReadOnlyAdmin
from sunbula.funding import models


@admin.register(models.DonorConference)
class DonorConferenceAdmin(ReadOnlyAdmin):
    list_display = ("title", "starts_on", "modality", "country", "announcements_published")


@admin.register(models.Pledge)
class PledgeAdmin(ReadOnlyAdmin):
    list_display = ("reference", "donor", "pledged_on", "amount", "currency", "amount_usd")
    list_filter = ("status", "contribution_type", "budget_year")
    search_fields = ("reference", "donor__name")


@admin.register(models.Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ("pledge", "committed_on", "amount", "amount_usd")


@admin.register(models.Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("commitment", "paid_on", "amount", "currency", "amount_usd")


@admin.register(models.FundingRequirement)
class FundingRequirementAdmin(ReadOnlyAdmin):
    list_display = ("country", "programme", "project", "year", "amount_usd")


@admin.register(models.Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "country")
