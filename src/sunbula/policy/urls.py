from __future__ import annotations

from sunbula.core.views import view_path
from sunbula.policy import framework_views, indicator_views, views

app_name = "policy"

urlpatterns = [
    view_path("", views.profile_list),
    view_path("new/", views.profile_create),
    view_path("<int:pk>/", views.profile_detail),
    view_path("<int:pk>/submit/", views.profile_submit),
    view_path("<int:pk>/validate/", views.profile_validate),
    view_path("<int:pk>/publish/", views.profile_publish),
    view_path("<int:pk>/reopen/", views.profile_reopen),
    view_path("<int:pk>/add/<slug:kind>/", views.record_add),
    view_path("records/<slug:kind>/<int:pk>/edit/", views.record_edit),
    view_path("records/<slug:kind>/<int:pk>/remove/", views.record_remove),
    view_path("indicators/", views.indicator_list),
    view_path("indicators/import/", views.indicator_import),
    view_path("indicators/new/", indicator_views.indicator_record),
    view_path("gaps/", views.gap_list),
    view_path("map/", views.member_state_map),
    view_path("frameworks/", views.framework_list),
    view_path("frameworks/new/", framework_views.framework_create),
    view_path("frameworks/<int:pk>/", views.framework_detail),
    view_path("reports/", views.report_list),
    view_path("reports/<int:pk>/", views.report_detail),
    view_path("reports/<int:pk>/pdf/", views.report_pdf),
]
