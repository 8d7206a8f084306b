from __future__ import annotations

from django.urls import path

from sunbula.forecasting import views

app_name = "forecasting"

urlpatterns = [
    path("", views.forecast_list, name="forecast_list"),
    path("run/", views.forecast_run, name="forecast_run"),
    path("alerts/", views.thresholds, name="thresholds"),
    path("<int:pk>/", views.forecast_detail, name="forecast_detail"),
]
