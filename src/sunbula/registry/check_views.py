"""Checks of a whole registry for people registered twice: started from the review queue,
listed with their status and what they found."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sunbula.core import exports
from sunbula.core.access import has_permission, require_permission, signed_in
from sunbula.core.errors import DomainError
from sunbula.core.exports import Column
from sunbula.core.forms import limit_countries_to_scope
from sunbula.core.views import list_page, posted
from sunbula.registry import selectors, tasks
from sunbula.registry.forms import CheckForm
from sunbula.registry.models import DedupeRun
from sunbula.registry.permissions import RegistryPerm

CHECK_COLUMNS: tuple[Column[DedupeRun], ...] = (
    Column(gettext_lazy("Country"), lambda run: run.country.iso3),
    Column(gettext_lazy("Status"), exports.label(DedupeRun, "status")),
    Column(gettext_lazy("Requested"), lambda run: run.requested_at),
    Column(gettext_lazy("Finished"), lambda run: run.finished_at),
    Column(gettext_lazy("Records read"), lambda run: run.records_read),
    Column(gettext_lazy("Candidate pairs"), lambda run: run.candidate_pairs),
    Column(gettext_lazy("Records merged"), lambda run: run.merged),
    Column(gettext_lazy("Pairs sent for review"), lambda run: run.queued),
    Column(gettext_lazy("Reason"), lambda run: run.reason),
)


def check_form(request: HttpRequest) -> CheckForm | None:
    """The form that starts a check, offering the countries the user reviews; None if none."""
    if not has_permission(request.user, RegistryPerm.REVIEW_DUPLICATES):
        return None
    form = CheckForm(posted(request))
    limit_countries_to_scope(form, require_permission(request.user, RegistryPerm.REVIEW_DUPLICATES))
    return form


def _list(request: HttpRequest, form: CheckForm | None, status: int = 200) -> HttpResponseBase:
    response = list_page(
        request,
        selectors.dedupe_run_list(user=request.user),
        "registry/check_list.html",
        {"form": form},
        columns=CHECK_COLUMNS,
        stem="registry-checks",
    )
    if status != 200:
        response.status_code = status
    return response


@require_GET
def check_list(request: HttpRequest) -> HttpResponseBase:
    require_permission(request.user, RegistryPerm.REVIEW_DUPLICATES)
    return _list(request, check_form(request))


@require_POST
def check_create(request: HttpRequest) -> HttpResponseBase:
    require_permission(request.user, RegistryPerm.REVIEW_DUPLICATES)
    form = check_form(request)
    if form is None or not form.is_valid():
        return _list(request, form, status=422)
    try:
        tasks.queue_check(actor=signed_in(request.user), country=form.cleaned_data["country"])
    except DomainError as refused:
        form.add_error("country", str(refused))
        return _list(request, form, status=422)
    messages.success(request, _("The check is queued; its figures appear here when it ends."))
    return redirect("registry:check_list")
