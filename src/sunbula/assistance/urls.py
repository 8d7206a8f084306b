from __future__ import annotations

from django.urls import path

from sunbula.assistance import cards, offline, views

app_name = "assistance"

urlpatterns = [
    path("", views.cycle_list, name="cycle_list"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("trace/pledges/<int:pk>/", views.pledge_trace, name="pledge_trace"),
    path("trace/lots/<int:pk>/", views.lot_trace, name="lot_trace"),
    # The distribution point; the service worker's folder holds every point's page.
    path("point/sw.js", offline.point_service_worker, name="point_sw"),
    path("point/<int:cycle>/<int:site>/", offline.point_page, name="point"),
    path(
        "point/<int:cycle>/<int:site>/manifest.webmanifest",
        offline.point_manifest,
        name="point_manifest",
    ),
    path("cycles/<int:pk>/cards.pdf", cards.cycle_cards, name="cycle_cards"),
]
