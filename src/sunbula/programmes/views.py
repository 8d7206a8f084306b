"""Programme pages: thin views that authorise, call one selector or service, and render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.core import exports
from sunbula.core import selectors as core_selectors
from sunbula.core.access import fetch, has_permission, reaches, require_permission, signed_in
from sunbula.core.chain import neighbours_of
from sunbula.core.exports import Column
from sunbula.core.figures import day, money, percent_text
from sunbula.core.forms import ReasonForm
from sunbula.core.http import int_param, search_param
from sunbula.core.imports import FileRefused
from sunbula.core.plugins import record_link_groups
from sunbula.core.views import (
    VALIDATED_FORM,
    ListPage,
    add_or_change,
    form_page,
    form_save,
    form_write,
    posted,
    posted_files,
    refused_page,
    run_form_step,
    run_step,
    save_then_show,
)
from sunbula.programmes import selectors, services
from sunbula.programmes.access import (
    CHANGING_PROGRAMMES,
    can_manage_programmes,
    fetch_decision,
    fetch_indicator,
    fetch_period,
    fetch_programme,
    fetch_project,
    require_programme_manager,
)
from sunbula.programmes.forms import (
    ActualForm,
    BudgetForm,
    DecisionForm,
    IndicatorChangeForm,
    IndicatorForm,
    LocationFormSet,
    ParticipantForm,
    PeriodForm,
    ProgrammeForm,
    ProjectFilterForm,
    ProjectForm,
    ResultForm,
    SectorFormSet,
    TargetForm,
    ThreeWImportForm,
    UnlockForm,
    formset_rows,
    location_form_kwargs,
)
from sunbula.programmes.models import (
    Budget,
    ParticipatingOrganisation,
    Programme,
    Project,
    ReportingPeriod,
    Result,
)
from sunbula.programmes.permissions import ProgrammePerm
from sunbula.programmes.services import Disaggregation, ThreeWImportError

# What the project list downloads: the columns it shows, in the same words.
PROJECT_COLUMNS: tuple[Column[Project], ...] = (
    Column(gettext_lazy("Code"), lambda project: project.code),
    Column(gettext_lazy("Title"), lambda project: project.local_title),
    Column(gettext_lazy("Programme"), lambda project: project.programme.code),
    Column(gettext_lazy("Status"), exports.label(Project, "status")),
    Column(
        gettext_lazy("Recipient"),
        lambda project: (
            project.recipient_country.local_name
            if project.recipient_country
            else _("Several countries")
        ),
    ),
)


PROGRAMME_COLUMNS: tuple[Column[Programme], ...] = (
    Column(gettext_lazy("Code"), lambda programme: programme.code),
    Column(gettext_lazy("Name"), lambda programme: programme.local_name),
    Column(
        gettext_lazy("Reporting organisation"),
        lambda programme: str(programme.reporting_organisation),
    ),
)


@require_GET
def programme_list(request: HttpRequest) -> HttpResponseBase:
    programmes = selectors.programme_list(user=request.user, search=search_param(request))
    if exports.requested(request):
        return exports.download(request, programmes, PROGRAMME_COLUMNS, stem="programmes")
    # A short list, shown whole: a programme is a large undertaking.
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": programmes, "can_add": can_manage_programmes(request.user)},
    )


def _programme_page(
    request: HttpRequest, programme: Programme, form: DecisionForm | None = None, status: int = 200
) -> HttpResponse:
    can_manage = reaches(
        request.user, ProgrammePerm.MANAGE_PROGRAMME, programme, rule=CHANGING_PROGRAMMES
    )
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "decisions": programme.decisions.all(),
            "projects": selectors.project_list(user=request.user, programme=programme),
            "can_manage": can_manage,
            "can_add_project": has_permission(request.user, ProgrammePerm.MANAGE_PROJECT),
            "form": form or (DecisionForm() if can_manage else None),
        },
        status=status,
    )


@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _programme_page(
        request,
        fetch_programme(request.user, pk),
    )


@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    require_programme_manager(request.user)
    return _programme_form(request, None)


@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _programme_form(
        request, fetch_programme(request.user, pk, write=ProgrammePerm.MANAGE_PROGRAMME)
    )


def _programme_form(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    """Add a programme, or change one; the form validates its own copy of the record
    because the service compares the record before and after."""
    actor = signed_in(request.user)
    form = ProgrammeForm(
        posted(request), instance=programme and fetch_programme(actor, programme.pk)
    )
    title = _("Edit programme") if programme else _("Add a programme")
    create, update = services.programme_create, services.programme_update
    return add_or_change(request, form, "programme", programme, create, update, title)


@require_POST
def decision_record(request: HttpRequest, pk: int) -> HttpResponse:
    programme = fetch_programme(request.user, pk, write=ProgrammePerm.MANAGE_PROGRAMME)
    form = DecisionForm(request.POST)
    actor = signed_in(request.user)
    refusal = form_write(
        form,
        lambda: services.governing_decision_record(
            actor=actor, programme=programme, **form.translated_values()
        ),
    )
    if refusal is None:
        messages.success(request, _("Saved."))
        return redirect(programme)
    return _programme_page(request, programme, form, status=422)


@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a decision recorded with a wrong session, kind, place or dates."""
    actor = signed_in(request.user)
    decision = fetch_decision(actor, pk, write=ProgrammePerm.MANAGE_PROGRAMME)
    # The form validates its own copy: the service compares the stored record with the change.
    form = DecisionForm(posted(request), instance=fetch_decision(actor, pk))
    programme = decision.programme
    save = save_then_show(
        programme, services.governing_decision_update, actor=actor, decision=decision
    )
    context = {"title": _("Correct the decision of %(session)s") % {"session": decision}}
    return form_page(request, form, save, context, success=_("The decision is corrected."))


@require_http_methods(["GET", "POST"])
def decision_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a decision recorded by mistake, saying why."""
    actor = signed_in(request.user)
    decision = fetch_decision(actor, pk, write=ProgrammePerm.MANAGE_PROGRAMME)
    programme = decision.programme
    return form_save(
        request,
        ReasonForm(posted(request)),
        save_then_show(
            programme, services.governing_decision_remove, actor=actor, decision=decision
        ),
        VALIDATED_FORM,
        {
            "title": _("Remove the decision of %(session)s, %(date)s")
            % {"session": decision, "date": day(decision.held_from, html=False)},
            "intro": _(
                "A decision recorded by mistake is removed from the programme; the audit log "
                "keeps it and your reason."
            ),
            "submit": _("Remove the decision"),
        },
        success=_("The decision is removed."),
    )


@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    return _project_form(request, None)


@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_form(
        request, fetch_project(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
    )


def _project_form(request: HttpRequest, project: Project | None) -> HttpResponse:
    """Add a project, or change one, in a country where the user may manage projects."""
    actor = signed_in(request.user)
    scope = require_permission(actor, ProgrammePerm.MANAGE_PROJECT)
    initial: dict[str, Any] = {}
    programme_id = int_param(request, "programme")
    if project is None and programme_id is not None:
        # Opened from a programme's page: the project is added to that programme.
        initial["programme"] = fetch_programme(actor, programme_id)
    form = ProjectForm(
        posted(request),
        initial=initial,
        instance=project and fetch_project(actor, project.pk),
        countries=selectors.project_countries(user=actor),
        every_country=scope.every_country,
    )
    form.fields["programme"].queryset = selectors.programme_list(user=actor)  # type: ignore[attr-defined]
    title = _("Edit project") if project else _("Add a project")
    create, update = services.project_create, services.project_update
    return add_or_change(request, form, "project", project, create, update, title)


PROJECT_LIST = ListPage(
    "programmes/project_list.html",
    PROJECT_COLUMNS,
    stem="projects",
    adding=ProgrammePerm.MANAGE_PROJECT,
)


@require_GET
def project_list(request: HttpRequest) -> HttpResponseBase:
    form = ProjectFilterForm(request.GET)
    return PROJECT_LIST.filtered(request, form, selectors.project_list)


# The project page: each editable part is a section that htmx swaps in place.
SECTIONS = ("locations", "sectors", "participants", "budgets", "results")

Part = TypeVar("Part", bound=Model)


def _section_forms(request: HttpRequest, project: Project) -> dict[str, Any]:
    """Unbound forms for every section, filled with what the project has now."""
    areas = selectors.project_admin_areas(user=request.user, project=project)
    return {
        "location_forms": LocationFormSet(
            prefix="locations",
            form_kwargs=location_form_kwargs(areas),
            initial=[
                {"admin_area": row.admin_area_id, "percentage": row.percentage}
                for row in project.locations.all()
            ],
        ),
        "sector_forms": SectorFormSet(
            prefix="sectors",
            initial=[
                {"code": row.code, "percentage": row.percentage} for row in project.sectors.all()
            ],
        ),
        "participant_form": ParticipantForm(
            organisations=core_selectors.organisation_list(user=request.user)
        ),
        "budget_form": BudgetForm(initial={"currency": project.currency_id}),
        "result_form": ResultForm(),
        "indicator_form": IndicatorForm(project=project),
        "period_form": PeriodForm(),
        "target_form": TargetForm(project=project),
    }


def _project_page(
    request: HttpRequest, project: Project, section: str = "", status: int = 200, **bound: Any
) -> HttpResponse:
    """The project page, or only `section` of it when htmx asks; `bound` forms show errors."""
    can_manage = reaches(request.user, ProgrammePerm.MANAGE_PROJECT, project)
    context: dict[str, Any] = {
        "project": project,
        "locations": project.locations.select_related("admin_area"),
        "sectors": project.sectors.all(),
        "participants": project.participants.select_related("organisation"),
        "budgets": project.budgets.select_related("currency"),
        "target_groups": project.target_groups.all(),
        "documents": project.documents.all(),
        "assets": selectors.asset_list(user=request.user, project=project),
        "results": selectors.results_framework(user=request.user, project=project)
        if section in ("", "results")
        else [],
        "can_manage": can_manage,
        "past_end": selectors.past_end_still_running(project),
    }
    if can_manage:
        context.update(_section_forms(request, project))
        context.update(bound)
    if section and request.headers.get("HX-Request"):
        return render(request, f"programmes/_{section}.html", context, status=status)
    context["neighbours"] = neighbours_of(request.user, project)
    context["elsewhere"] = record_link_groups(request.user, project)
    return render(request, "programmes/project_detail.html", context, status=status)


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_page(
        request,
        fetch_project(request.user, pk),
    )


def _saved(request: HttpRequest, project: Project, section: str) -> HttpResponse:
    """After a change: the fresh section for htmx, else back to the project page."""
    if request.headers.get("HX-Request"):
        return _project_page(request, project, section)
    messages.success(request, _("Saved."))
    return redirect(f"{project.get_absolute_url()}#{section}")


def _write_section(
    request: HttpRequest,
    project: Project,
    section: str,
    name: str,
    form: Any,
    write: Callable[[], object],
) -> HttpResponse:
    """Validate `form`, call the service; on refusal show the section again with why (422)."""
    if form_write(form, write) is None:
        return _saved(request, project, section)
    return _project_page(request, project, section, status=422, **{name: form})


def _add_to_project(
    request: HttpRequest,
    project: Project,
    section: str,
    name: str,
    form: Any,
    service: Callable[..., object],
) -> HttpResponse:
    """Validate `form` and hand its values to `service` for `project` (a budget line, a
    participating organisation, a reporting period)."""
    return _write_section(
        request,
        project,
        section,
        name,
        form,
        lambda: service(actor=signed_in(request.user), project=project, **form.cleaned_data),
    )


def _project_part(parts: QuerySet[Part], request: HttpRequest, pk: int) -> Part:
    """A budget line, result or participating organisation, fetched to be changed: the user
    sees its project and manages projects there."""
    return fetch(
        parts.select_related("project"),
        request.user,
        pk,
        perm=ProgrammePerm.VIEW_PROJECT,
        write=ProgrammePerm.MANAGE_PROJECT,
    )


@require_POST
def project_locations(request: HttpRequest, pk: int) -> HttpResponse:
    project = fetch_project(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
    forms = LocationFormSet(
        request.POST,
        prefix="locations",
        form_kwargs=location_form_kwargs(
            selectors.project_admin_areas(user=request.user, project=project)
        ),
    )
    return _write_section(
        request,
        project,
        "locations",
        "location_forms",
        forms,
        lambda: services.project_locations_set(
            actor=signed_in(request.user),
            project=project,
            locations=formset_rows(forms, "admin_area"),
        ),
    )


@require_POST
def project_sectors(request: HttpRequest, pk: int) -> HttpResponse:
    project = fetch_project(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
    forms = SectorFormSet(request.POST, prefix="sectors")
    return _write_section(
        request,
        project,
        "sectors",
        "sector_forms",
        forms,
        lambda: services.project_sectors_set(
            actor=signed_in(request.user), project=project, sectors=formset_rows(forms, "code")
        ),
    )


@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = fetch_project(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
    form = ParticipantForm(
        request.POST, organisations=core_selectors.organisation_list(user=request.user)
    )
    already = (
        project.participants.filter(
            organisation=form.cleaned_data["organisation"], role=form.cleaned_data["role"]
        ).first()
        if form.is_valid()
        else None
    )
    answer = _add_to_project(
        request, project, "participants", "participant_form", form, services.participant_add
    )
    if already is not None and answer.status_code < 400:
        # It keeps its place: the addition could only change its share, so say what it did.
        values = {
            "organisation": already.organisation.local_name,
            "role": already.get_role_display(),
            "before": percent_text(already.funding_share) or "—",
            "after": percent_text(form.cleaned_data["funding_share"]) or "—",
        }
        if values["before"] == values["after"]:
            said = _("%(organisation)s takes part as %(role)s already; nothing changed.")
        else:
            said = _(
                "%(organisation)s takes part as %(role)s already: its funding share changed "
                "from %(before)s to %(after)s."
            )
        messages.info(request, said % values)
    return answer


@require_POST
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _project_part(ParticipatingOrganisation.objects.all(), request, pk)
    project = participant.project
    services.participant_remove(actor=signed_in(request.user), participant=participant)
    return _saved(request, project, "participants")


@require_POST
def budget_record(request: HttpRequest, pk: int) -> HttpResponse:
    project = fetch_project(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
    form = BudgetForm(request.POST)
    return _add_to_project(request, project, "budgets", "budget_form", form, services.budget_record)


@require_http_methods(["GET", "POST"])
def budget_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a period's budget recorded by mistake, saying why."""
    actor = signed_in(request.user)
    budget = _project_part(Budget.objects.select_related("currency"), request, pk)
    then = f"{budget.project.get_absolute_url()}#budgets"
    # form_page, not form_save: htmx's in-place check of the reason must not remove it.
    return form_page(
        request,
        ReasonForm(posted(request)),
        save_then_show(then, services.budget_remove, actor=actor, budget=budget),
        {
            "title": _("Remove the budget of %(start)s – %(end)s, %(amount)s")
            % {
                "start": day(budget.period_start, html=False),
                "end": day(budget.period_end, html=False),
                "amount": money(budget.amount, budget.currency, html=False),
            },
            "intro": _(
                "A budget recorded by mistake is removed from the project; the audit log "
                "keeps it and your reason."
            ),
            "submit": _("Remove the budget"),
        },
        success=_("The budget is removed."),
    )


@require_POST
def result_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = fetch_project(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
    form = ResultForm(request.POST)
    return _write_section(
        request,
        project,
        "results",
        "result_form",
        form,
        lambda: services.result_create(
            actor=signed_in(request.user), project=project, **form.translated_values()
        ),
    )


@require_POST
def result_remove(request: HttpRequest, pk: int) -> HttpResponse:
    result = _project_part(Result.objects.all(), request, pk)
    project = result.project
    try:
        services.result_remove(actor=signed_in(request.user), result=result)
    except services.FiguresRecorded as error:
        return _project_page(request, project, "results", status=422, result_problem=str(error))
    return _saved(request, project, "results")


@require_POST
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = fetch_project(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
    form = IndicatorForm(request.POST, project=project)
    return _write_section(
        request,
        project,
        "results",
        "indicator_form",
        form,
        lambda: services.indicator_create(
            actor=signed_in(request.user), **form.translated_values()
        ),
    )


@require_POST
def period_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = fetch_project(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
    form = PeriodForm(request.POST)
    return _add_to_project(
        request, project, "results", "period_form", form, services.reporting_period_create
    )


@require_POST
def target_set(request: HttpRequest, pk: int) -> HttpResponse:
    project = fetch_project(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
    form = TargetForm(request.POST, project=project)
    return _write_section(
        request,
        project,
        "results",
        "target_form",
        form,
        lambda: services.indicator_target_set(actor=signed_in(request.user), **form.cleaned_data),
    )


def _confirm_removal(
    request: HttpRequest,
    title: str,
    intro: str,
    remove: Callable[..., object],
    then: str,
    **record: Any,
) -> HttpResponse:
    """The step that confirms a removal: GET asks, with `intro` saying what goes; POST calls
    the service `remove` on the `record` and goes to `then`, or shows the refusal (422). A
    record that can no longer be removed answers `refused_page` before asking."""

    def confirmed(_values: dict[str, Any]) -> str:
        remove(actor=signed_in(request.user), **record)
        return then

    return form_page(
        request,
        forms.Form(posted(request)),
        confirmed,
        {"title": title, "intro": intro, "submit": _("Remove")},
        success=_("Removed."),
    )


def _results_section(project_id: int) -> str:
    return reverse("programmes:project_detail", args=[project_id]) + "#results"


@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an indicator: its wording and baseline always; what its actuals are counted in
    and split by only while none is recorded (the service says so on the field)."""
    indicator = fetch_indicator(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
    actor = signed_in(request.user)
    form = IndicatorChangeForm(posted(request), instance=fetch_indicator(actor, pk))
    then = _results_section(indicator.result.project_id)
    save = save_then_show(then, services.indicator_update, actor=actor, indicator=indicator)
    return form_page(request, form, save, {"title": _("Edit indicator")})


@require_http_methods(["GET", "POST"])
def indicator_remove(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = fetch_indicator(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
    then = _results_section(indicator.result.project_id)
    if problem := indicator.removal_problem():
        return refused_page(request, problem, services.FiguresRecorded.status_code, then)
    question = _("Remove the indicator “%(indicator)s” and the targets set for it?")
    intro = question % {"indicator": indicator}
    title = _("Remove indicator")
    return _confirm_removal(
        request, title, intro, services.indicator_remove, then, indicator=indicator
    )


def _period_refused(request: HttpRequest, period: ReportingPeriod) -> HttpResponse | None:
    """The project's results page with why the period's dates can no longer change, at the
    status its service answers (409 while approved, 422 once actuals are recorded in it); None
    while they can."""
    problem = period.change_problem()
    if not problem:
        return None
    refusal = services.PeriodLocked if period.is_locked else services.FiguresRecorded
    return refused_page(
        request, problem, refusal.status_code, "programmes:project_results", period.project_id
    )


@require_http_methods(["GET", "POST"])
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a period's dates while it is open and holds no actual."""
    period = fetch_period(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
    if refused := _period_refused(request, period):
        return refused
    actor = signed_in(request.user)
    form = PeriodForm(posted(request), instance=fetch_period(actor, pk))
    then = reverse("programmes:project_results", args=[period.project_id])
    save = save_then_show(then, services.reporting_period_update, actor=actor, period=period)
    return form_page(request, form, save, {"title": _("Edit reporting period")})


@require_http_methods(["GET", "POST"])
def period_remove(request: HttpRequest, pk: int) -> HttpResponse:
    period = fetch_period(request.user, pk, write=ProgrammePerm.MANAGE_PROJECT)
    if refused := _period_refused(request, period):
        return refused
    question = _("Remove the reporting period %(period)s and the targets set for it?")
    intro = question % {"period": period}
    then = reverse("programmes:project_results", args=[period.project_id])
    title = _("Remove reporting period")
    return _confirm_removal(
        request, title, intro, services.reporting_period_remove, then, period=period
    )


def _results_page(
    request: HttpRequest,
    pk: int,
    form: ActualForm | None = None,
    status: int = 200,
    posted_to: int | None = None,
) -> HttpResponse:
    """The results of a project; each open period has its own form for actuals, and a
    refused one (`form`, posted to the period `posted_to`) shows its errors there only."""
    project = fetch_project(request.user, pk)
    periods = [
        (
            period,
            form
            if form is not None and period.pk == posted_to
            else ActualForm(project=project, auto_id=f"id_period{period.pk}_%s"),
        )
        for period in project.reporting_periods.order_by("period_start")
    ]
    return render(
        request,
        "programmes/project_results.html",
        {
            "project": project,
            "results": selectors.results_framework(user=request.user, project=project),
            "periods": periods,
            "unlock_form": UnlockForm(),
            "can_manage": reaches(request.user, ProgrammePerm.MANAGE_PROJECT, project),
            "can_record": reaches(request.user, ProgrammePerm.RECORD_ACTUAL, project),
            "can_approve": reaches(request.user, ProgrammePerm.APPROVE_PERIOD, project),
            "can_unlock": reaches(request.user, ProgrammePerm.UNLOCK_PERIOD, project),
        },
        status=status,
    )


@require_GET
def project_results(request: HttpRequest, pk: int) -> HttpResponse:
    return _results_page(request, pk)


@require_POST
def actual_record(request: HttpRequest, pk: int) -> HttpResponse:
    period = fetch_period(request.user, pk, write=ProgrammePerm.RECORD_ACTUAL)
    form = ActualForm(request.POST, project=period.project, auto_id=f"id_period{period.pk}_%s")
    actor = signed_in(request.user)

    def record() -> object:
        values = form.cleaned_data
        disaggregation = Disaggregation(
            sex=values["sex"], age_group=values["age_group"], displacement=values["displacement"]
        )
        return services.indicator_actual_record(
            actor=actor,
            indicator=values["indicator"],
            period=period,
            value=values["value"],
            disaggregation=disaggregation,
            comment=values["comment"],
        )

    if form_write(form, record) is None:
        messages.success(request, _("Saved."))
        return redirect("programmes:project_results", pk=period.project_id)
    status = 409 if form.is_bound and form.non_field_errors() else 422
    return _results_page(request, period.project_id, form, status=status, posted_to=period.pk)


@require_POST
def period_approve(request: HttpRequest, pk: int) -> HttpResponse:
    period = fetch_period(request.user, pk, write=ProgrammePerm.APPROVE_PERIOD)
    return run_step(
        request,
        lambda: services.reporting_period_approve(actor=signed_in(request.user), period=period),
        _("The period is approved and locked."),
        "programmes:project_results",
        period.project_id,
    )


@require_POST
def period_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    period = fetch_period(request.user, pk, write=ProgrammePerm.UNLOCK_PERIOD)
    return run_form_step(
        request,
        UnlockForm(request.POST),
        _("Say why the period is unlocked."),
        lambda values: services.reporting_period_unlock(
            actor=signed_in(request.user), period=period, reason=values["reason"]
        ),
        _("The period is unlocked."),
        "programmes:project_results",
        period.project_id,
    )


@require_GET
def four_w(request: HttpRequest) -> HttpResponse:
    country = request.GET.get("country", "")
    rows = selectors.four_w_rows(user=request.user, country=country, with_reached=False)
    matrix, overlaps = selectors.four_w_as_read(rows)
    return render(
        request,
        "programmes/four_w.html",
        {
            "matrix": matrix,
            "overlaps": overlaps,
            "past_end": selectors.four_w_past_end(rows),
            "imports": selectors.three_w_import_list(user=request.user)[:10],
            "can_import": has_permission(request.user, ProgrammePerm.IMPORT_THREE_W),
        },
    )


@require_http_methods(["GET", "POST"])
def three_w_import(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, ProgrammePerm.IMPORT_THREE_W)
    form = ThreeWImportForm(
        posted(request),
        posted_files(request),
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
                content=upload,
            )
        except ThreeWImportError as error:
            problems = error.problems
        except FileRefused as refused:
            problems = [str(refused)]
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
