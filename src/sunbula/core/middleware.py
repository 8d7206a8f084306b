"""Request id for the audit trail, sign-in required everywhere but public pages, sessions
that end, a second factor before any page where one is owed, personal data never cached, a
Content-Security-Policy on every answer, a body whose declared length is not a number
refused, and a clear 503 while the database (or the shared cache the limits are counted in)
is unreachable."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import defaults
from redis.exceptions import ConnectionError as CacheConnectionError
from redis.exceptions import TimeoutError as CacheTimeoutError

from sunbula.core import privacy, signin
from sunbula.core.audit import current_request_id, new_request_id
from sunbula.core.http import declared_length

log = logging.getLogger(__name__)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

# URL names that anyone may open; everything else needs a signed-in user.
PUBLIC_URL_NAMES = frozenset({"login", "healthz", "set_language", "javascript-catalog"})
# Paths whose views authenticate each request themselves.
SELF_AUTHENTICATING = ("/api/", "/openrosa/")


class HookMiddleware:
    """A middleware that acts only in Django's hooks around the view (`process_view`,
    `process_exception`); the request itself passes straight through."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: object,
        view_kwargs: object,
    ) -> HttpResponse | None:
        return self.before_view(request, view_func)

    def before_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse]
    ) -> HttpResponse | None:
        """What to answer instead of the view (none: the view answers)."""
        return None


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


class ContentSecurityPolicyMiddleware:
    """Every answer carries settings.CONTENT_SECURITY_POLICY (no inline script or style
    anywhere), unless its view set a policy of its own; the paths of
    settings.CONTENT_SECURITY_POLICY_RELAXED (the API's Swagger page, whose library writes
    inline script and style) get the relaxed policy instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            relaxed = request.path_info.startswith(tuple(settings.CONTENT_SECURITY_POLICY_RELAXED))
            response["Content-Security-Policy"] = (
                settings.CONTENT_SECURITY_POLICY_RELAXED_POLICY
                if relaxed
                else settings.CONTENT_SECURITY_POLICY
            )
        return response


class DeclaredLengthMiddleware(HookMiddleware):
    """A request whose Content-Length is not a number of bytes is refused (400, through
    handler400) before anything reads its body: the CSRF check, a page's form, the API's
    parsers and the OpenRosa server alike."""

    def before_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse]
    ) -> HttpResponse | None:
        declared_length(request)
        return None


class LoginRequiredMiddleware(HookMiddleware):
    """Deny by default: a page is public only if marked @login_not_required or listed here.

    The API and the OpenRosa server authenticate their own way (tokens, HTTP Basic, device
    keys), so they answer 401/403 themselves.
    """

    def before_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse]
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


class SessionLifetimeMiddleware:
    """A session ends after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS
    after signing in; the next request is anonymous (and so asked to sign in again)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and signin.session_expired(request):
            logout(request)
            if not request.path.startswith(SELF_AUTHENTICATING):
                messages.info(request, _("Your session ended. Please sign in again."))
        response = self.get_response(request)
        if request.user.is_authenticated:  # perhaps signed in by this very request
            signin.seen_cookie_renew(request, response)
        elif signin.SEEN_COOKIE in request.COOKIES:
            response.delete_cookie(signin.SEEN_COOKIE, samesite="Lax")
        return response


# What a session that owes a second factor may still open, besides the page that takes it.
OPEN_WHILE_OWED = frozenset({"logout", "set_language", "javascript-catalog"})
SECOND_FACTOR_PAGES = {
    signin.VERIFY: "core:second_factor_verify",
    signin.SET_UP: "core:second_factor_set_up",
}


class SecondFactorMiddleware(HookMiddleware):
    """After the password, a session of someone with a second factor gives a code before any
    other page; administrators and anyone with protection clearance without one set it up
    first. The session itself says what it owes (core.signin), so a page costs no query."""

    def before_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse]
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return None
        owed = signin.session_owes(request.session, user)
        if owed is None:
            return None
        page = SECOND_FACTOR_PAGES[owed]
        match = request.resolver_match
        if match is not None and match.view_name in {page, *OPEN_WHILE_OWED}:
            return None
        if request.path.startswith(SELF_AUTHENTICATING):
            detail = _("Confirm your sign-in with your second factor first.")
            return JsonResponse({"detail": detail}, status=403)
        return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")


class PersonalDataMiddleware:
    """A response built from personal data (see core.privacy) is never stored by a cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = privacy.reset()
        try:
            response = self.get_response(request)
            if privacy.was_read():
                response["Cache-Control"] = privacy.NO_STORE
        finally:
            privacy.restore(token)
        return response


# Errors that mean the database cannot be reached or is busy, not that the request is wrong.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# Errors that mean the shared cache (Redis, SUNBULA_CACHE_URL) cannot be reached.
CACHE_UNAVAILABLE = (CacheConnectionError, CacheTimeoutError)
UNAVAILABLE = DATABASE_UNAVAILABLE + CACHE_UNAVAILABLE
RETRY_AFTER_SECONDS = 30


def database_unavailable(request: HttpRequest, fault: BaseException | None = None) -> HttpResponse:
    """503 in the reader's language, as JSON for the API and as a page otherwise. It reads
    nothing from the database (not even the session), so it answers while the database is down."""
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        title = _("Temporarily unavailable")
        if isinstance(fault, CACHE_UNAVAILABLE):
            message = _(
                "Sunbula cannot reach one of its services at the moment. Nothing you sent was "
                "saved; please try again in a minute."
            )
        else:
            message = _(
                "Sunbula cannot reach its database at the moment. Nothing you sent was saved; "
                "please try again in a minute."
            )
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": message}, status=503)
        else:
            body = render_to_string("core/unavailable.html", {"title": title, "message": message})
            response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = privacy.NO_STORE
    return response


class DatabaseUnavailableMiddleware(HookMiddleware):
    """A view that meets an unreachable or locked database, or an unreachable shared cache,
    answers 503, not 500. Failures
    before the view (loading the session) reach `server_error`, which answers the same way.
    Django drops a broken connection at the end of the request, so the next request connects
    afresh: the server recovers when the database does, without a restart."""

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, UNAVAILABLE):
            log.error("Database or cache unavailable: %s", exception)
            return database_unavailable(request, exception)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the database's and the cache's faults are a 503 (see above); anything
    else stays a 500."""
    fault = sys.exc_info()[1]
    if isinstance(fault, UNAVAILABLE):
        return database_unavailable(request, fault)
    return defaults.server_error(request)
