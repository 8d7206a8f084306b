from __future__ import annotations

from django.urls import path

from sunbula.policy import framework_views, views

app_name = "policy"

urlpatterns = [
    path("", views.profile_list, name="profile_list"),
    path("new/", views.profile_create, name="profile_create"),
    path("<int:pk>/", views.profile_detail, name="profile_detail"),
    path("<int:pk>/submit/", views.profile_submit, name="profile_submit"),
    path("<int:pk>/validate/", views.profile_validate, name="profile_validate"),
    path("<int:pk>/publish/", views.profile_publish, name="profile_publish"),
    path("<int:pk>/reopen/", views.profile_reopen, name="profile_reopen"),
    path("<int:pk>/add/<slug:kind>/", views.record_add, name="record_add"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/import/", views.indicator_import, name="indicator_import"),
    path("gaps/", views.gap_list, name="gap_list"),
    path("map/", views.member_state_map, name="member_state_map"),
    path("frameworks/", views.framework_list, name="framework_list"),
    path("frameworks/new/", framework_views.framework_create, name="framework_create"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
]
