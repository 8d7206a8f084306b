from __future__ import annotations

from django.urls import path

from sunbula.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dataset_list, name="dataset_list"),
    path("import/", views.dataset_import, name="dataset_import"),
    path("<int:pk>/", views.dataset_detail, name="dataset_detail"),
    path("<int:pk>/map/", views.dataset_map, name="dataset_map"),
    path("prices/", views.market_list, name="market_list"),
    path("prices/markets/new/", views.market_create, name="market_create"),
    path("prices/markets/<int:pk>/", views.market_detail, name="market_detail"),
    path("prices/markets/<int:pk>/record/", views.price_create, name="price_create"),
]
