"""The back office: a read-only window on partnership records (writes go through services)."""

from __future__ import annotations

from django.contrib import admin

from sunbula.core.admin import ReadOnlyAdmin
from sunbula.partners import models


@admin.register(models.Partner)
class PartnerAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "roles", "sectors")
    search_fields = ("organisation__name", "organisation__acronym")


@admin.register(models.FocalPoint)
class FocalPointAdmin(ReadOnlyAdmin):
    list_display = ("title", "name", "organisation", "partner")


@admin.register(models.Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "status", "country", "signed_on", "valid_until")
    list_filter = ("status", "kind")
    search_fields = ("title",)


@admin.register(models.AgreementParty)
class AgreementPartyAdmin(ReadOnlyAdmin):
    list_display = ("agreement", "organisation", "role")


@admin.register(models.DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ("document", "number", "original_name", "content_type", "size", "uploaded_at")


@admin.register(models.Obligation)
class ObligationAdmin(ReadOnlyAdmin):
    list_display = ("description", "agreement", "owner", "due_on", "status")
    list_filter = ("status",)


@admin.register(models.Engagement)
class EngagementAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "held_on", "place", "event", "country")
    list_filter = ("kind",)
    search_fields = ("title", "place", "event")


@admin.register(models.FollowUpAction)
class FollowUpActionAdmin(ReadOnlyAdmin):
    list_display = ("description", "engagement", "owner", "due_on", "status")
    list_filter = ("status",)
