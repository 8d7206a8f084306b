"""Pages live under a language prefix (/en/, /ar/, …); the API and health check do not."""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from sunbula.config.api import router
from sunbula.core import user_views
from sunbula.core import views as core_views
from sunbula.core.http import register_converters

register_converters()

handler400 = "sunbula.core.views.bad_request"
handler403 = "sunbula.core.views.permission_denied"
handler404 = "sunbula.core.views.page_not_found"
handler500 = "sunbula.core.middleware.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("api/v1/", include(router.urls)),
    path("openrosa/", include("sunbula.fieldforms.openrosa_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api_docs"),
]

urlpatterns += i18n_patterns(
    path("accounts/login/", core_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        user_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/reset/", user_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<token:uidb64>/<token:token>/",
        user_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # One sign-in page for everyone, with its lockout; the back office uses it too.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("partners/", include("sunbula.partners.urls")),
    path("registry/", include("sunbula.registry.urls")),
    path("policy/", include("sunbula.policy.urls")),
    path("monitoring/", include("sunbula.monitoring.urls")),
    path("programmes/", include("sunbula.programmes.urls")),
    path("funding/", include("sunbula.funding.urls")),
    path("learning/", include("sunbula.learning.urls")),
    path("supply/", include("sunbula.supply.urls")),
    path("assistance/", include("sunbula.assistance.urls")),
    path("allocation/", include("sunbula.allocation.urls")),
    path("reports/", include("sunbula.reports.urls")),
    path("forecasting/", include("sunbula.forecasting.urls")),
    path("field-forms/", include("sunbula.fieldforms.urls")),
    path("", include("sunbula.core.urls")),
)
