"""A delegation's focal point nominates officials; the organiser reminds participants."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from sunbula.core.access import signed_in
from sunbula.core.views import form_save, posted, refused_page, save_then_show
from sunbula.learning import selectors, services
from sunbula.learning.access import fetch_delegation, fetch_event, may_nominate
from sunbula.learning.delegation_forms import NominationForm
from sunbula.learning.permissions import LearningPerm


@require_http_methods(["GET", "POST"])
def delegate_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    """Nominate an official into the delegation, within its quota; nominees need no approval.
    An organiser records a nomination sent by letter or e-mail, with its reference."""
    actor = signed_in(request.user)
    delegation = fetch_delegation(actor, pk)
    if refusal := delegation.event.closed_to_nomination():
        return refused_page(request, refusal, 409, delegation.event)
    on_behalf = not may_nominate(actor, delegation)
    save = save_then_show(
        delegation.event, services.delegate_nominate, actor=actor, delegation=delegation
    )
    title = (
        _("Record a nomination received from %(country)s")
        if on_behalf
        else _("Nominate to the delegation of %(country)s")
    )
    members = list(selectors.delegation_members(user=actor, delegation=delegation))
    return form_save(
        request,
        NominationForm(posted(request), event=delegation.event, on_behalf=on_behalf),
        save,
        "learning/delegation_nominate.html",
        {
            "title": title % {"country": delegation.country},
            "back": delegation.event,
            "delegation": delegation,
            "members": members,
            "taken": selectors.places_taken(members),
        },
        success=_("The nomination is recorded; the focal point is told.")
        if on_behalf
        else _("The official is nominated."),
        partial="learning/_checked_form.html",
    )


@require_POST
def event_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Remind every approved participant now, each in their own language."""
    event = fetch_event(request.user, pk, write=LearningPerm.MANAGE_EVENT)
    try:
        count = services.reminders_send(actor=signed_in(request.user), event=event)
    except services.RegistrationRefused as refused:
        return refused_page(request, str(refused), refused.status_code, event)
    messages.success(
        request,
        ngettext(
            "%(count)s participant is reminded.", "%(count)s participants are reminded.", count
        )
        % {"count": count},
    )
    return redirect(event)
