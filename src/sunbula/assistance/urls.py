from __future__ import annotations

from django.urls import path

from sunbula.assistance import views

app_name = "assistance"

urlpatterns = [
    path("", views.cycle_list, name="cycle_list"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("trace/pledges/<int:pk>/", views.pledge_trace, name="pledge_trace"),
    path("trace/lots/<int:pk>/", views.lot_trace, name="lot_trace"),
]
