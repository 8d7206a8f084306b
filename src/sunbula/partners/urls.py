from __future__ import annotations

from django.urls import path

from sunbula.core.views import record_paths
from sunbula.partners import views

app_name = "partners"

urlpatterns = [
    *record_paths("", "partner", views),
    path("<int:pk>/focal-points/", views.focal_point_add, name="focal_point_add"),
    path("focal-points/<int:pk>/remove/", views.focal_point_remove, name="focal_point_remove"),
    path("alerts/", views.alerts, name="alerts"),
    *record_paths("agreements/", "agreement", views),
    path("agreements/<int:pk>/step/<slug:step>/", views.agreement_step, name="agreement_step"),
    path("agreements/<int:pk>/parties/", views.party_add, name="party_add"),
    path("parties/<int:pk>/remove/", views.party_remove, name="party_remove"),
    path("agreements/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("agreements/<int:pk>/obligations/", views.obligation_add, name="obligation_add"),
    path("obligations/<int:pk>/status/", views.obligation_status, name="obligation_status"),
    *record_paths("engagements/", "engagement", views),
    path("engagements/<int:pk>/follow-ups/", views.follow_up_add, name="follow_up_add"),
    path("follow-ups/<int:pk>/status/", views.follow_up_status, name="follow_up_status"),
]
