from __future__ import annotations

from django.urls import path

from sunbula.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.export_list, name="export_list"),
    path("iati-activities.xml", views.iati_export, name="iati_export"),
    path("4w.csv", views.four_w_csv_export, name="four_w_csv"),
    path("4w.xlsx", views.four_w_xlsx_export, name="four_w_xlsx"),
]
