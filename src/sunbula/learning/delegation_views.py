"""A delegation's focal point nominates officials; the organiser reminds participants."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from sunbula.core.access import signed_in
from sunbula.core.views import form_save, posted, save_then_show
from sunbula.learning import services
from sunbula.learning.access import fetch_delegation, fetch_event
from sunbula.learning.delegation_forms import NominationForm
from sunbula.learning.permissions import LearningPerm


@require_http_methods(["GET", "POST"])
def delegate_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    """Nominate an official into the delegation, within its quota; nominees need no approval."""
    actor = signed_in(request.user)
    delegation = fetch_delegation(actor, pk)
    save = save_then_show(
        delegation.event, services.delegate_nominate, actor=actor, delegation=delegation
    )
    return form_save(
        request,
        NominationForm(posted(request), event=delegation.event),
        save,
        "learning/record_form.html",
        {
            "title": _("Nominate to the delegation of %(country)s")
            % {"country": delegation.country},
            "back": delegation.event,
        },
        success=_("The official is nominated."),
        partial="learning/_checked_form.html",
    )


@require_POST
def event_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Remind every approved participant now, each in their own language."""
    event = fetch_event(request.user, pk, write=LearningPerm.MANAGE_EVENT)
    count = services.reminders_send(actor=signed_in(request.user), event=event)
    messages.success(
        request,
        ngettext(
            "%(count)s participant is reminded.", "%(count)s participants are reminded.", count
        )
        % {"count": count},
    )
    return redirect(event)
