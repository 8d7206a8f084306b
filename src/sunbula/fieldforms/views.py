"""The Field forms pages: forms and their versions, submissions per day and per device,
the review queue and what each submission became; publishing, devices and Kobo sources."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core.access import has_protection_clearance, require_permission, signed_in
from sunbula.core.errors import DomainError
from sunbula.core.privacy import personal_data
from sunbula.core.views import form_errors_to, form_save, save_then_show
from sunbula.fieldforms import selectors, services
from sunbula.fieldforms.forms import (
    CorrectionForm,
    DeviceForm,
    KoboSourceForm,
    PublishForm,
    RejectForm,
)
from sunbula.fieldforms.models import Submission
from sunbula.fieldforms.permissions import FieldPerm
from sunbula.fieldforms.tasks import kobo_pull_queue
from sunbula.registry.services import PERSONAL_FIELDS

RECENT = 30


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
            "recent": [(submission, selectors.became(submission)) for submission in recent],
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
        },
    )


@require_http_methods(["GET", "POST"])
def form_publish(request: HttpRequest) -> HttpResponse:
    actor = signed_in(request.user)
    scope = require_permission(actor, FieldPerm.MANAGE_FIELD_FORMS)
    form = PublishForm(request.POST or None, scope=scope)
    return form_save(
        request,
        form,
        lambda values: services.form_publish(actor=actor, **values).form,
        "fieldforms/record_form.html",
        {"title": _("Publish a form")},
        success=_("Published."),
    )


def _editable(request: HttpRequest) -> set[str] | None:
    """Values a reviewer may correct: personal ones only with protection clearance."""
    return None if has_protection_clearance(request.user) else set(PERSONAL_FIELDS)


@require_http_methods(["GET", "POST"])
@personal_data
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = request.method == "POST"
    submission = selectors.submission_for(user=request.user, pk=pk, review=review)
    values = selectors.shown_values(user=request.user, submission=submission)
    hidden = _editable(request) or set()
    correction = CorrectionForm(request.POST or None, values=values, hidden=hidden)

    def accept(_values: dict[str, Any]) -> Submission:
        services.submission_accept(
            actor=signed_in(request.user),
            submission=submission,
            corrections=correction.corrections(),
        )
        return submission

    context = {
        "submission": submission,
        "values": values,
        "became": selectors.became(submission),
        "correction": correction,
        "reject": RejectForm(),
        "attachments": submission.attachments.all(),
    }
    success = _("Accepted and recorded.")
    return form_save(
        request, correction, accept, "fieldforms/submission_detail.html", context, success=success
    )


@require_POST
def submission_reject(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_for(user=request.user, pk=pk, review=True)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.submission_reject(
                actor=signed_in(request.user),
                submission=submission,
                reason=form.cleaned_data["reason"],
            )
        except (DomainError, ValidationError) as refused:
            messages.error(request, " ".join(getattr(refused, "messages", [str(refused)])))
        else:
            messages.success(request, _("Rejected."))
    else:
        messages.error(request, _("Say why the submission is rejected."))
    return redirect(submission)


@require_http_methods(["GET", "POST"])
def device_list(request: HttpRequest) -> HttpResponse:
    actor = signed_in(request.user)
    scope = require_permission(actor, FieldPerm.MANAGE_FIELD_FORMS)
    form = DeviceForm(request.POST or None, scope=scope)
    context: dict[str, Any] = {"devices": selectors.devices(user=actor), "form": form}
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        chosen = list(values.pop("forms"))
        try:
            device, token = services.device_issue(actor=actor, forms=chosen, **values)
        except ValidationError as refused:
            form_errors_to(form, refused)
        else:
            server = request.build_absolute_uri(f"/openrosa/key/{token}/")
            context.update(issued=device, server_url=server, form=DeviceForm(scope=scope))
            return render(request, "fieldforms/devices.html", context, status=201)
    status = 422 if request.method == "POST" else 200
    return render(request, "fieldforms/devices.html", context, status=status)


@require_POST
def device_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    device = selectors.device_for(user=request.user, pk=pk)
    services.device_revoke(actor=signed_in(request.user), device=device)
    messages.success(request, _("The device's key no longer works."))
    return redirect("fieldforms:device_list")


@require_http_methods(["GET", "POST"])
def kobo_source_list(request: HttpRequest) -> HttpResponse:
    actor = signed_in(request.user)
    scope = require_permission(actor, FieldPerm.MANAGE_FIELD_FORMS)
    form = KoboSourceForm(request.POST or None, scope=scope)
    save = save_then_show("fieldforms:kobo_source_list", services.kobo_source_save, actor=actor)
    sources = selectors.kobo_sources(user=actor)
    return form_save(request, form, save, "fieldforms/kobo_sources.html", {"sources": sources})


@require_POST
def kobo_source_pull(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a pull of the project now, on the task queue as the scheduled pull runs."""
    source = selectors.kobo_source_for(user=request.user, pk=pk)
    kobo_pull_queue(actor=signed_in(request.user), source=source)
    messages.success(
        request,
        _("A pull of %(name)s is queued; its submissions appear here when it has run.")
        % {"name": source.name},
    )
    return redirect("fieldforms:kobo_source_list")
