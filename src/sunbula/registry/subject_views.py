"""A person's rights over their data, from their page: their own file (a subject access
request) and erasure, each for a protection officer with clearance who states why."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sunbula.core.access import signed_in
from sunbula.core.errors import DomainError
from sunbula.core.views import posted
from sunbula.registry import selectors, services
from sunbula.registry.access import fetch_for_protection
from sunbula.registry.forms import ReasonForm
from sunbula.registry.permissions import RegistryPerm
from sunbula.registry.selectors import SubjectFile

OPEN_REASON = gettext_lazy("Why do you open this person's data?")
ERASE_REASON = gettext_lazy("Why do you erase this person's data?")


def _file_download(file: SubjectFile) -> HttpResponse:
    response = HttpResponse(
        json.dumps(file.as_json(), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{file.file_name}"'
    return response


@require_http_methods(["GET", "POST"])
def person_subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about a person, shown on the page or downloaded as one JSON file
    (`format=json`); each opening is recorded with its reason."""
    actor = signed_in(request.user)
    person = fetch_for_protection(actor, pk, write=RegistryPerm.EXPORT_REGISTRY)
    form = ReasonForm(posted(request), label=OPEN_REASON)
    if request.method == "POST" and form.is_valid():
        try:
            reason = services.subject_access_record(
                actor=actor, person=person, reason=form.cleaned_data["reason"]
            )
        except DomainError as refused:
            form.add_error("reason", str(refused))
        else:
            file = selectors.subject_file(person=person, reader=actor, reason=reason)
            if request.POST.get("format") == "json":
                return _file_download(file)
            return render(request, "registry/subject_access.html", {"person": person, "file": file})
    return render(
        request,
        "registry/subject_access_form.html",
        {"person": person, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page of an erasure, which cannot be undone; the reason is required."""
    actor = signed_in(request.user)
    person = fetch_for_protection(actor, pk, write=RegistryPerm.ERASE_PERSONAL_DATA)
    form = ReasonForm(posted(request), label=ERASE_REASON)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_erase(actor=actor, person=person, reason=form.cleaned_data["reason"])
        except DomainError as refused:
            form.add_error("reason", str(refused))
        else:
            messages.success(request, _("The person's personal data has been erased."))
            return redirect(person)
    status = 409 if person.is_erased else 422 if request.method == "POST" else 200
    return render(
        request, "registry/person_erase.html", {"person": person, "form": form}, status=status
    )
