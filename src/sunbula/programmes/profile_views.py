"""Who a project serves and the documents about it: set from the project page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sunbula.core.access import signed_in
from sunbula.core.views import VALIDATED_FORM_PARTIAL, form_save, posted, save_then_show
from sunbula.programmes import services
from sunbula.programmes.access import fetch_project
from sunbula.programmes.permissions import ProgrammePerm
from sunbula.programmes.profile_forms import ProjectDocumentForm, TargetGroupForm


@require_http_methods(["GET", "POST"])
def target_group_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Set a target group of the project (again for the same group: correct its figures)."""
    title, success = _("Set a target group"), _("The target group is set.")
    return _profile_form(request, pk, TargetGroupForm, services.target_group_set, title, success)


@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Describe a document about the project (the same address again: correct it)."""
    title, success = _("Add a document"), _("The document is added.")
    return _profile_form(request, pk, ProjectDocumentForm, services.document_add, title, success)


def _profile_form(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.BaseForm],
    service: Callable[..., Any],
    title: str,
    success: str,
) -> HttpResponse:
    """One part of the profile of a project the user may change, saved by `service`; the
    project page follows."""
    actor = signed_in(request.user)
    project = fetch_project(actor, pk, write=ProgrammePerm.MANAGE_PROJECT)
    return form_save(
        request,
        form_class(posted(request)),
        save_then_show(project, service, actor=actor, project=project),
        "programmes/profile_form.html",
        {"title": title, "project": project},
        success=success,
        partial=VALIDATED_FORM_PARTIAL,
    )
