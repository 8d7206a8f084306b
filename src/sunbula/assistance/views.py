"""Assistance pages: thin views that authorise, call one selector, and render."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.assistance import offline, selectors, services
from sunbula.assistance.forms import (
    CycleEditForm,
    CycleForm,
    DistributionForm,
    DistributionListForm,
    LookupForm,
    RationLineForm,
    ReasonForm,
    RuleForm,
)
from sunbula.assistance.models import Beneficiary, Cycle, Distribution, EligibilityRule, Entitlement
from sunbula.assistance.permissions import AssistancePerm
from sunbula.core import exports
from sunbula.core.access import (
    fetch,
    has_permission,
    may_open,
    reaches,
    require_permission,
    signed_in,
)
from sunbula.core.chain import neighbours_of
from sunbula.core.errors import DomainError
from sunbula.core.exports import Column
from sunbula.core.forms import limit_countries_to_scope
from sunbula.core.imports import ImportRefused
from sunbula.core.models import Site
from sunbula.core.permissions import Perm
from sunbula.core.privacy import personal_data
from sunbula.core.views import (
    figures_page,
    form_errors_to,
    form_page,
    form_save,
    list_page,
    paginate,
    posted,
    posted_files,
    run_step,
    save_then_show,
    save_with,
)
from sunbula.funding.models import Pledge
from sunbula.funding.permissions import FundingPerm
from sunbula.programmes.models import Project
from sunbula.programmes.permissions import ProgrammePerm
from sunbula.registry.models import Household, Institution
from sunbula.registry.permissions import RegistryPerm
from sunbula.registry.presentation import masked_person_cards
from sunbula.supply.models import Commodity, Lot
from sunbula.supply.permissions import SupplyPerm

# What each list downloads: the columns it shows, in the same words.
CYCLE_COLUMNS: tuple[Column[Cycle], ...] = (
    Column(gettext_lazy("Cycle"), lambda cycle: cycle.local_name),
    Column(gettext_lazy("Project"), lambda cycle: cycle.project.code),
    Column(capfirst(gettext_lazy("period start")), lambda cycle: cycle.period_start),
    Column(capfirst(gettext_lazy("period end")), lambda cycle: cycle.period_end),
    Column(gettext_lazy("Ration"), exports.label(Cycle, "ration_kind")),
    Column(gettext_lazy("Beneficiaries"), lambda cycle: getattr(cycle, "listed", None)),
    Column(gettext_lazy("Status"), exports.label(Cycle, "status")),
)
BENEFICIARY_COLUMNS: tuple[Column[Beneficiary], ...] = (
    Column(gettext_lazy("Reference"), lambda row: row.reference),
    Column(gettext_lazy("Kind"), exports.label(Beneficiary, "kind")),
    Column(gettext_lazy("People"), lambda row: row.people),
    Column(gettext_lazy("Females"), lambda row: row.females),
    Column(gettext_lazy("Males"), lambda row: row.males),
)


@require_GET
def cycle_list(request: HttpRequest) -> HttpResponseBase:
    cycles = selectors.cycle_list(user=request.user)
    may_plan = has_permission(request.user, AssistancePerm.MANAGE_CYCLE)
    return list_page(
        request,
        cycles,
        "assistance/cycle_list.html",
        {"may_plan": may_plan},
        columns=CYCLE_COLUMNS,
        stem="cycles",
    )


def _masked_name(entitlement: Entitlement) -> str:
    """A listed person's name as the one masking helper shows it to everyone."""
    person = entitlement.beneficiary.person
    if person is None:
        return ""
    card = next(masked_person_cards([person]))
    return " ".join(part for part in (card.given_name, card.family_name) if part)


ENTITLEMENT_COLUMNS: tuple[Column[Entitlement], ...] = (
    Column(gettext_lazy("Reference"), lambda row: row.beneficiary.reference),
    Column(gettext_lazy("Kind"), lambda row: row.beneficiary.get_kind_display()),
    Column(gettext_lazy("Name"), _masked_name),
    Column(gettext_lazy("People"), lambda row: row.beneficiary.people),
    Column(gettext_lazy("Commodity"), lambda row: row.commodity.local_name),
    Column(gettext_lazy("Unit"), lambda row: row.commodity.get_base_unit_display()),
    Column(gettext_lazy("Entitled"), lambda row: row.quantity),
    Column(gettext_lazy("Distributed"), lambda row: row.distributed),
    Column(gettext_lazy("Status"), exports.label(Entitlement, "status")),
)
DISTRIBUTION_COLUMNS: tuple[Column[Distribution], ...] = (
    Column(gettext_lazy("Reference"), lambda row: row.reference),
    Column(gettext_lazy("Beneficiary"), lambda row: row.beneficiary.reference),
    Column(gettext_lazy("Commodity"), lambda row: row.entitlement.commodity.local_name),
    Column(gettext_lazy("Quantity"), lambda row: row.quantity),
    Column(gettext_lazy("Site"), lambda row: row.site.name),
    Column(capfirst(gettext_lazy("distributed on")), lambda row: row.distributed_on),
    Column(gettext_lazy("Handed to"), exports.label(Distribution, "collector")),
)


def _cycle(request: HttpRequest, pk: int, *, write: str | None = None) -> Cycle:
    return selectors.cycle_for_user(request.user, pk, write=write)


@require_http_methods(["GET", "POST"])
def cycle_create(request: HttpRequest) -> HttpResponse:
    """Plan a cycle for a project in a country the planner manages cycles in."""
    actor = signed_in(request.user)
    scope = require_permission(actor, AssistancePerm.MANAGE_CYCLE)
    form = CycleForm(posted(request))
    limit_countries_to_scope(form, scope)
    projects = Project.objects.visible_to(actor, AssistancePerm.MANAGE_CYCLE)
    form.fields["project"].queryset = projects  # type: ignore[attr-defined]
    form.limit_actuals_to(projects)
    save = save_with(services.cycle_create, actor=actor)
    context = {"title": _("Plan a cycle")}
    return form_page(request, form, save, context)


@require_http_methods(["GET", "POST"])
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    cycle = _cycle(request, pk, write=AssistancePerm.MANAGE_CYCLE)
    form = CycleEditForm(posted(request), instance=Cycle.objects.get(pk=cycle.pk))
    form.limit_actuals_to(Project.objects.filter(pk=cycle.project_id))
    save = save_with(services.cycle_update, actor=actor, cycle=cycle)
    context = {"title": _("Edit the cycle"), "cycle": cycle}
    return form_page(request, form, save, context)


def _cycle_form(
    request: HttpRequest,
    pk: int,
    name: str,
    form_class: type[forms.BaseForm],
    service: Callable[..., object],
    success: str,
) -> HttpResponse:
    """A form posted from the cycle's page (its `name` there) that `service` takes; refused
    input is shown on the cycle's page, on its field (422)."""
    actor = signed_in(request.user)
    cycle = _cycle(request, pk, write=AssistancePerm.MANAGE_CYCLE)
    form = form_class(request.POST)
    return form_save(
        request,
        form,
        save_then_show(cycle, service, actor=actor, cycle=cycle),
        "assistance/cycle_detail.html",
        _cycle_page(request, cycle, **{name: form}),
        success=success,
    )


@require_POST
def cycle_ration(request: HttpRequest, pk: int) -> HttpResponse:
    """Set a ration line."""
    set_line, done = services.ration_line_set, _("The ration is set.")
    return _cycle_form(request, pk, "ration_form", RationLineForm, set_line, done)


@require_POST
def cycle_rule(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a targeting rule."""
    add_rule, done = services.eligibility_rule_add, _("The rule is added.")
    return _cycle_form(request, pk, "rule_form", RuleForm, add_rule, done)


@require_POST
def rule_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    rule = selectors.record_for_user(
        EligibilityRule.objects.select_related("cycle"),
        request.user,
        pk,
        write=AssistancePerm.MANAGE_CYCLE,
        rule=selectors.OF_ITS_CYCLE,
    )
    return run_step(
        request,
        lambda: services.eligibility_rule_remove(actor=actor, rule=rule),
        _("The rule is removed."),
        rule.cycle,
    )


@require_GET
def cycle_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx preview: how many records the rules would select with the rule being typed."""
    cycle = _cycle(request, pk)
    count = selectors.preview_count(
        user=request.user,
        cycle=cycle,
        field=request.GET.get("field", ""),
        value=request.GET.get("value", ""),
    )
    current = selectors.eligible_count(user=request.user, cycle=cycle)
    return render(
        request, "assistance/_preview.html", {"cycle": cycle, "count": count, "current": current}
    )


STEPS: dict[str, tuple[Callable[..., Any], Any]] = {
    "freeze": (services.beneficiary_list_freeze, gettext_lazy("The beneficiary list is frozen.")),
    "generate": (services.entitlements_compute, gettext_lazy("Entitlements are generated.")),
    "approve": (services.entitlements_approve, gettext_lazy("Entitlements are approved.")),
    "close": (services.cycle_close, gettext_lazy("The cycle is closed.")),
    "actuals": (
        services.cycle_actuals_feed,
        gettext_lazy("The project's indicator actuals are updated."),
    ),
}


@require_POST
def cycle_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the cycle's lifecycle: freeze, generate, approve (four eyes), close; or
    sending people reached and kilograms distributed to the indicator actuals."""
    actor = signed_in(request.user)
    cycle = _cycle(request, pk, write=AssistancePerm.MANAGE_CYCLE)
    if step not in STEPS:
        return redirect(cycle)
    service, done = STEPS[step]
    return run_step(request, lambda: service(actor=actor, cycle=cycle), str(done), cycle)


def _registry_opens(request: HttpRequest, cycle: Cycle) -> dict[str, bool]:
    """Whether the reader may open the registry's pages of the cycle's beneficiaries, all in
    the cycle's country: its households and people, its institutions."""
    return {
        "people": reaches(
            request.user, RegistryPerm.VIEW_REGISTRY, cycle, rule=Household.scope_rule
        ),
        "institutions": reaches(
            request.user, RegistryPerm.VIEW_INSTITUTION, cycle, rule=Institution.scope_rule
        ),
    }


@require_GET
@personal_data
def entitlement_list(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A cycle's entitlements to review, approve and download (names masked)."""
    cycle = _cycle(request, pk)
    return list_page(
        request,
        selectors.entitlement_list(user=request.user, cycle=cycle),
        "assistance/entitlement_list.html",
        {
            "cycle": cycle,
            "may_manage": reaches(request.user, AssistancePerm.MANAGE_CYCLE, cycle),
            "registry_opens": _registry_opens(request, cycle),
        },
        columns=ENTITLEMENT_COLUMNS,
        stem=f"cycle-{cycle.pk}-entitlements",
    )


def _desk_choices(request: HttpRequest, cycle: Cycle) -> dict[str, Any]:
    scope = require_permission(request.user, AssistancePerm.RECORD_DISTRIBUTION)
    return {
        "commodities": Commodity.objects.filter(
            pk__in=cycle.ration_lines.values("commodity_id")
        ).order_by("name"),
        "sites": scope.filter(
            Site.objects.filter(country=cycle.country, stock_keeping__is_active=True)
        ).order_by("name"),
    }


@require_http_methods(["GET", "POST"])
@personal_data
def distribution_desk(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Find a beneficiary by reference or card, record a hand-over against their entitlement
    (whole, in part, or to whoever collects for them); list the last ones."""
    actor = signed_in(request.user)
    cycle = _cycle(
        request, pk, write=AssistancePerm.RECORD_DISTRIBUTION if request.method == "POST" else None
    )
    lookup = LookupForm(request.GET, auto_id="lookup_%s")
    asked = lookup.cleaned_data["reference"] if lookup.is_valid() else ""
    found = selectors.desk_beneficiary(user=request.user, cycle=cycle, reference=asked)
    form = DistributionForm(
        posted(request),
        initial={
            "reference": found.reference if found is not None else "",
            "distributed_on": timezone.localdate(),
        },
        **_desk_choices(request, cycle),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            values = form.cleaned_data
            entitlement = selectors.desk_entitlement(
                user=request.user,
                cycle=cycle,
                reference=values["reference"],
                commodity=values["commodity"],
            )
            try:
                if entitlement is None:
                    raise ValidationError(
                        {
                            "entitlement": _("%(reference)s has no entitlement in this cycle.")
                            % {"reference": selectors.card_reference(values["reference"])}
                        }
                    )
                distribution = services.distribution_record(
                    actor=actor,
                    entitlement=entitlement,
                    site=values["site"],
                    quantity=values["quantity"],
                    distributed_on=values["distributed_on"],
                    collector=values["collector"],
                    reference=values["voucher"],
                )
            except (ValidationError, DomainError) as refused:
                # The service's `reference` is the hand-over's; the form's is the beneficiary's.
                form_errors_to(
                    form, refused, field_for={"entitlement": "reference", "reference": "voucher"}
                )
            else:
                messages.success(
                    request,
                    _("%(reference)s is recorded.") % {"reference": distribution.reference},
                )
                return redirect("assistance:distribution_desk", cycle.pk)
        status = 422
    # The reversals of the rows shown, each in one small query: joined into the list's own,
    # two more joins of the distributions table cost the planner more than the query runs.
    distributions = selectors.distribution_list(user=request.user, cycle=cycle).prefetch_related(
        "reverses", "reversal"
    )
    if exports.requested(request):
        return exports.download(
            request, distributions, DISTRIBUTION_COLUMNS, stem=f"cycle-{cycle.pk}-distributions"
        )
    return render(
        request,
        "assistance/distribution_desk.html",
        {
            "cycle": cycle,
            "form": form,
            "lookup": lookup,
            "found": found,
            "found_entitlements": (
                selectors.desk_entitlements(user=request.user, beneficiary=found)
                if found is not None
                else []
            ),
            "missed": selectors.card_reference(asked) if asked and found is None else "",
            "page": paginate(request, distributions),
            "reason_form": ReasonForm(),
        },
        status=status,
    )


@require_POST
def distribution_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a distribution with a reversing entry (never an edit)."""
    actor = signed_in(request.user)
    distribution = selectors.record_for_user(
        Distribution.objects.select_related("entitlement__cycle"),
        request.user,
        pk,
        write=AssistancePerm.RECORD_DISTRIBUTION,
    )
    cycle = distribution.entitlement.cycle
    return run_step(
        request,
        lambda: services.distribution_reverse(
            actor=actor, distribution=distribution, reason=request.POST.get("reason", "")
        ),
        _("The distribution is reversed."),
        "assistance:distribution_desk",
        cycle.pk,
    )


@require_GET
@personal_data
def distribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One hand-over, with the cycle and lots it belongs to and their trace."""
    distribution = fetch(
        Distribution.objects.select_related(
            "entitlement__cycle__project",
            "entitlement__commodity",
            "beneficiary__household",
            "beneficiary__person",
            "beneficiary__institution",
            "site",
        ).prefetch_related("reverses", "reversal"),
        request.user,
        pk,
        perm=AssistancePerm.VIEW_ASSISTANCE,
    )
    site = distribution.site
    return render(
        request,
        "assistance/distribution_detail.html",
        {
            "distribution": distribution,
            "served": _served_record(request, distribution.beneficiary),
            "site_url": site.get_absolute_url()
            if reaches(request.user, Perm.VIEW_SITE, site)
            else "",
            "neighbours": neighbours_of(request.user, distribution),
        },
    )


def _served_record(request: HttpRequest, beneficiary: Beneficiary) -> Model | None:
    """The registry's record of who was served (institution, household, or the person or
    farmer listed), when the reader may open it."""
    for record, perm in (
        (beneficiary.institution, RegistryPerm.VIEW_INSTITUTION),
        (beneficiary.household, RegistryPerm.VIEW_REGISTRY),
        (beneficiary.person, RegistryPerm.VIEW_REGISTRY),
    ):
        if record is not None:
            return record if reaches(request.user, perm, record) else None
    return None


@require_http_methods(["GET", "POST"])
def distribution_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a whole distribution list from a file, through the import pipeline."""
    actor = signed_in(request.user)
    cycle = _cycle(
        request, pk, write=AssistancePerm.RECORD_DISTRIBUTION if request.method == "POST" else None
    )
    form = DistributionListForm(
        posted(request), posted_files(request), **_desk_choices(request, cycle)
    )
    problems: list[Any] = []
    recorded = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            values = form.cleaned_data
            try:
                upload = services.distribution_list_upload(
                    actor=actor,
                    cycle=cycle,
                    commodity=values["commodity"],
                    site=values["site"],
                    distributed_on=values["distributed_on"],
                    content=values["file"],
                    file_name=getattr(request.FILES.get("file"), "name", "") or "",
                )
            except ImportRefused as refused:
                problems = refused.problems
                form.add_error(None, str(refused))
            except (ValidationError, DomainError) as refused:
                form_errors_to(form, refused)
            else:
                if upload.created:
                    messages.success(
                        request,
                        _("%(count)s distributions are recorded from the list.")
                        % {"count": upload.source.lines},
                    )
                    return redirect("assistance:distribution_desk", cycle.pk)
                # The same list sent again (a second click, a page sent twice): nothing was
                # recorded now, and the page says when it was.
                recorded = upload.source
        if recorded is None:
            status = 422
    return render(
        request,
        "assistance/distribution_upload.html",
        {"cycle": cycle, "form": form, "problems": problems[:50], "recorded": recorded},
        status=status,
    )


def _steps(
    request: HttpRequest, cycle: Cycle, summary: list[dict[str, Any]], lines: int
) -> set[str]:
    """The lifecycle steps the reader may take on the cycle now: none without the right to
    manage it; each only in the state where it applies (approval not to whoever generated
    the entitlements)."""
    if not reaches(request.user, AssistancePerm.MANAGE_CYCLE, cycle):
        return set()
    steps = {"actuals"} if cycle.reporting_period_id is not None else set()
    if cycle.status == Cycle.Status.PLANNING:
        return steps | {"edit", "freeze"}
    if cycle.status == Cycle.Status.CLOSED:
        return steps
    steps |= {"close", "add"}
    entitled = sum(row["count"] for row in summary)
    if lines and entitled < cycle.beneficiaries.count() * lines:
        steps.add("generate")
    drafts = any(row["status"] == Entitlement.Status.DRAFT for row in summary)
    if drafts:
        # Whoever generated the entitlements is told that another person approves them.
        steps.add("approve" if cycle.planned_by_id != request.user.pk else "await_review")
    return steps


def _cycle_page(
    request: HttpRequest,
    cycle: Cycle,
    *,
    ration_form: forms.BaseForm | None = None,
    rule_form: forms.BaseForm | None = None,
) -> dict[str, Any]:
    """What the cycle's page shows, with the ration or rule form as posted when one was
    refused; its beneficiary list is `page`."""
    ration = selectors.ration_summary(user=request.user, cycle=cycle)
    summary = selectors.entitlement_summary(user=request.user, cycle=cycle)
    return {
        "cycle": cycle,
        "rules": cycle.rules.all(),
        "ration": ration,
        "ration_form": ration_form or RationLineForm(),
        "rule_form": rule_form or RuleForm(),
        "eligible": selectors.eligible_count(user=request.user, cycle=cycle),
        "summary": summary,
        "progress": selectors.cycle_progress(user=request.user, cycle=cycle),
        "reached": selectors.people_reached(user=request.user, cycle_id=cycle.pk),
        "steps": _steps(request, cycle, summary, len(ration.lines)),
        "points": offline.point_sites(user=request.user, cycle=cycle),
        "neighbours": neighbours_of(request.user, cycle),
        "monitorings": selectors.cycle_monitorings(user=request.user, cycle=cycle),
        "may_monitor": reaches(request.user, AssistancePerm.RUN_MONITORING, cycle),
        "may_distribute": reaches(request.user, AssistancePerm.RECORD_DISTRIBUTION, cycle),
        "has_cards": selectors.carded_beneficiaries(cycle).exists(),
        "bidi": translation.get_language_bidi(),
        "page": paginate(request, selectors.beneficiary_list(user=request.user, cycle=cycle)),
        "registry_opens": _registry_opens(request, cycle),
    }


@require_GET
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    cycle = _cycle(request, pk)
    if exports.requested(request):
        beneficiaries = selectors.beneficiary_list(user=request.user, cycle=cycle)
        return exports.download(
            request, beneficiaries, BENEFICIARY_COLUMNS, stem=f"cycle-{cycle.pk}-beneficiaries"
        )
    return render(request, "assistance/cycle_detail.html", _cycle_page(request, cycle))


def _url_if_seen(request: HttpRequest, perm: str, record: Pledge | Lot | Project) -> str:
    """The traced record's own page, when the reader may open it: the way back up the chain."""
    return record.get_absolute_url() if may_open(request.user, perm, record) else ""


@require_GET
def pledge_trace(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = fetch(
        Pledge.objects.select_related("donor"), request.user, pk, perm=AssistancePerm.VIEW_TRACE
    )
    return figures_page(
        request,
        "assistance/trace.html",
        {
            "lots": partial(selectors.pledge_lots, user=request.user, pledge_id=pledge.pk),
            "trace": partial(selectors.pledge_trace, user=request.user, pledge_id=pledge.pk),
        },
        {
            "traced": f"pledge-{pledge.pk}",
            "subject": pledge.reference,
            "subject_url": _url_if_seen(request, FundingPerm.VIEW_FUNDING, pledge),
            "donor": pledge.donor,
        },
    )


@require_GET
def project_trace(request: HttpRequest, pk: int) -> HttpResponse:
    """The trace of every lot given to a project's pledges: the chain of the whole project."""
    project = fetch(Project.objects.all(), request.user, pk, perm=AssistancePerm.VIEW_TRACE)
    return figures_page(
        request,
        "assistance/trace.html",
        {"trace": partial(selectors.chain_trace, user=request.user, project_id=project.pk)},
        {
            "traced": f"project-{project.pk}",
            "subject": project.code,
            "subject_url": _url_if_seen(request, ProgrammePerm.VIEW_PROJECT, project),
            "donor": None,
            "lots": [],
        },
    )


@require_GET
def lot_trace(request: HttpRequest, pk: int) -> HttpResponse:
    lot = fetch(
        Lot.objects.select_related("commodity", "donor", "pledge"),
        request.user,
        pk,
        perm=AssistancePerm.VIEW_TRACE,
    )
    return figures_page(
        request,
        "assistance/trace.html",
        {"trace": partial(selectors.lot_trace, user=request.user, lot_id=lot.pk)},
        {
            "traced": f"lot-{lot.pk}",
            "subject": lot.reference,
            "subject_url": _url_if_seen(request, SupplyPerm.VIEW_STOCK, lot),
            "donor": lot.donor,
            "lots": [],
        },
    )
