from __future__ import annotations

from django.urls import path

from sunbula.core import rate_views, security_views, user_views, views
from sunbula.core.views import record_paths

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    *record_paths("organisations/", "organisation", views),
    path("member-states/", views.member_state_list, name="member_state_list"),
    path("member-states/<iso3:iso3>/", views.member_state_detail, name="member_state_detail"),
    *record_paths("sites/", "site", views),
    path("audit/", views.audit_list, name="audit_list"),
    path("exchange-rates/", rate_views.rate_list, name="rate_list"),
    path("exchange-rates/new/", rate_views.rate_create, name="rate_create"),
    path("users/", user_views.user_list, name="user_list"),
    path("users/invite/", user_views.user_invite, name="user_invite"),
    path("users/<int:pk>/", user_views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", user_views.user_edit, name="user_edit"),
    path("users/<int:pk>/active/", user_views.user_active, name="user_active"),
    path("users/<int:pk>/roles/", user_views.role_grant, name="role_grant"),
    path("users/roles/<int:pk>/revoke/", user_views.role_revoke, name="role_revoke"),
    path("users/<int:pk>/clearance/", user_views.clearance_grant, name="clearance_grant"),
    path("users/<int:pk>/clearance/revoke/", user_views.clearance_revoke, name="clearance_revoke"),
    path("users/api-tokens/", user_views.api_token_list, name="api_token_list"),
    path("account/api-tokens/", user_views.api_token_mine, name="api_token_mine"),
    path(
        "account/api-tokens/<int:pk>/revoke/",
        user_views.api_token_revoke,
        name="api_token_revoke",
    ),
    path(
        "users/<int:pk>/second-factor/reset/",
        security_views.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
    path("accounts/security/", security_views.security, name="security"),
    path(
        "accounts/security/set-up/",
        security_views.second_factor_set_up,
        name="second_factor_set_up",
    ),
    path(
        "accounts/security/recovery-codes/",
        security_views.recovery_codes_regenerate,
        name="recovery_codes_regenerate",
    ),
    path(
        "accounts/security/disable/",
        security_views.second_factor_disable,
        name="second_factor_disable",
    ),
    path("accounts/verify/", security_views.second_factor_verify, name="second_factor_verify"),
    path("invitation/<signed:token>/", user_views.invitation_accept, name="invitation_accept"),
    path("search/", views.search_page, name="search"),
    path("schedules/", views.schedule_list, name="schedule_list"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path(
        "notifications/preferences/",
        views.notification_preferences,
        name="notification_preferences",
    ),
]
