from __future__ import annotations

from django.urls import path

from sunbula.core.views import record_paths
from sunbula.programmes import asset_views, profile_views, views

app_name = "programmes"

urlpatterns = [
    *record_paths("", "programme", views),
    path("<int:pk>/decisions/", views.decision_record, name="decision_record"),
    *record_paths("projects/", "project", views),
    path("projects/<int:pk>/locations/", views.project_locations, name="project_locations"),
    path("projects/<int:pk>/sectors/", views.project_sectors, name="project_sectors"),
    path("projects/<int:pk>/participants/", views.participant_add, name="participant_add"),
    path("participants/<int:pk>/remove/", views.participant_remove, name="participant_remove"),
    path("projects/<int:pk>/budgets/", views.budget_record, name="budget_record"),
    path(
        "projects/<int:pk>/target-groups/",
        profile_views.target_group_set,
        name="target_group_set",
    ),
    path("projects/<int:pk>/documents/", profile_views.document_add, name="document_add"),
    path("budgets/<int:pk>/remove/", views.budget_remove, name="budget_remove"),
    path("projects/<int:pk>/results/new/", views.result_create, name="result_create"),
    path("results/<int:pk>/remove/", views.result_remove, name="result_remove"),
    path("projects/<int:pk>/indicators/", views.indicator_create, name="indicator_create"),
    path("projects/<int:pk>/periods/", views.period_create, name="period_create"),
    path("projects/<int:pk>/targets/", views.target_set, name="target_set"),
    path("projects/<int:pk>/results/", views.project_results, name="project_results"),
    path("periods/<int:pk>/actuals/", views.actual_record, name="actual_record"),
    path("periods/<int:pk>/approve/", views.period_approve, name="period_approve"),
    path("periods/<int:pk>/unlock/", views.period_unlock, name="period_unlock"),
    *record_paths("assets/", "asset", asset_views),
    path("assets/<int:pk>/visits/", asset_views.visit_record, name="visit_record"),
    path("4w/", views.four_w, name="four_w"),
    path("4w/import/", views.three_w_import, name="three_w_import"),
]
