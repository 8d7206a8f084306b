from __future__ import annotations

from django.urls import path

from sunbula.assistance import cards, monitoring_views, offline, views, views_hand
from sunbula.core.views import view_path

app_name = "assistance"

urlpatterns = [
    view_path("", views.cycle_list),
    view_path("cycles/new/", views.cycle_create),
    view_path("cycles/<int:pk>/", views.cycle_detail),
    view_path("cycles/<int:pk>/edit/", views.cycle_edit),
    view_path("cycles/<int:pk>/ration/", views.cycle_ration),
    view_path("cycles/<int:pk>/rules/", views.cycle_rule),
    view_path("cycles/<int:pk>/monitoring/new/", monitoring_views.monitoring_start),
    view_path("cycles/<int:pk>/preview/", views.cycle_preview),
    view_path("cycles/<int:pk>/steps/<slug:step>/", views.cycle_step),
    view_path("cycles/<int:pk>/entitlements/", views.entitlement_list),
    view_path("cycles/<int:pk>/distributions/", views.distribution_desk),
    view_path("cycles/<int:pk>/distributions/upload/", views.distribution_upload),
    view_path("rules/<int:pk>/remove/", views.rule_remove),
    view_path("cycles/<int:pk>/beneficiaries/new/", views_hand.beneficiary_add),
    view_path("entitlements/<int:pk>/cancel/", views_hand.entitlement_cancel),
    view_path("entitlements/<int:pk>/reduce/", views_hand.entitlement_reduce),
    view_path("distributions/<int:pk>/", views.distribution_detail),
    view_path("distributions/<int:pk>/reverse/", views.distribution_reverse),
    view_path("trace/pledges/<int:pk>/", views.pledge_trace),
    view_path("trace/lots/<int:pk>/", views.lot_trace),
    # The distribution point; the service worker's folder holds every point's page.
    path("point/sw.js", offline.point_service_worker, name="point_sw"),
    path("point/<int:cycle>/<int:site>/", offline.point_page, name="point"),
    view_path("point/<int:cycle>/<int:site>/manifest.webmanifest", offline.point_manifest),
    view_path("cycles/<int:pk>/cards.pdf", cards.cycle_cards),
    view_path("trace/projects/<int:pk>/", views.project_trace),
]
