"""Allocation pages: a cycle's plan beside the model's proposal, adjusting its lines, the
four-eyes approval and the application; the least-cost food basket."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunbula.allocation import selectors, services
from sunbula.allocation.basket import BasketInfeasible, basket_asked, least_cost_basket
from sunbula.allocation.forms import BasketForm, LineForm, ProposeForm
from sunbula.allocation.models import AllocationProposal
from sunbula.allocation.permissions import AllocationPerm
from sunbula.assistance.permissions import AssistancePerm
from sunbula.assistance.selectors import entitlement_summary
from sunbula.core.access import (
    has_permission,
    may_approve,
    reaches,
    require_permission,
    signed_in,
)
from sunbula.core.views import (
    form_save,
    paginate,
    posted,
    refused_page,
    run_form_step,
    run_step,
)


@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    proposals = selectors.proposal_list(user=request.user)
    return render(request, "allocation/proposal_list.html", {"page": paginate(request, proposals)})


@require_http_methods(["GET", "POST"])
def cycle_allocation(request: HttpRequest, pk: int) -> HttpResponse:
    """A cycle's proposals, and the form that asks the model for a new one."""
    write = AllocationPerm.PROPOSE_ALLOCATION if request.method == "POST" else None
    cycle = selectors.cycle_for_user(user=request.user, pk=pk, write=write)
    closed = cycle.change_problem()
    if request.method == "POST" and closed:
        return refused_page(request, closed, 409, "allocation:cycle_allocation", cycle.pk)
    form = ProposeForm(posted(request))
    context = {
        "cycle": cycle,
        "plan": (
            entitlement_summary(user=request.user, cycle=cycle)
            if has_permission(request.user, AssistancePerm.VIEW_ASSISTANCE)
            else []
        ),
        "proposals": selectors.proposal_list(user=request.user, cycle=cycle)[:10],
        "can_propose": reaches(request.user, AllocationPerm.PROPOSE_ALLOCATION, cycle),
        "closed": closed,
    }
    if request.method == "POST":
        actor = signed_in(request.user)
        return form_save(
            request,
            form,
            lambda values: services.proposal_create(actor=actor, cycle=cycle, **values),
            "allocation/cycle_allocation.html",
            context,
            success=_("The model's proposal is ready for review."),
        )
    return render(request, "allocation/cycle_allocation.html", {"form": form, **context})


@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_for_user(user=request.user, pk=pk)
    explanation = proposal.explanation.get("model", {})
    scarcest = explanation.get("scarcest_commodity")
    return render(
        request,
        "allocation/proposal_detail.html",
        {
            "proposal": proposal,
            "plan": selectors.plan_rows(user=request.user, proposal=proposal),
            # Lines a page at a time: a country-wide plan has hundreds.
            "page": paginate(
                request, selectors.proposal_lines(user=request.user, proposal=proposal), 50
            ),
            "explanation": explanation,
            "binding": selectors.binding_constraints(user=request.user, proposal=proposal),
            "scarcest": selectors.commodity_names([scarcest]).get(scarcest or "", ""),
            "outcome": proposal.explanation.get("outcome", {}),
            "can_propose": reaches(request.user, AllocationPerm.PROPOSE_ALLOCATION, proposal),
            "can_approve": reaches(request.user, AllocationPerm.APPROVE_ALLOCATION, proposal),
            # Whoever proposed it is told that another person approves it (four eyes).
            "may_approve": may_approve(
                request.user,
                AllocationPerm.APPROVE_ALLOCATION,
                proposal,
                author_id=proposal.proposed_by_id,
            ),
            "draft": proposal.status == AllocationProposal.Status.DRAFT,
        },
    )


@require_POST
def line_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    line = selectors.line_for_user(user=request.user, pk=pk)
    return run_form_step(
        request,
        LineForm(request.POST),
        _("Give a quantity of zero or more."),
        lambda values: services.proposal_line_adjust(actor=actor, line=line, kg=values["kg"]),
        _("The line is adjusted."),
        line.proposal,
    )


@require_POST
def proposal_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Approve, reject or apply a proposal."""
    actor = signed_in(request.user)
    steps: dict[str, tuple[str, Callable[[AllocationProposal], object], str]] = {
        "approve": (
            AllocationPerm.APPROVE_ALLOCATION,
            lambda proposal: services.proposal_approve(actor=actor, proposal=proposal),
            _("The proposal is approved."),
        ),
        "reject": (
            AllocationPerm.APPROVE_ALLOCATION,
            lambda proposal: services.proposal_reject(actor=actor, proposal=proposal),
            _("The proposal is rejected."),
        ),
        "apply": (
            AllocationPerm.APPROVE_ALLOCATION,
            lambda proposal: services.proposal_apply(actor=actor, proposal=proposal),
            _("Draft waybills and entitlement changes are made."),
        ),
    }
    proposal = selectors.proposal_for_user(
        user=request.user, pk=pk, write=AllocationPerm.APPROVE_ALLOCATION
    )
    if step not in steps:
        raise Http404
    _permission, action, done = steps[step]
    return run_step(request, lambda: action(proposal), done, proposal)


@require_GET
def food_basket(request: HttpRequest) -> HttpResponse:
    """The least-cost basket of the food in the pipeline that meets the energy, protein and fat floors."""
    require_permission(request.user, AllocationPerm.VIEW_ALLOCATION)
    form = BasketForm(request.GET or None)
    items = selectors.basket_items(user=request.user)
    basket = error = None
    if form.is_valid():
        try:
            basket = least_cost_basket(basket_asked(items, form.cleaned_data))
        except BasketInfeasible as failed:
            error = failed.message()
    names = {item.commodity: item.name or item.commodity for item in items}
    return render(
        request,
        "allocation/food_basket.html",
        {
            "form": form,
            "pipeline": [(names[item.commodity], item) for item in items],
            "basket": basket,
            "basket_rows": [(names.get(code, code), kg) for code, kg in basket.kg_per_day.items()]
            if basket
            else [],
            "scarcest": names.get(basket.scarcest_commodity or "", "") if basket else "",
            "error": error,
        },
    )
