from __future__ import annotations

from sunbula.core.views import view_path
from sunbula.forecasting import views

app_name = "forecasting"

urlpatterns = [
    view_path("", views.forecast_list),
    view_path("run/", views.forecast_run),
    view_path("alerts/", views.thresholds),
    view_path("<int:pk>/", views.forecast_detail),
]
