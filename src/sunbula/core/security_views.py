"""The Security page (a second factor: an authenticator app and recovery codes), setting it
up, and the page that asks for a code after the password."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core import services, signin
from sunbula.core.access import fetch, signed_in
from sunbula.core.models import User
from sunbula.core.permissions import Perm
from sunbula.core.scoping import NOT_SCOPED
from sunbula.core.user_forms import SecondFactorCodeForm
from sunbula.core.views import form_errors_to, posted, refusal_text, refused_page


def _next(request: HttpRequest) -> str:
    """Where to go once the second factor is given: the page asked for, if it is ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("core:home")


def _qr(text: str) -> SafeString:
    # segno writes the SVG itself from the otpauth:// address; nothing else reaches it.
    code = segno.make_qr(text, error="m")
    return mark_safe(code.svg_inline(scale=4, border=4, dark="#000", light="#fff"))  # noqa: S308


def _recovery_codes(request: HttpRequest, codes: list[str], *, next_url: str) -> HttpResponse:
    """The recovery codes, shown this once (they are not shown again)."""
    return render(request, "core/security/recovery_codes.html", {"codes": codes, "next": next_url})


@never_cache
@require_GET
def security(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    return render(
        request,
        "core/security/security.html",
        {
            "authenticator": signin.authenticator(user),
            "required": signin.second_factor_required(user),
            "codes_left": signin.recovery_codes_left(user),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_set_up(request: HttpRequest) -> HttpResponse:
    """Scan the code (or type the secret) into an authenticator app, then give a code it
    shows; the recovery codes follow."""
    user = signed_in(request.user)
    device = signin.authenticator(user, confirmed=False) or services.second_factor_start(actor=user)
    form = SecondFactorCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.second_factor_confirm(
                actor=user, device=device, code=form.cleaned_data["code"]
            )
        except ValidationError as refused:
            form_errors_to(form, refused)
        else:
            signin.session_verified(request, device)
            return _recovery_codes(request, codes, next_url=_next(request))
    return render(
        request,
        "core/security/set_up.html",
        {
            "form": form,
            "qr": _qr(device.config_url),
            "secret": signin.authenticator_secret(device),
            "required": signin.second_factor_required(user),
            "next": _next(request),
        },
        status=422 if form.is_bound else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the authenticator app, or a recovery code."""
    user = signed_in(request.user)
    if signin.session_owes(request.session, user) != signin.VERIFY:
        return redirect(_next(request))
    form = SecondFactorCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            signin.session_verified(request, device)
            return redirect(_next(request))
        form.add_error(
            "code",
            _("That code is not right, or was used already. After several tries, wait a minute."),
        )
    return render(
        request,
        "core/security/verify.html",
        {"form": form, "next": _next(request)},
        status=400 if form.is_bound else 200,
    )


@never_cache
@require_POST
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    try:
        codes = services.recovery_codes_regenerate(actor=user)
    except ValidationError as refused:
        return refused_page(request, refusal_text(refused), 422, "core:security")
    return _recovery_codes(request, codes, next_url=reverse("core:security"))


@require_POST
def second_factor_disable(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    try:
        services.second_factor_disable(actor=user, user=user)
    except ValidationError as refused:
        return refused_page(request, refusal_text(refused), 422, "core:security")
    signin.session_unverified(request.session, user)
    messages.success(request, _("The second factor is turned off."))
    return redirect("core:security")


@require_POST
def user_second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator of users removes someone's second factor (a lost phone); they set
    up a new one at their next sign-in."""
    user = fetch(User, request.user, pk, perm=Perm.MANAGE_USERS, rule=NOT_SCOPED)
    try:
        services.second_factor_disable(actor=signed_in(request.user), user=user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("The second factor is removed."))
    return redirect("core:user_detail", pk=user.pk)
