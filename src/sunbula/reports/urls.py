from __future__ import annotations

from django.urls import path

from sunbula.reports import views

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
    path("runs/", views.report_runs, name="report_runs"),
    path("runs/donor/", views.donor_report_request, name="donor_report_request"),
    path("runs/governing-body/", views.governing_report_request, name="governing_report_request"),
    path("runs/<int:pk>/", views.report_run_detail, name="report_run_detail"),
    path("runs/<int:pk>/report.html", views.report_run_html, name="report_run_html"),
    path("runs/<int:pk>/report.pdf", views.report_run_pdf, name="report_run_pdf"),
]
