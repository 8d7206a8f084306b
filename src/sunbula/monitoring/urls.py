from __future__ import annotations

from sunbula.core.views import view_path
from sunbula.monitoring import views

app_name = "monitoring"

urlpatterns = [
    view_path("", views.dataset_list),
    view_path("import/", views.dataset_import),
    view_path("<int:pk>/", views.dataset_detail),
    view_path("<int:pk>/map/", views.dataset_map),
    view_path("<int:pk>/remove/", views.dataset_remove),
    view_path("prices/", views.market_list),
    view_path("prices/markets/new/", views.market_create),
    view_path("prices/markets/<int:pk>/", views.market_detail),
    view_path("prices/markets/<int:pk>/edit/", views.market_edit),
    view_path("prices/markets/<int:pk>/record/", views.price_create),
    view_path("prices/<int:pk>/remove/", views.price_remove),
]
