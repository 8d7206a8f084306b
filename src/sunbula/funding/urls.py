from __future__ import annotations

from django.urls import path

from sunbula.core.views import record_paths
from sunbula.funding import views

app_name = "funding"

urlpatterns = [
    path("", views.overview, name="overview"),
    *record_paths("conferences/", "conference", views),
    path("conferences/<int:pk>/capture/", views.conference_capture, name="conference_capture"),
    path("conferences/<int:pk>/publish/", views.conference_publish, name="conference_publish"),
    path(
        "conferences/<int:pk>/announcements/", views.announcements, name="conference_announcements"
    ),
    *record_paths("pledges/", "pledge", views),
    path("pledges/<int:pk>/revise/", views.pledge_revise, name="pledge_revise"),
    path("pledges/<int:pk>/cancel/", views.pledge_cancel, name="pledge_cancel"),
    path("pledges/<int:pk>/commitments/", views.commitment_create, name="commitment_create"),
    path("pledges/<int:pk>/payments/", views.payment_create, name="payment_create"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("payments/<int:pk>/", views.payment_detail, name="payment_detail"),
    path("payments/<int:pk>/edit/", views.payment_edit, name="payment_edit"),
    path("payments/<int:pk>/cancel/", views.payment_cancel, name="payment_cancel"),
    path("requirements/", views.requirement_list, name="requirement_list"),
    path("requirements/new/", views.requirement_create, name="requirement_create"),
    path("requirements/<int:pk>/edit/", views.requirement_edit, name="requirement_edit"),
    *record_paths("appeals/", "appeal", views),
    path("donors/<int:pk>/", views.donor_detail, name="donor_detail"),
    path("exports/fts-flows.csv", views.fts_flows_csv, name="fts_flows_csv"),
]
