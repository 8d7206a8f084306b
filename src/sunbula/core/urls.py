from __future__ import annotations

from django.urls import path

from sunbula.core import rate_views, security_views, user_views, views
from sunbula.core.views import record_paths, view_path

app_name = "core"

urlpatterns = [
    view_path("", views.home),
    *record_paths("organisations/", "organisation", views),
    view_path("member-states/", views.member_state_list),
    view_path("member-states/<iso3:iso3>/", views.member_state_detail),
    *record_paths("sites/", "site", views),
    view_path("audit/", views.audit_list),
    view_path("exchange-rates/", rate_views.rate_list),
    view_path("exchange-rates/new/", rate_views.rate_create),
    view_path("users/", user_views.user_list),
    view_path("users/invite/", user_views.user_invite),
    view_path("users/<int:pk>/", user_views.user_detail),
    view_path("users/<int:pk>/edit/", user_views.user_edit),
    view_path("users/<int:pk>/active/", user_views.user_active),
    view_path("users/<int:pk>/roles/", user_views.role_grant),
    view_path("users/roles/<int:pk>/revoke/", user_views.role_revoke),
    view_path("users/<int:pk>/clearance/", user_views.clearance_grant),
    view_path("users/<int:pk>/clearance/revoke/", user_views.clearance_revoke),
    view_path("users/api-tokens/", user_views.api_token_list),
    view_path("account/api-tokens/", user_views.api_token_mine),
    view_path("account/api-tokens/<int:pk>/revoke/", user_views.api_token_revoke),
    view_path("users/<int:pk>/second-factor/reset/", security_views.user_second_factor_reset),
    view_path("accounts/security/", security_views.security),
    view_path("accounts/security/set-up/", security_views.second_factor_set_up),
    view_path("accounts/security/recovery-codes/", security_views.recovery_codes_regenerate),
    view_path("accounts/security/disable/", security_views.second_factor_disable),
    view_path("accounts/verify/", security_views.second_factor_verify),
    view_path("invitation/<signed:token>/", user_views.invitation_accept),
    path("search/", views.search_page, name="search"),
    view_path("schedules/", views.schedule_list),
    view_path("notifications/", views.notification_list),
    view_path("notifications/read/", views.notifications_read),
    view_path("notifications/preferences/", views.notification_preferences),
]
