from __future__ import annotations

from django.urls import path

from sunbula.programmes import asset_views, profile_views, views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("new/", views.programme_create, name="programme_create"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("<int:pk>/decisions/", views.decision_record, name="decision_record"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
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
    path("assets/", asset_views.asset_list, name="asset_list"),
    path("assets/new/", asset_views.asset_create, name="asset_create"),
    path("assets/<int:pk>/", asset_views.asset_detail, name="asset_detail"),
    path("assets/<int:pk>/edit/", asset_views.asset_edit, name="asset_edit"),
    path("assets/<int:pk>/visits/", asset_views.visit_record, name="visit_record"),
    path("4w/", views.four_w, name="four_w"),
    path("4w/import/", views.three_w_import, name="three_w_import"),
]
