from __future__ import annotations

from django.urls import path

from sunbula.reports import report_views, views

app_name = "reports"

urlpatterns = [
    path("", views.export_list, name="export_list"),
    path("iati-activities.xml", views.iati_export, name="iati_export"),
    path("4w.csv", views.four_w_csv_export, name="four_w_csv"),
    path("4w.xlsx", views.four_w_xlsx_export, name="four_w_xlsx"),
    path("dashboards/", views.dashboard_index, name="dashboard_index"),
    path("dashboards/countries/<iso3:iso3>/", views.country_dashboard, name="country_dashboard"),
    path("dashboards/programmes/<int:pk>/", views.programme_dashboard, name="programme_dashboard"),
    path("dashboards/projects/<int:pk>/", views.project_dashboard, name="project_dashboard"),
]

urlpatterns += report_views.urlpatterns
