from __future__ import annotations

from django.urls import path

from sunbula.core.views import record_paths, view_path
from sunbula.funding import views

app_name = "funding"

urlpatterns = [
    view_path("", views.overview),
    *record_paths("conferences/", "conference", views),
    view_path("conferences/<int:pk>/capture/", views.conference_capture),
    view_path("conferences/<int:pk>/publish/", views.conference_publish),
    path(
        "conferences/<int:pk>/announcements/", views.announcements, name="conference_announcements"
    ),
    *record_paths("pledges/", "pledge", views),
    view_path("pledges/<int:pk>/revise/", views.pledge_revise),
    view_path("pledges/<int:pk>/cancel/", views.pledge_cancel),
    view_path("pledges/<int:pk>/commitments/", views.commitment_create),
    view_path("pledges/<int:pk>/payments/", views.payment_create),
    view_path("commitments/<int:pk>/", views.commitment_detail),
    view_path("commitments/<int:pk>/edit/", views.commitment_edit),
    view_path("commitments/<int:pk>/cancel/", views.commitment_cancel),
    view_path("payments/<int:pk>/", views.payment_detail),
    view_path("payments/<int:pk>/edit/", views.payment_edit),
    view_path("payments/<int:pk>/cancel/", views.payment_cancel),
    view_path("requirements/", views.requirement_list),
    view_path("requirements/new/", views.requirement_create),
    view_path("requirements/<int:pk>/edit/", views.requirement_edit),
    *record_paths("appeals/", "appeal", views),
    view_path("donors/<int:pk>/", views.donor_detail),
    view_path("exports/fts-flows.csv", views.fts_flows_csv),
]
