from __future__ import annotations

from sunbula.core.views import view_path
from sunbula.fieldforms import views

app_name = "fieldforms"

urlpatterns = [
    view_path("", views.overview),
    view_path("publish/", views.form_publish),
    view_path("forms/<int:pk>/", views.form_detail),
    view_path("forms/<int:pk>/open/", views.form_open_set),
    view_path("submissions/<int:pk>/", views.submission_detail),
    view_path("submissions/<int:pk>/reject/", views.submission_reject),
    view_path("submissions/files/<int:pk>/", views.attachment_download),
    view_path("refused/", views.refused_send_list),
    view_path("devices/", views.device_list),
    view_path("devices/<int:pk>/revoke/", views.device_revoke),
    view_path("kobo/", views.kobo_source_list),
    view_path("kobo/find/", views.kobo_source_find),
    view_path("kobo/<int:pk>/pull/", views.kobo_source_pull),
    view_path("kobo/<int:pk>/edit/", views.kobo_source_edit),
    view_path("kobo/<int:pk>/disconnect/", views.kobo_source_remove),
]
