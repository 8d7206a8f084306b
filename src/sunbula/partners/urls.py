from __future__ import annotations

from sunbula.core.views import record_paths, view_path
from sunbula.partners import views

app_name = "partners"

urlpatterns = [
    *record_paths("", "partner", views),
    view_path("<int:pk>/focal-points/", views.focal_point_add),
    view_path("focal-points/<int:pk>/edit/", views.focal_point_edit),
    view_path("focal-points/<int:pk>/remove/", views.focal_point_remove),
    view_path("alerts/", views.alerts),
    *record_paths("agreements/", "agreement", views),
    view_path("agreements/<int:pk>/step/<slug:step>/", views.agreement_step),
    view_path("agreements/<int:pk>/parties/", views.party_add),
    view_path("parties/<int:pk>/remove/", views.party_remove),
    view_path("agreements/<int:pk>/documents/", views.document_upload),
    view_path("documents/<int:pk>/", views.document_download),
    view_path("agreements/<int:pk>/obligations/", views.obligation_add),
    view_path("obligations/<int:pk>/status/", views.obligation_status),
    *record_paths("engagements/", "engagement", views),
    view_path("engagements/<int:pk>/follow-ups/", views.follow_up_add),
    view_path("follow-ups/<int:pk>/status/", views.follow_up_status),
]
