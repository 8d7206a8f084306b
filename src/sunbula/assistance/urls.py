from __future__ import annotations

from django.urls import path

from sunbula.assistance import cards, monitoring_views, offline, views, views_hand

app_name = "assistance"

urlpatterns = [
    path("", views.cycle_list, name="cycle_list"),
    path("cycles/new/", views.cycle_create, name="cycle_create"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/edit/", views.cycle_edit, name="cycle_edit"),
    path("cycles/<int:pk>/ration/", views.cycle_ration, name="cycle_ration"),
    path("cycles/<int:pk>/rules/", views.cycle_rule, name="cycle_rule"),
    path(
        "cycles/<int:pk>/monitoring/new/",
        monitoring_views.monitoring_start,
        name="monitoring_start",
    ),
    path("cycles/<int:pk>/preview/", views.cycle_preview, name="cycle_preview"),
    path("cycles/<int:pk>/steps/<slug:step>/", views.cycle_step, name="cycle_step"),
    path("cycles/<int:pk>/entitlements/", views.entitlement_list, name="entitlement_list"),
    path("cycles/<int:pk>/distributions/", views.distribution_desk, name="distribution_desk"),
    path(
        "cycles/<int:pk>/distributions/upload/",
        views.distribution_upload,
        name="distribution_upload",
    ),
    path("rules/<int:pk>/remove/", views.rule_remove, name="rule_remove"),
    path("cycles/<int:pk>/beneficiaries/new/", views_hand.beneficiary_add, name="beneficiary_add"),
    path("entitlements/<int:pk>/cancel/", views_hand.entitlement_cancel, name="entitlement_cancel"),
    path("entitlements/<int:pk>/reduce/", views_hand.entitlement_reduce, name="entitlement_reduce"),
    path("distributions/<int:pk>/", views.distribution_detail, name="distribution_detail"),
    path(
        "distributions/<int:pk>/reverse/", views.distribution_reverse, name="distribution_reverse"
    ),
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
    path("trace/projects/<int:pk>/", views.project_trace, name="project_trace"),
]
