from __future__ import annotations

from django.urls import path

from sunbula.core.views import view_path
from sunbula.reports import views

app_name = "reports"

urlpatterns = [
    view_path("", views.export_list),
    view_path("iati-activities.xml", views.iati_export),
    path("4w.csv", views.four_w_csv_export, name="four_w_csv"),
    path("4w.xlsx", views.four_w_xlsx_export, name="four_w_xlsx"),
    view_path("dashboards/", views.dashboard_index),
    view_path("dashboards/countries/<iso3:iso3>/", views.country_dashboard),
    view_path("dashboards/programmes/<int:pk>/", views.programme_dashboard),
    view_path("dashboards/projects/<int:pk>/", views.project_dashboard),
    view_path("runs/", views.report_runs),
    view_path("runs/donor/", views.donor_report_request),
    view_path("runs/governing-body/", views.governing_report_request),
    view_path("runs/<int:pk>/", views.report_run_detail),
    view_path("runs/<int:pk>/report.html", views.report_run_html),
    view_path("runs/<int:pk>/report.pdf", views.report_run_pdf),
]
