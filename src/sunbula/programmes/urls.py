from __future__ import annotations

from sunbula.core.views import record_paths, view_path
from sunbula.programmes import asset_views, profile_views, views

app_name = "programmes"

urlpatterns = [
    *record_paths("", "programme", views),
    view_path("<int:pk>/decisions/", views.decision_record),
    view_path("decisions/<int:pk>/edit/", views.decision_edit),
    view_path("decisions/<int:pk>/remove/", views.decision_remove),
    *record_paths("projects/", "project", views),
    view_path("projects/<int:pk>/locations/", views.project_locations),
    view_path("projects/<int:pk>/sectors/", views.project_sectors),
    view_path("projects/<int:pk>/participants/", views.participant_add),
    view_path("participants/<int:pk>/remove/", views.participant_remove),
    view_path("projects/<int:pk>/budgets/", views.budget_record),
    view_path("projects/<int:pk>/target-groups/", profile_views.target_group_set),
    view_path("projects/<int:pk>/documents/", profile_views.document_add),
    view_path("documents/<int:pk>/edit/", profile_views.document_edit),
    view_path("documents/<int:pk>/remove/", profile_views.document_remove),
    view_path("budgets/<int:pk>/remove/", views.budget_remove),
    view_path("projects/<int:pk>/results/new/", views.result_create),
    view_path("results/<int:pk>/remove/", views.result_remove),
    view_path("projects/<int:pk>/indicators/", views.indicator_create),
    view_path("indicators/<int:pk>/edit/", views.indicator_edit),
    view_path("indicators/<int:pk>/remove/", views.indicator_remove),
    view_path("projects/<int:pk>/periods/", views.period_create),
    view_path("projects/<int:pk>/targets/", views.target_set),
    view_path("projects/<int:pk>/results/", views.project_results),
    view_path("periods/<int:pk>/actuals/", views.actual_record),
    view_path("periods/<int:pk>/edit/", views.period_edit),
    view_path("periods/<int:pk>/remove/", views.period_remove),
    view_path("periods/<int:pk>/approve/", views.period_approve),
    view_path("periods/<int:pk>/unlock/", views.period_unlock),
    *record_paths("assets/", "asset", asset_views),
    view_path("assets/<int:pk>/visits/", asset_views.visit_record),
    view_path("visits/<int:pk>/edit/", asset_views.visit_edit),
    view_path("visits/<int:pk>/remove/", asset_views.visit_remove),
    view_path("4w/", views.four_w),
    view_path("4w/import/", views.three_w_import),
]
