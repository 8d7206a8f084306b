from __future__ import annotations

from sunbula.core.views import record_paths, view_path
from sunbula.registry import check_views, duplicate_flag, record_views, subject_views, views

app_name = "registry"

urlpatterns = [
    view_path("people/", views.person_list),
    view_path("people/new/", views.person_create),
    view_path("people/export/", views.person_export),
    view_path("people/<int:pk>/", views.person_detail),
    view_path("people/<int:pk>/edit/", record_views.person_edit),
    view_path("people/<int:pk>/consents/", record_views.consent_create),
    view_path("people/<int:pk>/farm/", record_views.farmer_edit),
    view_path("people/<int:pk>/flag-duplicate/", duplicate_flag.duplicate_flag),
    view_path("people/<int:pk>/subject-access/", subject_views.person_subject_access),
    view_path("people/<int:pk>/erase/", subject_views.person_erase),
    view_path("consents/<int:pk>/withdraw/", record_views.consent_withdraw),
    *record_paths("households/", "household", views, record_views),
    *record_paths("institutions/", "institution", views, record_views),
    view_path("duplicates/", views.duplicate_queue),
    view_path("duplicates/checks/", check_views.check_list),
    view_path("duplicates/checks/new/", check_views.check_create),
    view_path("duplicates/<int:pk>/confirm/", views.duplicate_confirm),
    view_path("duplicates/<int:pk>/dismiss/", views.duplicate_dismiss),
    view_path("merges/<int:pk>/undo/", views.merge_undo),
    view_path("imports/", views.import_create),
    view_path("imports/<int:pk>/", views.import_detail),
]
