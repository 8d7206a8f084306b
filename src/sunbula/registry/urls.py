from __future__ import annotations

from django.urls import path

from sunbula.core.views import record_paths
from sunbula.registry import check_views, duplicate_flag, record_views, views

app_name = "registry"

urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/export/", views.person_export, name="person_export"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", record_views.person_edit, name="person_edit"),
    path("people/<int:pk>/consents/", record_views.consent_create, name="consent_create"),
    path("people/<int:pk>/farm/", record_views.farmer_edit, name="farmer_edit"),
    path("people/<int:pk>/flag-duplicate/", duplicate_flag.duplicate_flag, name="duplicate_flag"),
    path("consents/<int:pk>/withdraw/", record_views.consent_withdraw, name="consent_withdraw"),
    *record_paths("households/", "household", views, record_views),
    *record_paths("institutions/", "institution", views, record_views),
    path("duplicates/", views.duplicate_queue, name="duplicate_queue"),
    path("duplicates/checks/", check_views.check_list, name="check_list"),
    path("duplicates/checks/new/", check_views.check_create, name="check_create"),
    path("duplicates/<int:pk>/confirm/", views.duplicate_confirm, name="duplicate_confirm"),
    path("duplicates/<int:pk>/dismiss/", views.duplicate_dismiss, name="duplicate_dismiss"),
    path("merges/<int:pk>/undo/", views.merge_undo, name="merge_undo"),
    path("imports/", views.import_create, name="import_create"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
]
