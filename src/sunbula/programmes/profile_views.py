"""Who a project serves and the documents about it: set from the project page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sunbula.core.access import signed_in
from sunbula.core.forms import ReasonForm
from sunbula.core.views import (
    VALIDATED_FORM,
    VALIDATED_FORM_PARTIAL,
    form_page,
    form_save,
    posted,
    save_then_show,
)
from sunbula.programmes import services
from sunbula.programmes.access import fetch_document, fetch_project
from sunbula.programmes.models import Project
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


def _documents_of(project: Project) -> str:
    return f"{project.get_absolute_url()}#documents"


@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a document's title, address, format, category, language or date."""
    actor = signed_in(request.user)
    document = fetch_document(actor, pk, write=ProgrammePerm.MANAGE_PROJECT)
    # The form validates its own copy: the service compares the stored record with the change.
    form = ProjectDocumentForm(posted(request), instance=fetch_document(actor, pk))
    project = document.project
    then = _documents_of(project)
    save = save_then_show(then, services.document_update, actor=actor, document=document)
    context = {"title": _("Correct the document “%(document)s”") % {"document": document}}
    return form_page(
        request,
        form,
        save,
        {**context, "project": project},
        success=_("The document is corrected."),
        template="programmes/profile_form.html",
    )


@require_http_methods(["GET", "POST"])
def document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a document attached by mistake, saying why."""
    actor = signed_in(request.user)
    document = fetch_document(actor, pk, write=ProgrammePerm.MANAGE_PROJECT)
    then = _documents_of(document.project)
    return form_save(
        request,
        ReasonForm(posted(request)),
        save_then_show(then, services.document_remove, actor=actor, document=document),
        VALIDATED_FORM,
        {
            "title": _("Remove the document “%(document)s”") % {"document": document},
            "intro": _(
                "A document attached by mistake is removed from the project; the audit log "
                "keeps it and your reason."
            ),
            "submit": _("Remove the document"),
        },
        success=_("The document is removed."),
    )


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
