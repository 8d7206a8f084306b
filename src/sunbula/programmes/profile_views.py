"""Who a project serves and the documents about it: set from the project page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sunbula.core.access import signed_in
from sunbula.core.views import form_save
from sunbula.programmes import services
from sunbula.programmes.access import fetch_project
from sunbula.programmes.models import Project
from sunbula.programmes.permissions import ProgrammePerm
from sunbula.programmes.profile_forms import ProjectDocumentForm, TargetGroupForm


@require_http_methods(["GET", "POST"])
def target_group_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Set a target group of the project (again for the same group: correct its figures)."""
    actor = signed_in(request.user)
    project = fetch_project(actor, pk, write=ProgrammePerm.MANAGE_PROJECT)

    def save(values: dict[str, Any]) -> Project:
        services.target_group_set(actor=actor, project=project, **values)
        return project

    return form_save(
        request,
        TargetGroupForm(request.POST or None),
        save,
        "programmes/profile_form.html",
        {"title": _("Set a target group"), "project": project},
        success=_("The target group is set."),
        partial="programmes/_asset_form.html",
    )


@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Describe a document about the project (the same address again: correct it)."""
    actor = signed_in(request.user)
    project = fetch_project(actor, pk, write=ProgrammePerm.MANAGE_PROJECT)

    def save(values: dict[str, Any]) -> Project:
        services.document_add(actor=actor, project=project, **values)
        return project

    return form_save(
        request,
        ProjectDocumentForm(request.POST or None),
        save,
        "programmes/profile_form.html",
        {"title": _("Add a document"), "project": project},
        success=_("The document is added."),
        partial="programmes/_asset_form.html",
    )
