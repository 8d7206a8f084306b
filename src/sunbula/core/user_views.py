"""The Users section (administrators invite users, grant and revoke roles and protection
clearance, deactivate accounts), the invitation page and the password pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core import selectors, services
from sunbula.core.access import (
    ORGANISATION_LIMITED_ROLES,
    assignment_within,
    fetch,
    fetch_api_token,
    has_protection_clearance,
    require_permission,
    signed_in,
)
from sunbula.core.exports import Column
from sunbula.core.invitations import invited_user
from sunbula.core.models import ApiToken, RoleAssignment, User
from sunbula.core.notifications import absolute_url
from sunbula.core.permissions import Perm
from sunbula.core.scoping import NOT_SCOPED
from sunbula.core.signin import has_second_factor
from sunbula.core.user_forms import (
    ApiTokenFilterForm,
    ApiTokenForm,
    ClearanceGrantForm,
    ClearanceRevokeForm,
    InvitationAcceptForm,
    InviteForm,
    PasswordChangeForm,
    PasswordSetForm,
    RoleGrantForm,
    UserFilterForm,
    UserForm,
)
from sunbula.core.views import (
    ListPage,
    RefusedFormIs422,
    form_errors_to,
    form_page,
    form_write,
    posted,
    run_step,
    save_with,
    sign_in,
)

USER_COLUMNS: tuple[Column[User], ...] = (
    Column(gettext_lazy("E-mail address"), lambda user: user.email),
    Column(gettext_lazy("Full name"), lambda user: user.full_name),
    Column(
        gettext_lazy("Roles"),
        lambda user: "; ".join(
            selectors.role_summary(assignment) for assignment in user.role_assignments.all()
        ),
    ),
    Column(
        gettext_lazy("Status"),
        lambda user: _("Active") if user.is_active else _("Deactivated"),
    ),
)


def _page_of(user: User) -> str:
    return reverse("core:user_detail", args=[user.pk])


def _fetch_user(request: HttpRequest, pk: int) -> User:
    """Any account, for an administrator of users (accounts are not placed in a country)."""
    return fetch(User, request.user, pk, perm=Perm.MANAGE_USERS, rule=NOT_SCOPED)


USER_LIST = ListPage("core/users/user_list.html", USER_COLUMNS, stem="users")


@require_GET
def user_list(request: HttpRequest) -> HttpResponseBase:
    return USER_LIST.filtered(request, UserFilterForm(request.GET), selectors.user_list)


@require_http_methods(["GET", "POST"])
def user_invite(request: HttpRequest) -> HttpResponse:
    actor = signed_in(request.user)
    require_permission(actor, Perm.MANAGE_USERS)
    form = InviteForm(posted(request), user=actor)
    return form_page(
        request,
        form,
        lambda values: _page_of(
            services.user_invite(
                actor=actor,
                email=values["email"],
                full_name=values["full_name"],
                preferred_language=values["preferred_language"],
                is_staff=values["is_staff"],
                grant=form.role_to_grant(),
            )
        ),
        {
            "title": _("Invite a user"),
            "intro": _("The user receives an e-mail with a link to choose a password."),
            "submit": _("Send the invitation"),
        },
        success=_("Invitation sent."),
    )


def _detail(request: HttpRequest, user: User, status: int = 200, **forms: Any) -> HttpResponse:
    actor = signed_in(request.user)
    scope = require_permission(actor, Perm.MANAGE_USERS)
    assignments = list(selectors.role_assignment_list(user=actor, holder=user))
    rows = [
        (
            assignment,
            selectors.programme_limits_of(assignment),
            assignment.role in ORGANISATION_LIMITED_ROLES,
            assignment_within(scope, assignment),
        )
        for assignment in assignments
    ]
    return render(
        request,
        "core/users/user_detail.html",
        {
            "person": user,
            "rows": rows,
            "cleared": has_protection_clearance(user),
            "clearance": getattr(user, "protection_clearance", None),
            "grant_form": forms.get("grant_form") or RoleGrantForm(user=actor),
            "clearance_form": forms.get("clearance_form") or ClearanceGrantForm(),
            "revoke_clearance_form": forms.get("revoke_clearance_form") or ClearanceRevokeForm(),
            "is_self": user.pk == actor.pk,
            "has_second_factor": has_second_factor(user),
            "language_name": dict(settings.LANGUAGES).get(
                user.preferred_language, user.preferred_language
            ),
        },
        status=status,
    )


@require_GET
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _fetch_user(request, pk))


@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    user = _fetch_user(request, pk)
    form = UserForm(
        posted(request),
        initial={
            "full_name": user.full_name,
            "preferred_language": user.preferred_language,
            "is_staff": user.is_staff,
        },
    )
    save = save_with(services.user_update, actor=actor, user=user)
    return form_page(request, form, lambda values: _page_of(save(values)), {"title": str(user)})


def _post(
    request: HttpRequest,
    user: User,
    form: Any,
    form_name: str,
    service: Callable[..., object],
    done: str,
) -> HttpResponse:
    """Run `service` on `user` with a valid form's values, the signed-in user acting; on
    refusal, the user's page with the form's errors."""
    actor = signed_in(request.user)
    refusal = form_write(form, lambda: service(actor=actor, user=user, **form.cleaned_data))
    if refusal is None:
        messages.success(request, done)
        return redirect("core:user_detail", pk=user.pk)
    return _detail(request, user, refusal, **{form_name: form})


@require_POST
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    user = _fetch_user(request, pk)
    return _post(
        request,
        user,
        RoleGrantForm(request.POST, user=actor),
        "grant_form",
        services.role_grant,
        _("Role granted."),
    )


@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    assignment = fetch(
        RoleAssignment.objects.select_related("user").prefetch_related("countries"),
        actor,
        pk,
        perm=Perm.MANAGE_USERS,
        rule=NOT_SCOPED,
    )
    if not assignment_within(require_permission(actor, Perm.MANAGE_USERS), assignment):
        raise PermissionDenied
    services.role_revoke(actor=actor, assignment=assignment)
    messages.success(request, _("Role revoked."))
    return redirect("core:user_detail", pk=assignment.user_id)


@require_POST
def clearance_grant(request: HttpRequest, pk: int) -> HttpResponse:
    user = _fetch_user(request, pk)
    return _post(
        request,
        user,
        ClearanceGrantForm(request.POST),
        "clearance_form",
        services.protection_clearance_grant,
        _("Protection clearance granted."),
    )


@require_POST
def clearance_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _fetch_user(request, pk)
    return _post(
        request,
        user,
        ClearanceRevokeForm(request.POST),
        "revoke_clearance_form",
        services.protection_clearance_revoke,
        _("Protection clearance revoked."),
    )


@require_POST
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate an account, or let it sign in again."""
    actor = signed_in(request.user)
    user = _fetch_user(request, pk)
    if request.POST.get("active") == "1":
        reactivate = partial(services.user_reactivate, actor=actor, user=user)
        return run_step(request, reactivate, _("The user can sign in again."), _page_of(user))
    deactivate = partial(services.user_deactivate, actor=actor, user=user)
    return run_step(request, deactivate, _("The user can no longer sign in."), _page_of(user))


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee chooses a password and is signed in with it, as at the sign-in page (a
    second factor their role requires is set up next); the link works once and expires."""
    user = invited_user(token)
    if user is None:
        return render(
            request,
            "core/error.html",
            {
                "title": _("This invitation cannot be used"),
                "message": _(
                    "It has expired or was already accepted. Ask your administrator for a new one."
                ),
            },
            status=404,
        )
    form = InvitationAcceptForm(user, posted(request))
    if request.method == "POST":
        if form.is_valid():
            try:
                user = form.save()
            except ValidationError as refused:
                form_errors_to(form, refused)
            else:
                messages.success(request, _("Your password is set. Welcome to Sunbula."))
                return sign_in(request, user, then=resolve_url(settings.LOGIN_REDIRECT_URL))
        return render(
            request, "core/users/invitation_accept.html", {"form": form, "person": user}, status=422
        )
    return render(request, "core/users/invitation_accept.html", {"form": form, "person": user})


# Django's password pages, with Sunbula's templates and the writes through services.


class PasswordChangeView(RefusedFormIs422, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")


class PasswordResetView(RefusedFormIs422, auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # The link in the e-mail is on the server's public address, not the request's host.
        self.extra_email_context = {"base_url": absolute_url("/").rstrip("/")}
        return super().form_valid(form)


class PasswordResetConfirmView(RefusedFormIs422, auth_views.PasswordResetConfirmView):
    form_class = PasswordSetForm
    success_url = reverse_lazy("password_reset_complete")


# API tokens: each user makes and revokes their own; administrators of users see and revoke all.

TOKEN_COLUMNS: tuple[Column[ApiToken], ...] = (
    Column(gettext_lazy("User"), lambda token: token.user.email),
    Column(gettext_lazy("Name"), lambda token: token.name),
    Column(gettext_lazy("Prefix"), lambda token: token.prefix),
    Column(gettext_lazy("Access"), lambda token: token.access_label),
    Column(gettext_lazy("Domains"), lambda token: token.domains_label),
    Column(gettext_lazy("Created"), lambda token: token.created_at),
    Column(gettext_lazy("Expires"), lambda token: token.expires_at),
    Column(gettext_lazy("Last used"), lambda token: token.last_used_at),
    Column(gettext_lazy("Revoked"), lambda token: token.revoked_at),
)


@never_cache
@require_http_methods(["GET", "POST"])
def api_token_mine(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens, and a form to make one; a new key is shown this once."""
    actor = signed_in(request.user)
    form = ApiTokenForm(posted(request))
    key = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, key = services.api_token_create(actor=actor, user=actor, **form.values())
            except ValidationError as refused:
                form_errors_to(form, refused)
            else:
                form = ApiTokenForm()
        if not key:
            status = 422
    tokens = selectors.api_token_list(user=actor, owner=actor)
    return render(
        request,
        "core/users/api_tokens.html",
        {"form": form, "key": key, "tokens": tokens},
        status=status,
    )


TOKEN_LIST = ListPage("core/users/api_token_list.html", TOKEN_COLUMNS, stem="api-tokens")


@require_GET
def api_token_list(request: HttpRequest) -> HttpResponseBase:
    """Every user's API tokens, for those who administer users."""
    form = ApiTokenFilterForm(request.GET)
    return TOKEN_LIST.filtered(request, form, selectors.api_token_list)


@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop a token at once: one's own, or anyone's for an administrator of users."""
    actor = signed_in(request.user)
    token = fetch_api_token(actor, pk)
    services.api_token_revoke(actor=actor, token=token)
    messages.success(request, _("The token is revoked; it no longer works."))
    if token.user_id == actor.pk:
        return redirect("core:api_token_mine")
    return redirect("core:api_token_list")
