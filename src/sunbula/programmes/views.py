"""Programme pages: thin views that authorise, call one selector or service, and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core.access import has_permission, require_permission, scope_for, signed_in
from sunbula.core.errors import DomainError
from sunbula.core.views import form_errors_to, paginate
from sunbula.programmes import selectors, services
from sunbula.programmes.access import period_for_user, programme_for_user, project_for_user
from sunbula.programmes.forms import ActualForm, ProjectFilterForm, ThreeWImportForm, UnlockForm
from sunbula.programmes.permissions import ProgrammePerm
from sunbula.programmes.services import Disaggregation, ThreeWImportError


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = selectors.programme_list(user=request.user, search=request.GET.get("q", ""))
    return render(request, "programmes/programme_list.html", {"programmes": programmes})


@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_for_user(request.user, pk)
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "decisions": programme.decisions.all(),
            "projects": selectors.project_list(user=request.user, programme=programme),
        },
    )


@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    projects = selectors.project_list(
        user=request.user, search=filters.get("q", ""), status=filters.get("status", "")
    )
    return render(
        request, "programmes/project_list.html", {"form": form, "page": paginate(request, projects)}
    )


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for_user(request.user, pk)
    return render(
        request,
        "programmes/project_detail.html",
        {
            "project": project,
            "locations": project.locations.select_related("admin_area"),
            "sectors": project.sectors.all(),
            "participants": project.participants.select_related("organisation"),
            "budgets": project.budgets.select_related("currency"),
            "target_groups": project.target_groups.all(),
            "documents": project.documents.all(),
        },
    )


def _results_page(
    request: HttpRequest, pk: int, form: ActualForm | None = None, status: int = 200
) -> HttpResponse:
    project = project_for_user(request.user, pk)
    country = project.recipient_country_id
    return render(
        request,
        "programmes/project_results.html",
        {
            "project": project,
            "results": selectors.results_framework(user=request.user, project=project),
            "periods": project.reporting_periods.order_by("period_start"),
            "form": form or ActualForm(project=project),
            "unlock_form": UnlockForm(),
            "can_record": scope_for(request.user, ProgrammePerm.RECORD_ACTUAL).covers_country(
                country
            ),
            "can_approve": scope_for(request.user, ProgrammePerm.APPROVE_PERIOD).covers_country(
                country
            ),
            "can_unlock": scope_for(request.user, ProgrammePerm.UNLOCK_PERIOD).covers_country(
                country
            ),
        },
        status=status,
    )


@require_GET
def project_results(request: HttpRequest, pk: int) -> HttpResponse:
    return _results_page(request, pk)


@require_POST
def actual_record(request: HttpRequest, pk: int) -> HttpResponse:
    period = period_for_user(request.user, pk, write=True)
    form = ActualForm(request.POST, project=period.project)
    if form.is_valid():
        try:
            services.indicator_actual_record(
                actor=signed_in(request.user),
                indicator=form.cleaned_data["indicator"],
                period=period,
                value=form.cleaned_data["value"],
                disaggregation=Disaggregation(
                    sex=form.cleaned_data["sex"],
                    age_group=form.cleaned_data["age_group"],
                    displacement=form.cleaned_data["displacement"],
                ),
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form_errors_to(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:project_results", pk=period.project_id)
    status = 409 if form.is_bound and form.non_field_errors() else 422
    return _results_page(request, period.project_id, form, status=status)


@require_POST
def period_approve(request: HttpRequest, pk: int) -> HttpResponse:
    period = period_for_user(request.user, pk, write=True, permission=ProgrammePerm.APPROVE_PERIOD)
    try:
        services.reporting_period_approve(actor=signed_in(request.user), period=period)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The period is approved and locked."))
    return redirect("programmes:project_results", pk=period.project_id)


@require_POST
def period_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    period = period_for_user(request.user, pk, write=True, permission=ProgrammePerm.UNLOCK_PERIOD)
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the period is unlocked."))
        return redirect("programmes:project_results", pk=period.project_id)
    try:
        services.reporting_period_unlock(
            actor=signed_in(request.user), period=period, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The period is unlocked."))
    return redirect("programmes:project_results", pk=period.project_id)


@require_GET
def four_w(request: HttpRequest) -> HttpResponse:
    country = request.GET.get("country", "")
    rows = selectors.four_w_rows(user=request.user, country=country)
    return render(
        request,
        "programmes/four_w.html",
        {
            "matrix": selectors.four_w_matrix(rows),
            "overlaps": selectors.find_overlaps(rows),
            "imports": selectors.three_w_import_list(user=request.user)[:10],
            "can_import": has_permission(request.user, ProgrammePerm.IMPORT_THREE_W),
        },
    )


@require_http_methods(["GET", "POST"])
def three_w_import(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, ProgrammePerm.IMPORT_THREE_W)
    form = ThreeWImportForm(
        request.POST or None,
        request.FILES or None,
        countries=selectors.three_w_import_countries(user=request.user),
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            source = services.three_w_import(
                actor=signed_in(request.user),
                country=form.cleaned_data["country"],
                file_name=upload.name,
                content=upload.read(),
            )
        except ThreeWImportError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("%(count)s rows imported from %(file)s.")
                % {"count": source.activities.count(), "file": source.file_name},
            )
            return redirect("programmes:four_w")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "programmes/three_w_import.html",
        {"form": form, "problems": problems},
        status=status,
    )
