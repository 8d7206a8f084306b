from __future__ import annotations

from sunbula.allocation import views
from sunbula.core.views import view_path

app_name = "allocation"

urlpatterns = [
    view_path("", views.proposal_list),
    view_path("cycles/<int:pk>/", views.cycle_allocation),
    view_path("proposals/<int:pk>/", views.proposal_detail),
    view_path("proposals/<int:pk>/<slug:step>/", views.proposal_step),
    view_path("lines/<int:pk>/", views.line_adjust),
    view_path("basket/", views.food_basket),
]
