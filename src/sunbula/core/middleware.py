"""Request id for the audit trail, and sign-in required everywhere but public pages."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import resolve
from django.utils.translation import gettext as _

from sunbula.core.audit import current_request_id, new_request_id

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

# URL names that anyone may open; everything else needs a signed-in user.
PUBLIC_URL_NAMES = frozenset({"login", "healthz", "set_language", "javascript-catalog"})
# Paths whose views authenticate each request themselves.
SELF_AUTHENTICATING = ("/api/", "/openrosa/")


class RequestIdMiddleware:
    """Tag the request (and its audit entries) with an id, taken from the proxy if given."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else new_request_id()
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class LoginRequiredMiddleware:
    """Deny by default: a page is public only if marked @login_not_required or listed here.

    The API and the OpenRosa server authenticate their own way (tokens, HTTP Basic, device
    keys), so they answer 401/403 themselves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: object,
        view_kwargs: object,
    ) -> HttpResponse | None:
        if request.user.is_authenticated or request.path.startswith(SELF_AUTHENTICATING):
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        # Django's @login_not_required marks a view public by design.
        if getattr(view_func, "login_required", True) is False:
            return None
        if resolve(request.path_info).url_name in PUBLIC_URL_NAMES:
            return None
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse({"detail": _("Sign in first.")}, status=401)
        return redirect_to_login(request.get_full_path())
