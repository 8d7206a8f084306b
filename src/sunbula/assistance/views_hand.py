"""What a cycle's manager does by hand: add a beneficiary the rules missed, lower or cancel an
entitlement not yet distributed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sunbula.assistance import services
from sunbula.assistance.beneficiary_forms import BeneficiaryAddForm
from sunbula.assistance.forms import EntitlementReduceForm
from sunbula.assistance.models import Cycle, Entitlement
from sunbula.assistance.permissions import AssistancePerm
from sunbula.assistance.views import _cycle
from sunbula.core.access import fetch, signed_in
from sunbula.core.views import (
    VALIDATED_FORM_PARTIAL,
    form_save,
    posted,
    refused_page,
    run_step,
    save_then_show,
)


@require_http_methods(["GET", "POST"])
def beneficiary_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add one person, household or institution of the cycle's country to its list."""
    actor = signed_in(request.user)
    cycle = _cycle(request, pk, write=AssistancePerm.MANAGE_CYCLE)
    if problem := cycle.change_problem():
        return refused_page(request, problem, 409, cycle)
    form = BeneficiaryAddForm(posted(request), user=actor, cycle=cycle)
    save = save_then_show(cycle, services.beneficiary_add, actor=actor, cycle=cycle)
    return form_save(
        request,
        form,
        save,
        "assistance/beneficiary_form.html",
        {"cycle": cycle},
        success=_("The beneficiary is added to the list."),
        partial=VALIDATED_FORM_PARTIAL,
    )


@require_POST
def entitlement_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel an entitlement not yet distributed (a mistaken or withdrawn beneficiary)."""
    actor = signed_in(request.user)
    entitlement = _entitlement(request, pk)
    return run_step(
        request,
        lambda: services.entitlement_cancel(actor=actor, entitlement=entitlement),
        _("The entitlement is cancelled."),
        "assistance:entitlement_list",
        entitlement.cycle_id,
    )


def _entitlement(request: HttpRequest, pk: int) -> Entitlement:
    return fetch(
        Entitlement.objects.select_related("cycle", "commodity", "beneficiary__institution"),
        request.user,
        pk,
        perm=AssistancePerm.VIEW_ASSISTANCE,
        write=AssistancePerm.MANAGE_CYCLE,
        rule=Cycle.scope_rule.under("cycle"),
    )


@require_http_methods(["GET", "POST"])
def entitlement_reduce(request: HttpRequest, pk: int) -> HttpResponse:
    """Lower an entitlement not yet fully handed over (a ration cut when supply falls short)."""
    actor = signed_in(request.user)
    entitlement = _entitlement(request, pk)
    form = EntitlementReduceForm(posted(request), initial={"quantity": entitlement.quantity})

    def save(values: dict[str, Any]) -> Entitlement:
        return services.entitlement_reduce(
            actor=actor, entitlement=entitlement, quantity=values["quantity"]
        )

    return form_save(
        request,
        form,
        save,
        "assistance/entitlement_reduce.html",
        {"entitlement": entitlement, "cycle": entitlement.cycle},
        success=_("The entitlement is lowered."),
    )
