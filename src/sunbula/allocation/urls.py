from __future__ import annotations

from django.urls import path

from sunbula.allocation import views

app_name = "allocation"

urlpatterns = [
    path("", views.proposal_list, name="proposal_list"),
    path("cycles/<int:pk>/", views.cycle_allocation, name="cycle_allocation"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/<slug:step>/", views.proposal_step, name="proposal_step"),
    path("lines/<int:pk>/", views.line_adjust, name="line_adjust"),
    path("basket/", views.food_basket, name="food_basket"),
]
