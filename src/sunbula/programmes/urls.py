from __future__ import annotations

from django.urls import path

from sunbula.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/results/", views.project_results, name="project_results"),
    path("periods/<int:pk>/actuals/", views.actual_record, name="actual_record"),
    path("periods/<int:pk>/approve/", views.period_approve, name="period_approve"),
    path("periods/<int:pk>/unlock/", views.period_unlock, name="period_unlock"),
    path("4w/", views.four_w, name="four_w"),
    path("4w/import/", views.three_w_import, name="three_w_import"),
]
