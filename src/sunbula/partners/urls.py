from __future__ import annotations

from django.urls import path

from sunbula.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.partner_list, name="partner_list"),
    path("new/", views.partner_create, name="partner_create"),
    path("<int:pk>/", views.partner_detail, name="partner_detail"),
    path("<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("<int:pk>/focal-points/", views.focal_point_add, name="focal_point_add"),
    path("focal-points/<int:pk>/remove/", views.focal_point_remove, name="focal_point_remove"),
    path("alerts/", views.alerts, name="alerts"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/step/<slug:step>/", views.agreement_step, name="agreement_step"),
    path("agreements/<int:pk>/parties/", views.party_add, name="party_add"),
    path("parties/<int:pk>/remove/", views.party_remove, name="party_remove"),
    path("agreements/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("agreements/<int:pk>/obligations/", views.obligation_add, name="obligation_add"),
    path("obligations/<int:pk>/status/", views.obligation_status, name="obligation_status"),
    path("engagements/", views.engagement_list, name="engagement_list"),
    path("engagements/new/", views.engagement_create, name="engagement_create"),
    path("engagements/<int:pk>/", views.engagement_detail, name="engagement_detail"),
    path("engagements/<int:pk>/edit/", views.engagement_edit, name="engagement_edit"),
    path("engagements/<int:pk>/follow-ups/", views.follow_up_add, name="follow_up_add"),
    path("follow-ups/<int:pk>/status/", views.follow_up_status, name="follow_up_status"),
]
