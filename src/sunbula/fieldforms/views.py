"""The Field forms pages: forms and their versions, submissions per day and per device,
the review queue and what each submission became; publishing, devices and Kobo sources."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core.access import (
    has_permission,
    has_protection_clearance,
    reaches,
    require_permission,
    signed_in,
)
from sunbula.core.errors import DomainError
from sunbula.core.forms import ReasonForm
from sunbula.core.models import User
from sunbula.core.privacy import personal_data
from sunbula.core.views import form_errors_to, form_save, form_write, posted, save_then_show
from sunbula.fieldforms import kobo_client, selectors, services
from sunbula.fieldforms.forms import (
    CorrectionForm,
    DeviceForm,
    KoboAccountForm,
    KoboSourceForm,
    PublishForm,
    RejectForm,
)
from sunbula.fieldforms.models import Submission
from sunbula.fieldforms.openrosa import device_server_path
from sunbula.fieldforms.permissions import FieldPerm
from sunbula.fieldforms.tasks import kobo_pull_queue

RECENT = 30
REFUSED_SHOWN = 100
# Files a browser may show in the page's place; any other is downloaded, never rendered.
INLINE_MEDIA = frozenset({"image/jpeg", "image/png", "image/webp", "audio/mpeg", "audio/ogg"})


def _nav(request: HttpRequest) -> dict[str, bool]:
    """What the section's navigation offers the reader."""
    return {"manages": has_permission(request.user, FieldPerm.MANAGE_FIELD_FORMS)}


@require_GET
@personal_data
def overview(request: HttpRequest) -> HttpResponse:
    forms = selectors.field_forms(user=request.user)
    recent = list(selectors.submissions(user=request.user)[:RECENT])
    return render(
        request,
        "fieldforms/overview.html",
        {
            "forms": forms,
            "per_day": selectors.per_day(user=request.user),
            "per_device": selectors.per_device(user=request.user),
            "queue": selectors.review_queue(user=request.user)[:RECENT],
            "recent": [
                (submission, selectors.became(user=request.user, submission=submission))
                for submission in recent
            ],
            **_nav(request),
        },
    )


@require_GET
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    form = selectors.field_form(user=request.user, pk=pk)
    return render(
        request,
        "fieldforms/form_detail.html",
        {
            "form": form,
            "versions": selectors.form_versions(form=form),
            "received": selectors.submissions(user=request.user).filter(form=form)[:RECENT],
            **_nav(request),
        },
    )


@require_POST
def form_open_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a form for submissions, or open it again."""
    form = selectors.field_form(user=request.user, pk=pk, manage=True)
    is_open = request.POST.get("is_open") == "1"
    services.form_open_set(actor=signed_in(request.user), form=form, is_open=is_open)
    messages.success(
        request,
        _("Open for submissions.") if is_open else _("Closed: devices no longer list it."),
    )
    return redirect(form)


@require_http_methods(["GET", "POST"])
def form_publish(request: HttpRequest) -> HttpResponse:
    actor = signed_in(request.user)
    scope = require_permission(actor, FieldPerm.MANAGE_FIELD_FORMS)
    form = PublishForm(posted(request), scope=scope)
    return form_save(
        request,
        form,
        lambda values: services.form_publish(actor=actor, **values).form,
        "fieldforms/record_form.html",
        {"title": _("Publish a form"), **_nav(request)},
        success=_("Published."),
    )


def _submission_page(
    request: HttpRequest,
    submission: Submission,
    correction: CorrectionForm,
    reject: RejectForm,
    status: int = 200,
) -> HttpResponse:
    """The submission, what it became, its files and, for a reviewer while it waits, the
    forms that accept or reject it."""
    masked = services.submission_read(
        actor=signed_in(request.user), submission=submission, values=correction.values
    )
    return render(
        request,
        "fieldforms/submission_detail.html",
        {
            "submission": submission,
            "shown": [
                (name, value, value if isinstance(value, list) else None)
                for name, value in correction.values.items()
            ],
            "became": selectors.became(user=request.user, submission=submission),
            "correction": correction,
            "reject": reject,
            "attachments": submission.attachments.all(),
            "reviews": reaches(request.user, FieldPerm.REVIEW_SUBMISSIONS, submission),
            "opens_files": has_protection_clearance(request.user),
            "personal_hidden": masked,
            **_nav(request),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@personal_data
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = request.method == "POST"
    submission = selectors.submission_for(user=request.user, pk=pk, review=review)
    values = selectors.shown_values(user=request.user, submission=submission)
    hidden = selectors.withheld_fields(user=request.user)
    correction = CorrectionForm(posted(request), values=values, hidden=hidden)
    if review and correction.is_valid():
        try:
            services.submission_accept(
                actor=signed_in(request.user),
                submission=submission,
                corrections=correction.corrections(),
            )
        except (ValidationError, DomainError) as refused:
            form_errors_to(correction, refused)
        else:
            messages.success(request, _("Accepted and recorded."))
            return redirect(submission)
    return _submission_page(
        request, submission, correction, RejectForm(), status=422 if review else 200
    )


@require_POST
@personal_data
def submission_reject(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_for(user=request.user, pk=pk, review=True)
    form = RejectForm(request.POST)
    actor = signed_in(request.user)
    refusal = form_write(
        form,
        lambda: services.submission_reject(
            actor=actor, submission=submission, reason=form.cleaned_data["reason"]
        ),
    )
    if refusal is None:
        messages.success(request, _("Rejected."))
        return redirect(submission)
    values = selectors.shown_values(user=request.user, submission=submission)
    correction = CorrectionForm(values=values, hidden=selectors.withheld_fields(user=request.user))
    return _submission_page(request, submission, correction, form, status=422)


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A file sent with a submission (a photo, a signature): personal data, so opened only
    with protection clearance, and each opening is recorded."""
    attachment = selectors.attachment_for(user=request.user, pk=pk)
    if not has_protection_clearance(request.user):
        raise PermissionDenied
    content = services.attachment_open(actor=signed_in(request.user), attachment=attachment)
    shown = attachment.media_type in INLINE_MEDIA
    response = HttpResponse(
        content, content_type=attachment.media_type if shown else "application/octet-stream"
    )
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=not shown, filename=attachment.name)
        or "attachment"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def refused_send_list(request: HttpRequest) -> HttpResponse:
    """The sends refused before anything was stored: which device or person, which form,
    when, the answer the phone got and why, in the reader's language; and how long each is
    kept."""
    return render(
        request,
        "fieldforms/refused_sends.html",
        {
            "refused": selectors.refused_sends(user=request.user)[:REFUSED_SHOWN],
            "keep_days": settings.SUNBULA_REFUSED_SENDS_KEEP_DAYS,
            **_nav(request),
        },
    )


@require_http_methods(["GET", "POST"])
def device_list(request: HttpRequest) -> HttpResponse:
    actor = signed_in(request.user)
    scope = require_permission(actor, FieldPerm.MANAGE_FIELD_FORMS)
    form = DeviceForm(posted(request), scope=scope)
    context: dict[str, Any] = {
        "devices": selectors.devices(user=actor),
        "form": form,
        **_nav(request),
    }
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        chosen = list(values.pop("forms"))
        try:
            device, token = services.device_issue(actor=actor, forms=chosen, **values)
        except ValidationError as refused:
            form_errors_to(form, refused)
        else:
            server = request.build_absolute_uri(device_server_path(token))
            context.update(issued=device, server_url=server, form=DeviceForm(scope=scope))
            return render(request, "fieldforms/devices.html", context, status=201)
    status = 422 if request.method == "POST" else 200
    return render(request, "fieldforms/devices.html", context, status=status)


@require_http_methods(["GET", "POST"])
def device_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask to confirm, then revoke: only the confirmation page's form revokes the key, so a
    stray click on the devices page does not cut a phone off in the field."""
    device = selectors.device_for(user=request.user, pk=pk)
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        services.device_revoke(actor=signed_in(request.user), device=device)
        messages.success(request, _("The device's key no longer works."))
        return redirect("fieldforms:device_list")
    return render(request, "fieldforms/device_revoke.html", {"device": device, **_nav(request)})


# What a project's Connect link (on the list of the account's projects) fills in.
KOBO_CHOSEN = ("asset_uid", "name", "server_url")


def _kobo_account(request: HttpRequest, actor: User, *, asked: bool) -> dict[str, Any]:
    """The finder of the Kobo account's projects: its form and, once a server is posted, the
    projects the server's token opens there, or why they could not be listed. Only a post
    from this page (its CSRF token) asks: the token is sent to the server it names. Nothing
    is written; a server out of reach leaves the page working."""
    account_form = KoboAccountForm(request.POST if asked else None, auto_id="account_%s")
    found: dict[str, Any] = {"account_form": account_form}
    if not asked or not account_form.is_valid():
        return found
    if not settings.KOBO_API_TOKEN:
        found["account_problem"] = _(
            "No Kobo API token is set on this server; ask the administrator."
        )
        return found
    server = account_form.cleaned_data["server"]
    try:
        projects, more = selectors.kobo_account_projects(
            user=actor, server_url=server, fetch=kobo_client.kobo_fetch
        )
    except kobo_client.KOBO_FAILURES as error:
        found["account_problem"] = str(kobo_client.kobo_failure_reason(error))
        return found
    return {
        **found,
        "account_server": server,
        "account_projects": projects,
        "account_more": more,
    }


def _kobo_page(
    request: HttpRequest, form: KoboSourceForm, actor: User, *, asked: bool = False
) -> dict[str, Any]:
    """What the Kobo page shows beside its connect form; `asked`: the finder was posted."""
    sources = selectors.kobo_sources(user=actor)
    account = _kobo_account(request, actor, asked=asked)
    return {"sources": sources, "form": form, **account, **_nav(request)}


@require_http_methods(["GET", "POST"])
def kobo_source_list(request: HttpRequest) -> HttpResponse:
    """The connected projects, the form to connect one, and the finder of the projects of
    the Kobo account, whose Connect link fills that form in."""
    actor = signed_in(request.user)
    scope = require_permission(actor, FieldPerm.MANAGE_FIELD_FORMS)
    chosen = {name: request.GET[name] for name in KOBO_CHOSEN if request.GET.get(name)}
    form = KoboSourceForm(posted(request), scope=scope, initial=chosen)
    save = save_then_show("fieldforms:kobo_source_list", services.kobo_source_save, actor=actor)
    context = _kobo_page(request, form, actor)
    return form_save(request, form, save, "fieldforms/kobo_sources.html", context)


@require_POST
def kobo_source_find(request: HttpRequest) -> HttpResponse:
    """The Kobo page with the projects of the Kobo account on the server posted."""
    actor = signed_in(request.user)
    scope = require_permission(actor, FieldPerm.MANAGE_FIELD_FORMS)
    form = KoboSourceForm(scope=scope)
    context = _kobo_page(request, form, actor, asked=True)
    return render(request, "fieldforms/kobo_sources.html", context)


@require_http_methods(["GET", "POST"])
def kobo_source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a connected project: its name, form, server, acting user, column mapping or
    shared secret (left empty, the current one stays); its asset uid stays."""
    actor = signed_in(request.user)
    source = selectors.fetch_kobo_source(actor, pk, write=FieldPerm.MANAGE_FIELD_FORMS)
    scope = require_permission(actor, FieldPerm.MANAGE_FIELD_FORMS)
    form = KoboSourceForm(posted(request), scope=scope, source=source)
    save = save_then_show("fieldforms:kobo_source_list", services.kobo_source_save, actor=actor)
    context = {
        "title": _("Change %(name)s") % {"name": source.name},
        "submit": _("Save"),
        **_nav(request),
    }
    return form_save(request, form, save, "core/validated_form.html", context)


@require_http_methods(["GET", "POST"])
def kobo_source_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Disconnect a project, saying why: it is pulled no more and its pushes are refused;
    the submissions it brought stay."""
    actor = signed_in(request.user)
    source = selectors.fetch_kobo_source(actor, pk, write=FieldPerm.MANAGE_FIELD_FORMS)
    return form_save(
        request,
        ReasonForm(posted(request)),
        save_then_show(
            "fieldforms:kobo_source_list", services.kobo_source_remove, actor=actor, source=source
        ),
        "core/validated_form.html",
        {
            "title": _("Disconnect %(name)s") % {"name": source.name},
            "intro": _(
                "The project is pulled no more and what its REST service pushes is refused; "
                "the submissions it brought stay. The audit log keeps your reason."
            ),
            "submit": _("Disconnect the project"),
            **_nav(request),
        },
        success=_("Project disconnected."),
    )


@require_POST
def kobo_source_pull(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a pull of the project now, on the task queue as the scheduled pull runs; with
    `from_start`, of every submission again (edits made in Kobo come in only so)."""
    source = selectors.fetch_kobo_source(request.user, pk)
    from_start = request.POST.get("from_start") == "1"
    kobo_pull_queue(actor=signed_in(request.user), source=source, from_start=from_start)
    messages.success(
        request,
        _("A pull of %(name)s is queued; its submissions appear here when it has run.")
        % {"name": source.name},
    )
    return redirect("fieldforms:kobo_source_list")
