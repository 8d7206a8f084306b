from __future__ import annotations

from django.urls import path

from sunbula.fieldforms import views

app_name = "fieldforms"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("publish/", views.form_publish, name="form_publish"),
    path("forms/<int:pk>/", views.form_detail, name="form_detail"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/reject/", views.submission_reject, name="submission_reject"),
    path("devices/", views.device_list, name="device_list"),
    path("devices/<int:pk>/revoke/", views.device_revoke, name="device_revoke"),
    path("kobo/", views.kobo_source_list, name="kobo_source_list"),
    path("kobo/<int:pk>/pull/", views.kobo_source_pull, name="kobo_source_pull"),
]
